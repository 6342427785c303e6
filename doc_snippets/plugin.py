"""MkDocs plugin: put each snippet's code, real output and figures on the pages.

A page asks for a snippet with a line of its own::

    [[ snippet: linear_regression/simple.py ]]
    [[ snippet: linear_regression/simple.py | code ]]
    [[ snippet: linear_regression/simple.py | output figure 2 ]]

The parts are ``code``, ``output``, ``figures`` (or ``figure N``, counted from 1) and
``info`` (run time, versions, downloads); without parts a page gets all of them.

This module only wires MkDocs' events to the modules that do the work, one job each:

- :mod:`doc_snippets.catalog` gives each language its comments and docstrings
  (:mod:`doc_snippets.code_text` rewrites them in the source) and figure texts;
- :mod:`doc_snippets.runner` runs the snippets (once per ``mkdocs build``, once per
  change under ``mkdocs serve``; mkdocs-static-i18n then builds each language from
  the same results);
- :mod:`doc_snippets.directives` expands a page's ``[[ ... ]]`` lines, with the
  markdown of :mod:`doc_snippets.render`;
- :mod:`doc_snippets.site_files` registers the downloads and figures;
- :mod:`doc_snippets.notebook_pages` gives every snippet a notebook page;
- :mod:`doc_snippets.report` writes the build report (run times, cache, versions);
- :mod:`doc_snippets.search` splits the search index per language;
- :mod:`doc_snippets.search_entries` keeps Material's search entries of a page between builds;
- :mod:`doc_snippets.highlight` keeps superfences' highlighting of a code block between builds;
- :mod:`doc_snippets.korean_search` prepares the Korean index with a morphological analyzer;
- :mod:`doc_snippets.languages` knows the build's languages and their links;
- :mod:`doc_snippets.parallel_languages` builds the other languages in a forked process,
  beside the first;
- :mod:`doc_snippets.mathjax` serves MathJax from the site;
- :mod:`doc_snippets.theme_assets` leaves out the theme files the site never loads;
- :mod:`doc_snippets.html_space` drops the indentation between tags in every page;
- :mod:`doc_snippets.figure_description` gives every figure its description (alt text);
- :mod:`doc_snippets.lang_parts` marks the other language's words with ``lang``.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import posixpath
import threading
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from doc_snippets import (
    catalog,
    glossary,
    highlight,
    html_space,
    korean_search,
    lang_parts,
    languages,
    mathjax,
    parallel_languages,
    report,
    search_entries,
    site_files,
    theme_assets,
    theme_templates,
)
from doc_snippets.directives import DIRECTIVE, GLOSSARY, DirectiveError, PageContext, expand  # noqa: F401  (DIRECTIVE: tests)
from doc_snippets.figure_description import DescriptionError, Descriptions, describe_all
from doc_snippets.memo import Memo
from doc_snippets.notebook_pages import FOLDER as NOTEBOOK_PAGES
from doc_snippets.notebook_pages import RENDERED as NOTEBOOK_HTML
from doc_snippets.notebook_pages import (
    NotebookPages,
    link_figures,
    offline_notebook,
    purge_stylesheets,
    share_scripts,
    share_styles,
    start_worker_process,
)
from doc_snippets.render import figure_file
from doc_snippets.runner import SnippetError, SnippetResult, SnippetRunner, parse_memory, versions
from doc_snippets.search import language_index, rebase_search, split_search_index

log = get_plugin_logger(__name__)

#: folder beside the snippet cache holding the Korean search analysis (one entry)
KOREAN_SEARCH_CACHE = "korean-search"
#: folder beside the snippet cache holding results of the per-page text work (doc_snippets.memo)
MEMO_CACHE = "memo"
#: folder beside the snippet cache holding the theme's compiled templates
JINJA_CACHE = "jinja"


class SnippetsConfig(Config):
    snippets_dir = c.Type(str, default="snippets")
    cache_dir = c.Type(str, default=".cache/snippets")
    #: the language of the snippets' comments, docstrings and figure texts; the others
    #: come from ``<snippets_dir>/<topic>/<language>.po`` (see doc_snippets.catalog)
    source_language = c.Type(str, default="en")
    timeout = c.Type((int, float), default=300)
    jobs = c.Type(int, default=2)
    #: cap on each snippet's data memory ("512 MiB", "4 GiB"; 0 for none)
    memory_limit = c.Type((str, int), default="4 GiB")
    #: run snippets in children forked from one warm interpreter (where the platform can)
    fork = c.Type(bool, default=True)
    #: where the site serves MathJax (from the django-static-mathjax package), or ""
    mathjax = c.Type(str, default="assets/mathjax/tex-chtml.js")
    #: the terms of ``[[ glossary ]]``, in every language (one file for all of them)
    glossary = c.Type(str, default="data/glossary.yml")
    #: give every snippet a notebook page, rendered by mkdocs-jupyter (doc_snippets.notebook_pages)
    notebook_pages = c.Type(bool, default=False)
    #: ``mkdocs build``: build the other languages in a forked process, beside the first
    #: (doc_snippets.parallel_languages; where the platform can fork)
    parallel_languages = c.Type(bool, default=True)


class SnippetsPlugin(BasePlugin[SnippetsConfig]):
    def __init__(self) -> None:
        self.runner: SnippetRunner | None = None
        self.results: dict[str, SnippetResult] = {}
        self.shown: set[str] = set()
        self.notebooks: NotebookPages | None = None
        self.site_root: Path | None = None
        #: language -> url of the page that shows the glossary table (and so every alias)
        self.glossary_pages: dict[str, str] = {}
        self.descriptions: Descriptions | None = None
        #: the glossary's English terms, marked with lang="en" on Korean pages
        self.english_terms: list[str] = []
        #: per-page work kept between builds by its inputs' hash
        self.memo: Memo | None = None
        #: Korean search entries not yet given to the analyzer, and whether any was made
        #: in this build rather than kept (search_entries_made)
        self._korean_entries: list[dict] = []
        self._korean_entries_new = False
        #: what on_config made the runner, memo, descriptions and notebook pages from
        self._settings: tuple | None = None
        #: the MkDocs command (on_startup): only `mkdocs build` builds languages side by side
        self.command: str | None = None
        self.dirty = False
        #: set once `mkdocs serve` serves (on_serve): its rebuilds run beside the server's threads
        self.serving = False
        #: the other languages' builds in forked processes, once started
        self.side_by_side: parallel_languages.SideBySide | None = None
        #: fork them as soon as no notebook page is being rendered by a worker
        self.fork_pending = False
        #: the memo's counts when the other languages were forked (a child reports its own)
        self._memo_counts_at_fork = (0, 0)
        #: language -> its 404.html: each language's build writes one at the site's root
        self.not_found: dict[str, str] = {}

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command, self.dirty = command, dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # mkdocs-jupyter logs lines per notebook page it renders ("Cache miss, writing: ...",
        # "Converting notebook (execute=False): <path in the cache>"), under two loggers;
        # keep its warnings, drop that chatter from the build log.
        for name in ("mkdocs.plugins.mkdocs_jupyter", "mkdocs.mkdocs-jupyter"):
            logging.getLogger(name).setLevel(logging.WARNING)
        root = Path(config.config_file_path).resolve().parent
        try:
            memory_limit = parse_memory(self.config.memory_limit)
        except ValueError as exc:
            raise PluginError(f"[doc_snippets] mkdocs.yml: snippets: memory_limit: {exc}") from None
        # MkDocs keeps this plugin between the builds of one process (``mkdocs serve``, a
        # script building several sites): what the configuration made is made again when
        # the configuration changed, and kept (the fork server warm) when it did not.
        settings = (
            root,
            self.config.snippets_dir,
            self.config.cache_dir,
            tuple(languages.languages(config)),
            self.config.source_language,
            self.config.timeout,
            self.config.jobs,
            memory_limit,
            self.config.fork,
            self.config.notebook_pages,
        )
        if self.runner is None or settings != self._settings:
            if self.runner is not None:
                self.runner.close()
            if self.notebooks is not None:
                self.notebooks.close(cancel=True)
            self._settings = settings
            self.runner = SnippetRunner(
                root,
                snippets_dir=self.config.snippets_dir,
                cache_dir=self.config.cache_dir,
                languages=tuple(languages.languages(config)),
                source_language=self.config.source_language,
                timeout=self.config.timeout,
                jobs=self.config.jobs,
                memory_limit=memory_limit,
                fork=self.config.fork,
            )
            self.results = {}
            self.memo = Memo(self.runner.cache_dir.parent / MEMO_CACHE)
            self.runner.catalogs.memo = self.memo
            self.descriptions = Descriptions(root, self.config.snippets_dir, languages.languages(config))
            self.notebooks = None
            if self.config.notebook_pages:
                cache = self.runner.cache_dir.parent
                self.notebooks = NotebookPages(cache / NOTEBOOK_PAGES, cache / NOTEBOOK_HTML, languages.languages(config), css_memo=self.memo.folder)
        highlight.install(config, self.memo)  # code blocks highlighted once, kept in the memo
        if languages.top_level(config):
            try:  # torch imported from here on, while MkDocs reads the pages (on_files starts it otherwise)
                self.runner.start()
            except (SnippetError, catalog.CatalogError):
                pass  # on_files reports it
        return config

    @event_priority(-150)  # after mkdocs-static-i18n has sorted the files by language
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.runner is not None
        if languages.top_level(config):
            if KoreanSearchEarly.NAME not in config.plugins:
                config.plugins[KoreanSearchEarly.NAME] = KoreanSearchEarly(self)
            if search_entries.KeptSearchEntries.NAME not in config.plugins:
                config.plugins[search_entries.KeptSearchEntries.NAME] = search_entries.KeptSearchEntries(self)
            self.site_root = Path(config.site_dir)  # the other languages build into folders of it
            self.shown = set()
            self.not_found = {}
            self._korean_entries, self._korean_entries_new = [], False  # search_entries_made
            if self.notebooks is not None:
                self.notebooks.used.clear()
                self.notebooks.given = 0
            for problem in languages.missing_translations(config.docs_dir, languages.languages(config)):
                log.warning(problem)
            if self._korean_search_wanted(config):
                korean_search.warm_up_in_background()  # ready when the pages are
            compiling = None
            try:
                to_run = self.runner.start()  # torch is imported while the sources are translated
                if to_run:  # the theme's templates compiled while the snippets run
                    env = config.theme.get_env()
                    env.bytecode_cache = self._jinja_cache()
                    compiling = theme_templates.compile_ahead(env, ["main.html", *config.theme.static_templates])
                shown = self._shown_sources(config)
                early = self._notebook_pages_as_snippets_finish(config, shown, len(to_run))
                self.results = self.runner.run_all(on_result=early)
                if not self.serving and self.command in ("build", "gh-deploy"):
                    self.runner.let_server_end()  # no snippet runs again in this build
            except (SnippetError, catalog.CatalogError) as exc:
                raise PluginError(f"[doc_snippets] {exc}") from None
            finally:
                if compiling is not None:
                    compiling.join()
            self._log_run()
            self._attach_shown_sources(shown)
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
        if self.notebooks is not None and languages.top_level(config):
            # every language's notebook pages, in parallel, while the chapter pages render
            self.notebooks.render_missing(list(self.results.values()), self.config.jobs)
            if self.notebooks.given:  # here, or as their snippets finished
                log.info(f"notebook pages: {self.notebooks.given} rendered by mkdocs-jupyter in {self.config.jobs} worker processes")
        if languages.top_level(config) and self.config.parallel_languages:
            command = "serve" if self.serving else self.command
            self.fork_pending = parallel_languages.why_not(config, command, self.dirty) is None
        mathjax.add(files, config, self.config.mathjax)
        theme_assets.prune(files, config, languages.languages(config))
        return files

    @event_priority(-150)  # after mkdocs-static-i18n's
    def on_nav(self, nav, config: MkDocsConfig, files: Files):
        self._fork_when_ready(config)
        return nav

    def _fork_when_ready(self, config: MkDocsConfig) -> None:
        """Start the other languages' builds (doc_snippets.parallel_languages) once this
        language's navigation is made (the sitemap the last language writes lists this
        language's pages), and the notebook pages' workers are done (a forked build
        cannot wait for their futures)."""
        if not self.fork_pending or (self.notebooks is not None and not self.notebooks.rendering_done()):
            return
        self.fork_pending = False
        assert self.memo is not None
        self._memo_counts_at_fork = (self.memo.hits, self.memo.misses)
        self.side_by_side = parallel_languages.SideBySide(
            config, self._language_state, self._merge_language_state, self._in_forked_build
        )
        self.side_by_side.start()

    def _in_forked_build(self) -> None:
        if self.notebooks is not None:
            self.notebooks.forget_workers()

    def _language_state(self) -> dict:
        """What a language's build records that the end of the build uses."""
        assert self.memo is not None
        hits, misses = self._memo_counts_at_fork
        state = {
            "shown": self.shown,
            "glossary_pages": self.glossary_pages,
            "memo": (self.memo.used, self.memo.hits - hits, self.memo.misses - misses),
        }
        if self.notebooks is not None:
            state["notebooks"] = (self.notebooks.pages, self.notebooks.used)
        state["not_found"] = self.not_found
        return state

    def _merge_language_state(self, state: dict) -> None:
        assert self.memo is not None
        self.shown |= state["shown"]
        self.glossary_pages.update(state["glossary_pages"])
        used, hits, misses = state["memo"]
        self.memo.used |= used
        self.memo.hits += hits
        self.memo.misses += misses
        if self.notebooks is not None and "notebooks" in state:
            pages, used = state["notebooks"]
            self.notebooks.pages.update(pages)
            self.notebooks.used |= used
        self.not_found.update(state["not_found"])

    def _close_side_by_side(self) -> None:
        self.fork_pending = False
        side_by_side, self.side_by_side = self.side_by_side, None
        if side_by_side is not None:
            side_by_side.close()

    def _notebook_pages_as_snippets_finish(
        self, config: MkDocsConfig, shown: dict[str, dict[str, str]], to_run: int
    ) -> Callable[[str, SnippetResult], None] | None:
        """When many snippets run (a cold build), what gives each one's notebook pages to
        the workers as soon as it finishes, instead of all of them after the last.

        The workers then take the core the last snippets leave idle (one snippet still
        running, the other core waiting), and the process they come from imports nbconvert
        while the first snippets wait for torch's. The pages are made as after the run
        (the snippet's shown sources and figure descriptions attached); anything wrong
        with them is left to that step, which reports it. None when few snippets run:
        their pages are rendered after the run, or in the build (render_missing).
        """
        notebooks, jobs = self.notebooks, self.config.jobs
        if notebooks is None or not languages.top_level(config) or jobs < 2:
            return None
        if to_run * len(languages.languages(config)) < 2 * jobs:
            return None
        try:
            start_worker_process()
        except Exception as exc:  # noqa: BLE001: the workers start later, or the pages render in the build
            log.debug(f"the notebook workers' process did not start early: {exc!r}")
        lock = threading.Lock()
        finished: list[SnippetResult] = []

        def render_early(name: str, result: SnippetResult) -> None:
            with lock:
                try:
                    one = dataclasses.replace(result, sources=shown[name])
                    assert self.descriptions is not None
                    finished.append(describe_all({name: one}, self.descriptions, self.config.source_language)[name])
                    notebooks.render_missing(finished, jobs)
                    if notebooks.workers_started:
                        finished.clear()
                except Exception as exc:  # noqa: BLE001: reported by the same steps after the run
                    log.debug(f"notebook pages of {name} left until after the run: {exc!r}")

        return render_early

    def _shown_sources(self, config: MkDocsConfig) -> dict[str, dict[str, str]]:
        """Every snippet in every language; a text without translation stops the build here."""
        assert self.runner is not None
        sources = {name: self.runner.path(name).read_text(encoding="utf-8") for name in self.runner.discover()}
        return catalog.shown_sources(self.runner.catalogs, sources, languages.languages(config))

    def _attach_shown_sources(self, shown: dict[str, dict[str, str]]) -> None:
        """Give each result its per-language source; report unused entries and re-translations."""
        assert self.runner is not None
        self.results = {
            name: dataclasses.replace(result, sources=shown[name]) if name in shown else result
            for name, result in self.results.items()
        }
        used = {name: None if r.figure_texts is None else set(r.figure_texts) for name, r in self.results.items()}
        sources = {name: result.source for name, result in self.results.items()}
        for problem in self.runner.catalogs.unused(sources, used):
            log.warning(problem)
        record = catalog.ShownRecord(self.runner.cache_dir.parent / "shown-sources.json")
        changed = record.update(shown, self.runner.last_ran)
        if changed:
            log.info(
                f"translated comments changed, pages re-rendered without running the snippet: {', '.join(changed)}"
            )

    def _log_run(self) -> None:
        assert self.runner is not None
        ran, cached = self.runner.last_ran, self.runner.last_cached
        total = len(self.results)
        for name, reason in self.runner.discarded:
            # survived, so not a WARNING (which --strict would turn into a failed build)
            log.info(f"damaged cache entry of {self.config.snippets_dir}/{name} discarded ({reason}); ran it again")
        if ran and self.runner.execution != "fork":
            log.info(f"snippets ran in {self.runner.execution}: torch imported once per snippet")
        if ran:
            details = ", ".join(f"{name} ({self.results[name].seconds:.1f} s)" for name in ran)
            log.info(f"ran {len(ran)} of {total} snippets: {details}; {total - len(ran)} unchanged")
        elif cached:
            log.info(f"no snippet ran: all {total} snippets unchanged, outputs taken from the cache")
        else:
            log.info(f"no snippet ran: all {total} snippets unchanged")

    def on_env(self, env, config: MkDocsConfig, files: Files):
        # The theme's templates compiled once, not in every build of every language:
        # Jinja keeps each template's code under its name and reuses it while the
        # template's source checksum is the same.
        if env.bytecode_cache is None and self.runner is not None:
            env.bytecode_cache = self._jinja_cache()
        return env

    def _jinja_cache(self) -> jinja2.FileSystemBytecodeCache:
        assert self.runner is not None
        folder = self.runner.cache_dir.parent / JINJA_CACHE
        folder.mkdir(parents=True, exist_ok=True)
        return jinja2.FileSystemBytecodeCache(str(folder))

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        self._fork_when_ready(config)
        if self.notebooks is not None and page.file.src_uri in self.notebooks.pages:
            # A notebook page repeats its chapter's snippet: keep it out of search, before
            # Material's search plugin parses its ~600 kB of HTML (on_page_context).
            page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
            self.notebooks.prepare(page)  # its HTML comes from mkdocs-jupyter (a worker may be rendering it)
            return markdown
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

        if any(GLOSSARY.match(line) for line in markdown.splitlines()):
            self.glossary_pages[language] = page.url
        try:
            markdown, shown = expand(markdown, context, self.results, notebook_page)
        except DirectiveError as exc:
            raise PluginError(f"[doc_snippets] {exc}") from None
        self.shown |= shown
        return markdown

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Mend a notebook page's HTML; ``lang`` on the other language's words (WCAG 3.1.2)."""
        assert self.memo is not None
        if self.notebooks is not None and page.file.src_uri in self.notebooks.pages:
            # before anything else reads it: 600 kB of CSS and base64 figures become links
            html = self._mend_notebook(html, page)
        return self.memo(lang_parts.mark, html, languages.of_page(page, config), self.english_terms)

    def _mend_notebook(self, html: str, page: Page) -> str:
        """nbconvert's HTML of a notebook page, offline, with one shared stylesheet and the site's figures."""
        assert self.notebooks is not None
        name, language = self.notebooks.pages[page.file.src_uri]
        result = self.results[name]
        alts = [figure.description.get(language) or figure.alt[language] for figure in result.figures]
        root = self.site_root
        dest = Path(page.file.abs_dest_path) if root is not None and page.file.abs_dest_path else None
        if root is not None and dest is not None:
            # first: the regular expressions below then search 40 kB, not 650 kB (0.4 -> 0.24 s a build)
            html = share_styles(html, root, dest, self.notebooks.rendered)
        html = offline_notebook(html, alts)
        if root is not None and dest is not None:
            html = share_scripts(html, root, dest)
            html = link_figures(
                html,
                [figure.files[language] for figure in result.figures],
                [root / figure_file(result, i, language) for i in range(len(result.figures))],
                dest,
            )
        return html

    def on_page_context(self, context, page: Page, config: MkDocsConfig, nav):
        search_entries.restore(page)  # Material's search step (just before) skipped a page whose entries were kept
        languages.relative_alternates(config)
        return context

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        """Point Material's search on a page at its own language's index; pair notebook pages."""
        self._fork_when_ready(config)
        all_languages = languages.languages(config)
        language = languages.of_page(page, config)
        if language != all_languages[0] and languages.multilingual(config):
            output = rebase_search(output, language)
        if self.site_root is not None and page.file.abs_dest_path and languages.multilingual(config):
            to_root = posixpath.relpath(self.site_root.as_posix(), Path(page.file.abs_dest_path).parent.as_posix())
            to_root = "" if to_root == "." else to_root + "/"
            output = languages.alternates_at_roots(output, to_root, all_languages)
            if self.notebooks is not None and page.file.src_uri in self.notebooks.pages:
                # mkdocs-static-i18n does not pair notebook pages: lead to the other language's
                own = languages.root(language, all_languages)
                path = Path(page.file.abs_dest_path).parent.relative_to(self.site_root).as_posix() + "/"
                path = path[len(own) :] if own and path.startswith(own) else path
                output = languages.selector_to(
                    output, {lang: to_root + languages.root(lang, all_languages) + path for lang in all_languages}
                )
        output = lang_parts.translate_permalinks(lang_parts.mark_language_links(output), language)
        return html_space.collapse(output)

    def on_post_template(self, output: str, template_name: str, config: MkDocsConfig) -> str:
        """404.html: its alternate links at the language roots too (absolute: it is served anywhere).

        Every HTML template (404.html), as every page, without the indentation between tags.
        """
        if template_name == "404.html" and languages.multilingual(config):
            all_languages = languages.languages(config)
            base = urlsplit(config.site_url or "").path or "/"
            base = base if base.endswith("/") else base + "/"
            output = languages.alternates_at_roots(output, base, all_languages)
            # its language selector held the last page's links: lead to each language's home
            output = languages.selector_to(output, {lang: base + languages.root(lang, all_languages) for lang in all_languages})
            language = languages.building(config)
            output = html_space.collapse(languages.not_found_in(output, language))
            self.not_found[language] = output
            return output
        return html_space.collapse(output) if template_name.endswith(".html") else output

    @event_priority(-200)  # after mkdocs-static-i18n built the other languages
    def on_post_build(self, config: MkDocsConfig) -> None:
        if not languages.top_level(config):
            return
        self._close_side_by_side()
        self._write_not_found_pages(config)
        if self.notebooks is not None:
            self.notebooks.close()  # pages no build rendered: their entries are still written
            self.notebooks.prune()
        for name in sorted(set(self.results) - self.shown):
            log.warning(f"{self.config.snippets_dir}/{name} is shown on no page")
        if languages.multilingual(config):
            all_languages = languages.languages(config)
            split_search_index(Path(config.site_dir), all_languages[0], all_languages[1:])
        if self.notebooks is not None and self.site_root is not None:
            # before the Korean search table is waited for: its analysis, started after the
            # Korean pages (KoreanSearchEarly), runs in its own process meanwhile
            pages = [self.site_root / uri for uri in self._notebook_html()]
            before, after = purge_stylesheets(self.site_root, [p for p in pages if p.is_file()], self.memo)
            if before:
                log.info(f"notebook pages: one shared stylesheet, {before / 1000:.0f} kB cut to the {after / 1000:.0f} kB their classes use")
        self._prepare_korean_search(config)
        assert self.runner is not None and self.memo is not None
        log.debug(f"page work kept between builds: {self.memo.hits} reused, {self.memo.misses} done again")
        self.memo.prune()
        removed = self.runner.prune()
        if removed:
            log.info(f"removed {len(removed)} cache entries no snippet uses any more")

    def _write_not_found_pages(self, config: MkDocsConfig) -> None:
        """Each language's 404.html under its own root: the site's root keeps the first
        language's (the one a server shows for any missing address), which the other
        languages' builds had written over; ``en/404.html`` is the English one."""
        all_languages = languages.languages(config)
        if not languages.multilingual(config):
            return
        for language, text in self.not_found.items():
            if language in all_languages:
                target = Path(config.site_dir) / languages.root(language, all_languages) / "404.html"
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(text.encode("utf-8"))  # as MkDocs writes it
        self.not_found = {}

    def _notebook_html(self) -> list[str]:
        """The notebook pages' HTML files, relative to the site root."""
        assert self.notebooks is not None
        return [uri[: -len(".ipynb")] + "/index.html" for uri in self.notebooks.pages]

    @staticmethod
    def _korean_search_wanted(config: MkDocsConfig) -> bool:
        return "ko" in languages.languages(config) and config.plugins.get("material/search") is not None

    def _glossary_entries(self, config: MkDocsConfig) -> list[dict]:
        path = Path(config.config_file_path).resolve().parent / self.config.glossary
        return glossary.load(path, languages.languages(config)) if path.is_file() else []

    def _start_korean_search(self, config: MkDocsConfig) -> None:
        """Start the Korean index's analysis in the analyzer's process as soon as the index
        is written, so that it runs while mkdocs-static-i18n builds the other languages
        (:class:`KoreanSearchEarly`); :meth:`_prepare_korean_search` takes it if the
        index is still the same text then."""
        all_languages = languages.languages(config)
        if not languages.top_level(config) or not self._korean_search_wanted(config) or all_languages[0] != "ko":
            return
        shared = Path(config.site_dir) / "search" / "search_index.json"
        try:
            text = shared.read_text(encoding="utf-8")
            if languages.multilingual(config):  # what split_search_index will write
                text = language_index(json.loads(text), "ko", "ko", all_languages[1:])
            entries = self._glossary_entries(config)
        except (OSError, ValueError, KeyError, glossary.GlossaryError):
            return  # _prepare_korean_search reports what is wrong
        korean_search.start_table(text, entries, "ko", **self._korean_search_places())

    def search_entries_made(self, entries: list[dict], new: bool, page: Page, config: MkDocsConfig) -> None:
        """(search_entries.KeptSearchEntries) A page's search entries, ``new`` if made
        rather than kept. A Korean page's go to the analyzer's process to be analyzed
        ahead of the table (korean_search.analyze_ahead) once any Korean page's entries
        are new: with every one kept, the index is most likely the one whose table the
        cache holds, and nothing is analyzed."""
        if languages.of_page(page, config) != "ko" or not self._korean_search_wanted(config):
            return
        self._korean_entries += entries
        self._korean_entries_new = self._korean_entries_new or new
        if self._korean_entries_new:
            korean_search.analyze_ahead([entry[field] for entry in self._korean_entries for field in ("title", "text") if entry.get(field)])
            self._korean_entries = []

    def _korean_search_places(self) -> dict:
        """Where the Korean search table is kept, and the Korean glossary page (its entries
        list terms rather than use them): the same for the early start and the final step."""
        assert self.runner is not None
        return {
            "cache_dir": self.runner.cache_dir.parent / KOREAN_SEARCH_CACHE,
            "listing_pages": [self.glossary_pages["ko"]] if "ko" in self.glossary_pages else [],
        }

    def _prepare_korean_search(self, config: MkDocsConfig) -> None:
        """Korean pages: the analyzer's terms for Material's search (doc_snippets.korean_search)."""
        if not self._korean_search_wanted(config):
            return
        all_languages = languages.languages(config)
        site = Path(config.site_dir)
        root = site if all_languages[0] == "ko" else site / "ko"
        index = root / "search" / "search_index.json"
        if not index.is_file():
            return
        try:
            entries = self._glossary_entries(config)
            prepared = korean_search.prepare(site, index, entries, "ko", **self._korean_search_places())
        except (glossary.GlossaryError, korean_search.KoreanSearchError) as exc:
            raise PluginError(f"[doc_snippets] Korean search: {exc}") from None
        log.info(
            f"Korean search: {'analysis taken from the cache' if prepared.cached else 'text analyzed with Kiwi'}; "
            f"index {prepared.index_bytes / 1000:.0f} kB, the analysis adds {prepared.added_bytes / 1000:.0f} kB"
        )

    def on_build_error(self, error: Exception) -> None:
        self._close_side_by_side()
        if self.notebooks is not None:
            self.notebooks.close(cancel=True)

    def on_shutdown(self) -> None:
        # stops the fork server and lets the next build prune what this one used
        self._close_side_by_side()
        if self.runner is not None:
            self.runner.close()
        if self.notebooks is not None:
            self.notebooks.close(cancel=True)
        korean_search.stop_background()

    def on_serve(self, server, config: MkDocsConfig, builder):
        self.serving = True  # `mkdocs serve --clean` starts as a "build"; its rebuilds are not
        root = Path(config.config_file_path).resolve().parent
        server.watch(str(root / self.config.snippets_dir))
        server.watch(str(Path(__file__).resolve().parent))
        return server


class KoreanSearchEarly(BasePlugin):
    """Starts the Korean search analysis as soon as the Korean index is written: after
    Material's search plugin writes it (priority 0), before mkdocs-static-i18n builds the
    other languages (-100), so the analysis runs while they build. A plugin of its own
    because the snippets plugin's ``on_post_build`` must come after them."""

    NAME = "doc_snippets/korean-search-early"

    def __init__(self, owner: SnippetsPlugin) -> None:
        super().__init__()
        self.owner = owner

    @event_priority(-50)
    def on_post_build(self, config: MkDocsConfig) -> None:
        self.owner._start_korean_search(config)
