"""Code blocks highlighted once: pymdownx.superfences' own highlighting, kept between builds.

Pygments highlighting the site's code blocks took 0.25 s of every build in each language,
for blocks that seldom change. :func:`install` makes superfences' default fence (``*``)
go through :func:`fence`, which asks superfences' own highlighter (the one it would have
called) only for a block it has not highlighted before: the result is kept in the build's
memo (:mod:`doc_snippets.memo`), keyed by the block's text, language, options, classes,
id and attributes, its number on the page (which line anchors use), the highlighter's
settings and the versions of pymdown-extensions, Pygments and Markdown.

A site that gives superfences its own ``*`` fence keeps it: nothing is installed then.
"""

from __future__ import annotations

import functools
import json
from importlib import metadata
from typing import Any

from mkdocs.config.defaults import MkDocsConfig

#: what superfences' highlighter reads from its preprocessor besides the block
SETTINGS = (
    "css_class",
    "guess_lang",
    "pygments_style",
    "use_pygments",
    "noclasses",
    "linenums",
    "linenums_style",
    "linenums_special",
    "linenums_class",
    "extend_pygments_lang",
    "language_prefix",
    "code_attr_on_pre",
    "auto_title",
    "auto_title_map",
    "line_spans",
    "line_anchors",
    "anchor_linenums",
    "pygments_lang_class",
    "stripnl",
    "default_lang",
    "title_mode",
)


@functools.lru_cache(maxsize=1)
def _versions() -> list[str]:
    return [metadata.version(name) for name in ("pymdown-extensions", "Pygments", "Markdown")]


def fence(src: str, language: str, class_name: str, options: dict, md: Any, memo=None, **kwargs: Any) -> str:
    """superfences' default highlighting of a fenced block, from ``memo`` when it was done before."""
    fenced = md.preprocessors["fenced_code_block"]
    ext = getattr(fenced, "highlight_ext", None)
    count = getattr(ext, "pygments_code_block", None)
    if memo is None or not isinstance(count, int):
        return fenced.highlight(src=src, language=language, options=options, md=md, **kwargs)

    def highlighted(*key: Any) -> str:
        return fenced.highlight(src=src, language=language, options=options, md=md, **kwargs)

    highlighted.__qualname__ = "highlighted"  # the memo's file names: no "<locals>"

    settings = json.dumps({name: getattr(fenced, name, None) for name in SETTINGS}, sort_keys=True, default=str)
    extra = json.dumps(kwargs, sort_keys=True, default=str)
    html = memo(highlighted, src, language, json.dumps(options, sort_keys=True, default=str), extra, count + 1, settings, _versions())
    if ext.pygments_code_block == count:  # kept: count the block as the highlighter would have
        ext.pygments_code_block = count + 1
    return html


def install(config: MkDocsConfig, memo) -> bool:
    """Route superfences' default fence through :func:`fence`; False if the site has no
    superfences or a ``*`` fence of its own."""
    if "pymdownx.superfences" not in config.markdown_extensions:
        return False
    from pymdownx.superfences import highlight_validator

    options = config.mdx_configs.setdefault("pymdownx.superfences", {})
    fences = list(options.get("custom_fences") or [])
    ours = [f for f in fences if getattr(f.get("format"), "func", None) is fence]
    if any(f.get("name") == "*" for f in fences if f not in ours):
        return False
    fences = [f for f in fences if f not in ours]
    fences.append({"name": "*", "class": "", "format": functools.partial(fence, memo=memo), "validator": highlight_validator})
    options["custom_fences"] = fences
    return True
