"""MkDocs plugin: put each snippet's code, real output and figures on the pages.

A page asks for a snippet with a line of its own::

    [[ snippet: linear_regression/simple.py ]]
    [[ snippet: linear_regression/simple.py | code ]]
    [[ snippet: linear_regression/simple.py | output figure 2 ]]

The parts are ``code``, ``output``, ``figures`` (or ``figure N``, counted from 1) and
``info`` (run time, versions, downloads); without parts a page gets all of them.

This module only wires MkDocs' events to the modules that do the work, one job each:

- :mod:`doc_snippets.runner` runs the snippets (once per ``mkdocs build``, once per
  change under ``mkdocs serve``; mkdocs-static-i18n then builds each language from
  the same results);
- :mod:`doc_snippets.directives` expands a page's ``[[ ... ]]`` lines, with the
  markdown of :mod:`doc_snippets.render`;
- :mod:`doc_snippets.site_files` registers the downloads and figures;
- :mod:`doc_snippets.notebook_pages` gives every snippet a notebook page;
- :mod:`doc_snippets.report` writes the build report (run times, cache, versions);
- :mod:`doc_snippets.search` splits the search index per language;
- :mod:`doc_snippets.languages` knows the build's languages and their links;
- :mod:`doc_snippets.mathjax` serves MathJax from the site;
- :mod:`doc_snippets.figure_description` gives every figure its description (alt text);
- :mod:`doc_snippets.lang_parts` marks the other language's words with ``lang``.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from doc_snippets import glossary, lang_parts, languages, mathjax, report, site_files
from doc_snippets.figure_description import DescriptionError, Descriptions, describe_all
from doc_snippets.directives import DIRECTIVE, DirectiveError, PageContext, expand  # noqa: F401  (DIRECTIVE: tests)
from doc_snippets.notebook_pages import FOLDER as NOTEBOOK_PAGES
from doc_snippets.notebook_pages import NotebookPages, offline_notebook
from doc_snippets.runner import SnippetError, SnippetResult, SnippetRunner, versions
from doc_snippets.search import rebase_search, split_search_index

log = get_plugin_logger(__name__)


class SnippetsConfig(Config):
    snippets_dir = c.Type(str, default="snippets")
    cache_dir = c.Type(str, default=".cache/snippets")
    #: name of the figure text tables, looked for in every folder under snippets_dir
    figure_text = c.Type(str, default="figure_text.yml")
    source_language = c.Type(str, default="en")
    timeout = c.Type((int, float), default=300)
    jobs = c.Type(int, default=2)
    #: where the site serves MathJax (from the django-static-mathjax package), or ""
    mathjax = c.Type(str, default="assets/mathjax/tex-svg.js")
    #: the terms of ``[[ glossary ]]``, in every language (one file for all of them)
    glossary = c.Type(str, default="data/glossary.yml")


class SnippetsPlugin(BasePlugin[SnippetsConfig]):
    def __init__(self) -> None:
        self.runner: SnippetRunner | None = None
        self.results: dict[str, SnippetResult] = {}
        self.shown: set[str] = set()
        self.notebooks: NotebookPages | None = None
        self.descriptions: Descriptions | None = None
        #: the glossary's English terms, marked with lang="en" on Korean pages
        self.english_terms: list[str] = []

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # mkdocs-jupyter logs a line per notebook page and build ("Cache hit: ...");
        # keep its warnings, drop that chatter from the build log.
        logging.getLogger("mkdocs.plugins.mkdocs_jupyter").setLevel(logging.WARNING)
        root = Path(config.config_file_path).resolve().parent
        if self.runner is None:
            self.runner = SnippetRunner(
                root,
                snippets_dir=self.config.snippets_dir,
                cache_dir=self.config.cache_dir,
                figure_text=self.config.figure_text,
                languages=tuple(languages.languages(config)),
                source_language=self.config.source_language,
                timeout=self.config.timeout,
                jobs=self.config.jobs,
            )
        if self.descriptions is None:
            self.descriptions = Descriptions(root, self.config.snippets_dir, languages.languages(config))
        if self.notebooks is None and NotebookPages.enabled(config):
            self.notebooks = NotebookPages(self.runner.cache_dir.parent / NOTEBOOK_PAGES, languages.languages(config))
        return config

    @event_priority(-150)  # after mkdocs-static-i18n has sorted the files by language
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.runner is not None
        if languages.top_level(config):
            self.shown = set()
            for problem in languages.missing_translations(config.docs_dir, languages.languages(config)):
                log.warning(problem)
            try:
                self.results = self.runner.run_all()
            except SnippetError as exc:
                raise PluginError(f"[doc_snippets] {exc}") from None
            self._log_run()
            assert self.descriptions is not None
            try:
                self.results = describe_all(self.results, self.descriptions, self.config.source_language)
            except DescriptionError as exc:
                raise PluginError(f"[doc_snippets] {exc}") from None
            for problem in self.descriptions.unused({name.rpartition("/")[0] for name in self.results}):
                log.warning(problem)
            # the glossary's English terms get lang="en" on Korean pages (a site may have none)
            terms = Path(config.config_file_path).resolve().parent / self.config.glossary
            try:
                entries = glossary.load(terms, languages.languages(config)) if terms.is_file() else []
            except glossary.GlossaryError as exc:
                raise PluginError(f"[doc_snippets] {exc}") from None
            self.english_terms = lang_parts.english_terms(entries)
        building = languages.building(config)
        for result in self.results.values():
            site_files.add(result, files, config, languages.languages(config))
            if self.notebooks is not None:
                self.notebooks.add(result, building, files, config)
        mathjax.add(files, config, self.config.mathjax)
        return files

    def _log_run(self) -> None:
        assert self.runner is not None
        ran, cached = self.runner.last_ran, self.runner.last_cached
        total = len(self.results)
        if ran:
            details = ", ".join(f"{name} ({self.results[name].seconds:.1f} s)" for name in ran)
            log.info(f"ran {len(ran)} of {total} snippets: {details}; {total - len(ran)} unchanged")
        elif cached:
            log.info(f"no snippet ran: all {total} snippets unchanged, outputs taken from the cache")
        else:
            log.info(f"no snippet ran: all {total} snippets unchanged")

    def on_env(self, env, config: MkDocsConfig, files: Files):
        if self.notebooks is not None:
            self.notebooks.keep_cached(list(self.results.values()), config)
        return env

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        root = Path(config.config_file_path).resolve().parent
        language = getattr(page.file, "locale", None) or languages.languages(config)[0]
        context = PageContext(
            src_path=page.file.src_path,
            src_uri=page.file.src_uri,
            language=language,
            languages=languages.languages(config),
            glossary=root / self.config.glossary,
            snippets_dir=self.config.snippets_dir,
        )
        notebooks = self.notebooks
        docs = Path(config.docs_dir)
        if any(docs.glob(report.PAGE.replace(".md", ".*md"))):  # the site has a build report page
            context.report = lambda: report.render(
                self.results, language, versions(), report.pages_showing(docs, language, DIRECTIVE)
            )

        def notebook_page(result: SnippetResult) -> str | None:
            return notebooks.uri(result, language) if notebooks is not None else None

        try:
            markdown, shown = expand(markdown, context, self.results, notebook_page)
        except DirectiveError as exc:
            raise PluginError(f"[doc_snippets] {exc}") from None
        self.shown |= shown
        return markdown

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """``lang`` on the other language's words (WCAG 3.1.2, language of parts)."""
        return lang_parts.mark(html, languages.of_page(page, config), self.english_terms)

    def on_page_context(self, context, page: Page, config: MkDocsConfig, nav):
        languages.relative_alternates(config)
        return context

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        """Point Material's search on a page at its own language's index; mend notebook pages."""
        all_languages = languages.languages(config)
        language = languages.of_page(page, config)
        if language != all_languages[0] and languages.multilingual(config):
            output = rebase_search(output, language)
        output = lang_parts.translate_permalinks(lang_parts.mark_language_links(output), language)
        if self.notebooks is not None and page.file.src_uri in self.notebooks.pages:
            name, language = self.notebooks.pages[page.file.src_uri]
            alts = [figure.description.get(language) or figure.alt[language] for figure in self.results[name].figures]
            output = offline_notebook(output, alts)
        return output

    @event_priority(-200)  # after mkdocs-static-i18n built the other languages
    def on_post_build(self, config: MkDocsConfig) -> None:
        if not languages.top_level(config):
            return
        for name in sorted(set(self.results) - self.shown):
            log.warning(f"{self.config.snippets_dir}/{name} is shown on no page")
        if languages.multilingual(config):
            all_languages = languages.languages(config)
            split_search_index(Path(config.site_dir), all_languages[0], all_languages[1:])

    def on_serve(self, server, config: MkDocsConfig, builder):
        root = Path(config.config_file_path).resolve().parent
        server.watch(str(root / self.config.snippets_dir))
        server.watch(str(Path(__file__).resolve().parent))
        return server
