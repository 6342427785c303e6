"""Serve MathJax from the site itself (no CDN): the django-static-mathjax package's files.

The site uses MathJax's single-file TeX build with HTML-and-CSS output, ``tex-chtml.js``
(1.2 MB), and the web fonts it loads on demand (0.35 MB, ``output/chtml/fonts/woff-v2/``
beside it, where MathJax looks for them). The SVG-output build, ``tex-svg.js``, draws the
same glyphs of the same TeX fonts but carries them as 1.1 MB of path data in its script
(2.1 MB in all): HTML output is 0.6 MB lighter for the same formulas.
"""

from __future__ import annotations

import importlib.util
import posixpath
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

#: the web fonts of the HTML output, relative to the script (MathJax's ``fontURL``)
FONTS = "output/chtml/fonts/woff-v2"


def es5() -> Path:
    """The folder of MathJax's browser builds, as the django-static-mathjax package ships it."""
    spec = importlib.util.find_spec("mathjax")
    if spec is None or not spec.submodule_search_locations:
        raise PluginError("[doc_snippets] MathJax not found: install django-static-mathjax (see pyproject.toml)")
    return Path(next(iter(spec.submodule_search_locations))) / "static" / "mathjax" / "es5"


def script(name: str = "tex-chtml.js") -> Path:
    """MathJax's single-file build ``name`` (``tex-chtml.js``, ``tex-svg.js``...)."""
    path = es5() / name
    if not path.is_file():
        raise PluginError(f"[doc_snippets] MathJax has no {name} (the snippets plugin's mathjax option names it)")
    return path


def add(files: Files, config: MkDocsConfig, uri: str) -> None:
    """Serve the script at ``uri`` (what mkdocs.yml's ``extra_javascript`` names).

    A build with HTML output (``*chtml*.js``) also gets its fonts, beside it.
    """
    if not uri or files.get_file_from_path(uri) is not None:
        return
    source = script(posixpath.basename(uri))
    files.append(File.generated(config, uri, abs_src_path=str(source)))
    if "chtml" in source.name:
        folder = posixpath.join(posixpath.dirname(uri), FONTS)
        for font in sorted((es5() / FONTS).glob("*.woff")):
            if files.get_file_from_path(f"{folder}/{font.name}") is None:
                files.append(File.generated(config, f"{folder}/{font.name}", abs_src_path=str(font)))
