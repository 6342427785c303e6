"""Leave out the theme files this site never loads.

Material ships source maps of its scripts and styles (for its own debugging; a browser
fetches them only with its developer tools open) and lunr support for some thirty
languages, with segmenters for Japanese, Thai and Hindi (``wordcut.js`` alone is 680 kB).
The search worker loads ``lunr.stemmer.support`` and ``lunr.<lang>`` only for the
languages of the site's search indexes (none for English; ``lunr.multi`` only for an index
of several languages), so the rest are dropped from the build: a third of the site's
weight once the notebook pages share their stylesheet.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

LUNR_DIR = "assets/javascripts/lunr/"


def unused(src_uri: str, languages: list[str]) -> bool:
    """True for a theme file the built site never requests."""
    if src_uri.endswith(".map") and src_uri.startswith("assets/"):
        return True
    if not src_uri.startswith(LUNR_DIR):
        return False
    name = posixpath.basename(src_uri)
    keep = {"lunr.stemmer.support.min.js", "lunr.multi.min.js"}
    keep |= {f"lunr.{lang}.min.js" for lang in languages if lang != "en"}
    if "ja" in languages:
        keep.add("tinyseg.js")
    if {"hi", "th"} & set(languages):
        keep.add("wordcut.js")
    return name not in keep


def prune(files: Files, config: MkDocsConfig, languages: list[str]) -> list[str]:
    """Remove the theme's unused files from ``files``; their src_uris."""
    theme_dirs = {str(Path(d).resolve()) for d in config.theme.dirs}
    removed = [
        file
        for file in files
        if file.src_dir and str(Path(file.src_dir).resolve()) in theme_dirs and unused(file.src_uri, languages)
    ]
    for file in removed:
        files.remove(file)
    return [file.src_uri for file in removed]
