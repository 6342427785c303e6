"""Serve MathJax from the site itself (no CDN): the django-static-mathjax package's file."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files


def script() -> Path:
    """MathJax's single-file TeX-to-SVG build, as the django-static-mathjax package ships it."""
    spec = importlib.util.find_spec("mathjax")
    if spec is None or not spec.submodule_search_locations:
        raise PluginError("[doc_snippets] MathJax not found: install django-static-mathjax (see pyproject.toml)")
    return Path(next(iter(spec.submodule_search_locations))) / "static" / "mathjax" / "es5" / "tex-svg.js"


def add(files: Files, config: MkDocsConfig, uri: str) -> None:
    """Serve the script at ``uri`` (what mkdocs.yml's ``extra_javascript`` names)."""
    if uri and files.get_file_from_path(uri) is None:
        files.append(File.generated(config, uri, abs_src_path=str(script())))
