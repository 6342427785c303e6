"""Each snippet as a notebook page, rendered by mkdocs-jupyter from the build's own run.

The notebooks (code, output and figures, in the page's language) are written to real
files under ``.cache/notebook-pages/`` (mkdocs-jupyter's file wrapper loses the
source of in-memory files) at ``<language prefix>snippet-output/<key>/<name>-notebook.ipynb``,
the pattern mkdocs.yml's mkdocs-jupyter ``include`` names. Nothing is executed again.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from doc_snippets import notebook
from doc_snippets.render import OUTPUT_DIR, stem
from doc_snippets.runner import SnippetResult

#: folder beside the snippet cache holding the notebooks mkdocs-jupyter renders as pages
FOLDER = "notebook-pages"


class NotebookPages:
    def __init__(self, folder: Path, languages: list[str]):
        self.folder = folder
        self.languages = languages
        #: page src_uri -> (snippet name, language)
        self.pages: dict[str, tuple[str, str]] = {}

    @staticmethod
    def enabled(config: MkDocsConfig) -> bool:
        return config.plugins.get("mkdocs-jupyter") is not None

    def uri(self, result: SnippetResult, language: str) -> str:
        """src_uri of the snippet's notebook page in ``language``."""
        prefix = "" if language == self.languages[0] else f"{language}/"
        return f"{prefix}{OUTPUT_DIR}/{result.key}/{stem(result)}-notebook.ipynb"

    def write(self, result: SnippetResult, language: str) -> Path:
        source = self.folder / self.uri(result, language)
        text = notebook.build(result, language, title=True)
        if not source.is_file() or source.read_text(encoding="utf-8") != text:
            source.parent.mkdir(parents=True, exist_ok=True)
            source.write_text(text, encoding="utf-8")
        return source

    def add(self, result: SnippetResult, language: str, files: Files, config: MkDocsConfig) -> None:
        """Register the page of ``result`` in the language being built."""
        from mkdocs_jupyter.plugin import NotebookFile

        page_uri = self.uri(result, language)
        source = self.write(result, language)
        page_file = File(page_uri, str(self.folder), config.site_dir, config.use_directory_urls)
        assert page_file.abs_src_path == str(source)
        self.pages[page_uri] = (result.name, language)
        if files.get_file_from_path(page_uri) is None:
            files.append(NotebookFile(page_file, **config))

    def keep_cached(self, results: list[SnippetResult], config: MkDocsConfig) -> None:
        """Keep mkdocs-jupyter's cache of every language's notebook pages.

        It evicts the cache entries a build did not use, and mkdocs-static-i18n runs
        one build per language, so each language's build would evict the others'
        pages and every build would render them all again. Mark them all as used.
        """
        jupyter = config.plugins.get("mkdocs-jupyter")
        if jupyter is None or not jupyter.config.get("cache"):
            return
        from mkdocs_jupyter.plugin import _compute_cache_key, _get_cache_path

        used = getattr(jupyter, "_used_cache_paths", None)
        if used is None:
            return
        for result in results:
            for language in self.languages:
                source = self.write(result, language)
                key = _compute_cache_key(str(source), jupyter.config, jupyter.config["execute"])
                used.add(_get_cache_path(jupyter.config["cache_dir"], key))


NBCONVERT_CDN_SCRIPT = re.compile(r'<script type="module">(?:(?!</script>).)*?https://cdn(?:(?!</script>).)*</script>', re.S)
EMPTY_SCRIPT = re.compile(r'<script src="">\s*</script>')
NBCONVERT_NO_ALT = 'alt="No description has been provided for this image"'
#: nbconvert's code cell block (its text outputs already have a tabindex)
SCROLLING_BLOCK = re.compile(r'(<div class="highlight-ipynb[^"]*")(?![^>]*tabindex)')


def offline_notebook(html: str, alts: list[str]) -> str:
    """Mend nbconvert's HTML of a notebook page.

    Drop what its template would fetch from a CDN: the mermaid loader (imported from
    cdnjs when a notebook has mermaid diagrams, which ours never have) and an empty
    MathJax ``<script src="">`` (the page uses the site's own MathJax). Let the keyboard
    reach the scrolling code and output blocks. Give the figures their alt text (their
    descriptions) in the page's language, in order, where nbconvert wrote its English
    placeholder.
    """
    html = EMPTY_SCRIPT.sub("", NBCONVERT_CDN_SCRIPT.sub("", html))
    # Code blocks scroll sideways: a keyboard must be able to reach them
    # to scroll (WCAG 2.1.1), as Material does for its own code blocks.
    html = SCROLLING_BLOCK.sub(r'\1 tabindex="0"', html)
    for alt in alts:
        html = html.replace(NBCONVERT_NO_ALT, f'alt="{escape(alt, quote=True)}"', 1)
    return html
