"""MkDocs plugin: put each snippet's code, real output and figures on the pages.

A page asks for a snippet with a line of its own::

    [[ snippet: linear_regression/simple.py ]]
    [[ snippet: linear_regression/simple.py | code ]]
    [[ snippet: linear_regression/simple.py | output figure 2 ]]

The parts are ``code``, ``output``, ``figures`` (or ``figure N``, counted from 1) and
``info`` (run time, versions, downloads); without parts a page gets all of them.

Once per ``mkdocs build`` (and once per change under ``mkdocs serve``) the plugin
brings every snippet up to date with :class:`~doc_snippets.runner.SnippetRunner`;
mkdocs-static-i18n then builds each language from the same results. After the last
language it splits the shared search index so each language searches its own pages.
"""

from __future__ import annotations

import json
import logging
import posixpath
from html import escape
import re
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from doc_snippets import glossary, notebook
from doc_snippets.runner import SnippetError, SnippetResult, SnippetRunner, parse_memory, versions

log = get_plugin_logger(__name__)

DIRECTIVE = re.compile(
    r"^(?P<indent>[ \t]*)\[\[\s*snippet:\s*(?P<name>[^\s|\]]+)\s*(?:\|\s*(?P<parts>[^\]]*?))?\s*\]\]\s*$"
)
LOOKS_LIKE_DIRECTIVE = re.compile(r"\[\[\s*(snippet|version|glossary)\b")
VERSION = re.compile(r"\[\[\s*version:\s*(?P<package>[\w-]+)\s*\]\]")
GLOSSARY = re.compile(r"^\[\[\s*glossary\s*\]\]\s*$")
FENCE = re.compile(r"^\s*(```|~~~)")
OUTPUT_DIR = "snippet-output"
#: folder beside the snippet cache holding the notebooks mkdocs-jupyter renders as pages
#: (``<language prefix>snippet-output/<key>/<name>-notebook.ipynb``, the pattern that
#: mkdocs.yml's mkdocs-jupyter ``include`` names)
NOTEBOOK_PAGES = "notebook-pages"

#: Words the plugin itself puts on a page, per language.
UI = {
    "ko": {
        "output": "출력",
        "ran": "빌드 중 실행: {seconds} 초 · Python {python} · torch {torch}",
        "download": "내려받기",
        "script": "파이썬 스크립트",
        "notebook": "주피터 노트북",
        "view": "노트북으로 보기",
    },
    "en": {
        "output": "Output",
        "ran": "Run during the build: {seconds} s · Python {python} · torch {torch}",
        "download": "Download",
        "script": "Python script",
        "notebook": "Jupyter notebook",
        "view": "view as a notebook",
    },
}


class SnippetsConfig(Config):
    snippets_dir = c.Type(str, default="snippets")
    cache_dir = c.Type(str, default=".cache/snippets")
    #: name of the figure text tables, looked for in every folder under snippets_dir
    figure_text = c.Type(str, default="figure_text.yml")
    source_language = c.Type(str, default="en")
    timeout = c.Type((int, float), default=300)
    jobs = c.Type(int, default=2)
    #: cap on each snippet's data memory ("512 MiB", "4 GiB"; 0 for none)
    memory_limit = c.Type((str, int), default="4 GiB")
    #: run snippets in children forked from one warm interpreter (where the platform can)
    fork = c.Type(bool, default=True)
    #: where the site serves MathJax (from the django-static-mathjax package), or ""
    mathjax = c.Type(str, default="assets/mathjax/tex-svg.js")
    #: the terms of ``[[ glossary ]]``, in every language (one file for all of them)
    glossary = c.Type(str, default="data/glossary.yml")


class SnippetsPlugin(BasePlugin[SnippetsConfig]):
    def __init__(self) -> None:
        self.runner: SnippetRunner | None = None
        self.results: dict[str, SnippetResult] = {}
        self.shown: set[str] = set()
        #: notebook page src_uri -> (snippet name, language)
        self.notebook_pages: dict[str, tuple[str, str]] = {}

    # -- helpers ------------------------------------------------------------------
    @staticmethod
    def _i18n(config: MkDocsConfig):
        return config.plugins.get("i18n")

    def _languages(self, config: MkDocsConfig) -> list[str]:
        i18n = self._i18n(config)
        if i18n is None:
            return [config.theme.get("language") or "en"]
        return [lang.locale for lang in i18n.config.languages]

    def _top_level(self, config: MkDocsConfig) -> bool:
        """False inside the extra builds mkdocs-static-i18n runs for other languages."""
        i18n = self._i18n(config)
        return i18n is None or not getattr(i18n, "building", False)

    # -- events -------------------------------------------------------------------
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # mkdocs-jupyter logs a line per notebook page and build ("Cache hit: ...");
        # keep its warnings, drop that chatter from the build log.
        logging.getLogger("mkdocs.plugins.mkdocs_jupyter").setLevel(logging.WARNING)
        root = Path(config.config_file_path).resolve().parent
        try:
            memory_limit = parse_memory(self.config.memory_limit)
        except ValueError as exc:
            raise PluginError(f"[doc_snippets] mkdocs.yml: snippets: memory_limit: {exc}") from None
        if self.runner is None:
            self.runner = SnippetRunner(
                root,
                snippets_dir=self.config.snippets_dir,
                cache_dir=self.config.cache_dir,
                figure_text=self.config.figure_text,
                languages=tuple(self._languages(config)),
                source_language=self.config.source_language,
                timeout=self.config.timeout,
                jobs=self.config.jobs,
                memory_limit=memory_limit,
                fork=self.config.fork,
            )
        return config

    @event_priority(-150)  # after mkdocs-static-i18n has sorted the files by language
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.runner is not None
        if self._top_level(config):
            self.shown = set()
            self._check_translations(config)
            try:
                self.results = self.runner.run_all()
            except SnippetError as exc:
                raise PluginError(f"[doc_snippets] {exc}") from None
            self._log_run()
        for result in self.results.values():
            self._add_files(result, files, config)
        if self.config.mathjax and files.get_file_from_path(self.config.mathjax) is None:
            files.append(File.generated(config, self.config.mathjax, abs_src_path=str(mathjax_script())))
        return files

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

    def _check_translations(self, config: MkDocsConfig) -> None:
        """Every page in every language: a missing counterpart is reported."""
        languages = self._languages(config)
        if len(languages) < 2:
            return
        docs = Path(config.docs_dir)
        pages: dict[str, set[str]] = {}
        for md in docs.rglob("*.md"):
            stem, _, lang = md.relative_to(docs).as_posix()[: -len(".md")].rpartition(".")
            if lang in languages:
                pages.setdefault(stem, set()).add(lang)
            else:
                log.warning(f"{md.relative_to(docs)}: page has no language suffix ({', '.join(languages)})")
        for stem, present in sorted(pages.items()):
            for lang in languages:
                if lang not in present:
                    log.warning(f"{stem}.{lang}.md is missing: {stem} has no '{lang}' translation")

    def _build_language(self, config: MkDocsConfig) -> str:
        i18n = self._i18n(config)
        return getattr(i18n, "current_language", None) or self._languages(config)[0]

    def _notebook_page(self, result: SnippetResult, language: str, config: MkDocsConfig) -> str | None:
        """src_uri of the snippet's notebook page in ``language``, if mkdocs-jupyter renders them."""
        if config.plugins.get("mkdocs-jupyter") is None:
            return None
        prefix = "" if language == self._languages(config)[0] else f"{language}/"
        stem = posixpath.basename(result.name)[: -len(".py")]
        return f"{prefix}{OUTPUT_DIR}/{result.key}/{stem}-notebook.ipynb"

    def _pages_dir(self) -> Path:
        assert self.runner is not None
        return self.runner.cache_dir.parent / NOTEBOOK_PAGES

    def _write_notebook_page(self, result: SnippetResult, language: str, config: MkDocsConfig) -> Path:
        page_uri = self._notebook_page(result, language, config)
        assert page_uri is not None
        source = self._pages_dir() / page_uri
        text = notebook.build(result, language, title=True)
        if not source.is_file() or source.read_text(encoding="utf-8") != text:
            source.parent.mkdir(parents=True, exist_ok=True)
            source.write_text(text, encoding="utf-8")
        return source

    def on_env(self, env, config: MkDocsConfig, files: Files):
        """Keep mkdocs-jupyter's cache of every language's notebook pages.

        It evicts the cache entries a build did not use, and mkdocs-static-i18n runs
        one build per language, so each language's build would evict the others'
        pages and every build would render them all again. Mark them all as used.
        """
        jupyter = config.plugins.get("mkdocs-jupyter")
        if jupyter is None or not jupyter.config.get("cache"):
            return env
        from mkdocs_jupyter.plugin import _compute_cache_key, _get_cache_path

        used = getattr(jupyter, "_used_cache_paths", None)
        if used is None:
            return env
        for result in self.results.values():
            for language in self._languages(config):
                source = self._write_notebook_page(result, language, config)
                key = _compute_cache_key(str(source), jupyter.config, jupyter.config["execute"])
                used.add(_get_cache_path(jupyter.config["cache_dir"], key))
        return env

    def _add_files(self, result: SnippetResult, files: Files, config: MkDocsConfig) -> None:
        base = f"{OUTPUT_DIR}/{result.key}"
        stem = posixpath.basename(result.name)[: -len(".py")]
        candidates = [
            File.generated(config, f"{base}/{stem}.py", abs_src_path=str(result.path)),
        ]
        for language in self._languages(config):  # the notebook's figures in each language
            candidates.append(
                File.generated(config, notebook_download(result, language), content=notebook.build(result, language))
            )
        for index, figure in enumerate(result.figures):
            for lang, path in figure.files.items():
                candidates.append(
                    File.generated(config, f"{base}/figure{index + 1}-{lang}.svg", abs_src_path=str(path))
                )
        language = self._build_language(config)
        page_uri = self._notebook_page(result, language, config)
        if page_uri is not None:
            # The snippet, its output and its figures as a notebook page, rendered by
            # mkdocs-jupyter (its NotebookFile) from a real file: its wrapper loses
            # abs_src_path for generated (in-memory) files.
            from mkdocs_jupyter.plugin import NotebookFile

            source = self._write_notebook_page(result, language, config)
            page_file = File(page_uri, str(self._pages_dir()), config.site_dir, config.use_directory_urls)
            assert page_file.abs_src_path == str(source)
            self.notebook_pages[page_uri] = (result.name, language)
            candidates.append(NotebookFile(page_file, **config))
        for file in candidates:
            if files.get_file_from_path(file.src_uri) is None:
                files.append(file)

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        language = getattr(page.file, "locale", None) or self._languages(config)[0]
        out: list[str] = []
        fence: str | None = None
        for number, line in enumerate(markdown.splitlines(), start=1):
            opener = FENCE.match(line)
            if opener:
                fence = None if fence == opener.group(1) else (fence or opener.group(1))
            match = DIRECTIVE.match(line) if fence is None else None
            if match is None and fence is None:
                line = self._inline(line, page, number, config)
            if match is None:
                if fence is None and LOOKS_LIKE_DIRECTIVE.search(line):
                    raise PluginError(
                        f"[doc_snippets] {page.file.src_path}:{number}: malformed snippet line {line.strip()!r}; "
                        "write [[ snippet: path/to/example.py ]] or [[ snippet: path.py | code output ]]"
                    )
                out.append(line)
                continue
            name = match.group("name")
            result = self.results.get(name)
            if result is None:
                raise PluginError(
                    f"[doc_snippets] {page.file.src_path}:{number}: no snippet {name!r} "
                    f"under {self.config.snippets_dir}/"
                )
            try:
                parts = _parse_parts(match.group("parts"), result)
            except ValueError as exc:
                raise PluginError(f"[doc_snippets] {page.file.src_path}:{number}: {exc}") from None
            self.shown.add(name)
            block = render(result, parts, language, page.file.src_uri, self._notebook_page(result, language, config))
            out.extend(match.group("indent") + b if b else b for b in block.splitlines())
        return "\n".join(out) + "\n"

    def on_page_context(self, context, page: Page, config: MkDocsConfig, nav):
        """Language selector links relative to the page, so the site works at any path.

        mkdocs-static-i18n leaves the home page's selector links absolute
        (``/<site_url path>/en/``): fine where the site is served from ``site_url``,
        broken under ``mkdocs serve`` at another path or from a plain folder.
        """
        base = urlsplit(config.site_url or "").path or "/"
        # i18n sets it as an attribute (what the theme's template reads), not as a key
        alternates = getattr(config.extra, "alternate", None) or config.extra.get("alternate") or []
        for alternate in alternates:
            link = alternate.get("link", "")
            if link.startswith(base):
                alternate["link"] = link[len(base) :] or "./"
        return context

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        """Point Material's search on a page at its own language's index."""
        languages = self._languages(config)
        language = getattr(page.file, "locale", None)
        if language is None and page.url.split("/", 1)[0] in languages[1:]:  # a notebook page
            language = page.url.split("/", 1)[0]
        if language and language != languages[0] and self._i18n(config) is not None:
            output = rebase_search(output, language)
        if page.file.src_uri in self.notebook_pages:
            name, language = self.notebook_pages[page.file.src_uri]
            alts = [figure.alt[language] for figure in self.results[name].figures]
            output = offline_notebook(output, alts)
        return output

    def _inline(self, line: str, page: Page, number: int, config: MkDocsConfig) -> str:
        """``[[ version: torch ]]`` and ``[[ glossary ]]``: facts of this build, never typed."""
        where = f"{page.file.src_path}:{number}"

        def version(match: re.Match[str]) -> str:
            found = versions()
            package = match.group("package")
            if package not in found:
                raise PluginError(f"[doc_snippets] {where}: no version for {package!r}; known: {', '.join(found)}")
            return found[package]

        line = VERSION.sub(version, line)
        if GLOSSARY.match(line):
            language = getattr(page.file, "locale", None) or self._languages(config)[0]
            root = Path(config.config_file_path).resolve().parent
            try:
                line = glossary.render(root / self.config.glossary, language, self._languages(config))
            except glossary.GlossaryError as exc:
                raise PluginError(f"[doc_snippets] {where}: {exc}") from None
        return line

    @event_priority(-200)  # after mkdocs-static-i18n built the other languages
    def on_post_build(self, config: MkDocsConfig) -> None:
        if not self._top_level(config):
            return
        unshown = sorted(set(self.results) - self.shown)
        for name in unshown:
            log.warning(f"{self.config.snippets_dir}/{name} is shown on no page")
        assert self.runner is not None
        removed = self.runner.prune()
        if removed:
            log.info(f"removed {len(removed)} cache entries no snippet uses any more")
        i18n = self._i18n(config)
        if i18n is not None:
            split_search_index(Path(config.site_dir), self._languages(config)[0], self._languages(config)[1:])

    def on_shutdown(self) -> None:
        # stops the fork server and lets the next build prune what this one used
        if self.runner is not None:
            self.runner.close()

    def on_serve(self, server, config: MkDocsConfig, builder):
        root = Path(config.config_file_path).resolve().parent
        server.watch(str(root / self.config.snippets_dir))
        server.watch(str(Path(__file__).resolve().parent))
        return server


def mathjax_script() -> Path:
    """MathJax's single-file TeX-to-SVG build, as the django-static-mathjax package ships it."""
    import importlib.util

    spec = importlib.util.find_spec("mathjax")
    if spec is None or not spec.submodule_search_locations:
        raise PluginError("[doc_snippets] MathJax not found: install django-static-mathjax (see pyproject.toml)")
    return Path(next(iter(spec.submodule_search_locations))) / "static" / "mathjax" / "es5" / "tex-svg.js"


def _parse_parts(spec: str | None, result: SnippetResult) -> list[tuple[str, int | None]]:
    if not spec:
        return [("code", None), ("output", None), ("figures", None), ("info", None)]
    words = spec.split()
    parts: list[tuple[str, int | None]] = []
    i = 0
    while i < len(words):
        word = words[i]
        if word in ("code", "output", "figures", "info"):
            parts.append((word, None))
        elif word == "figure" and i + 1 < len(words) and words[i + 1].isdigit():
            number = int(words[i + 1])
            if not 1 <= number <= len(result.figures):
                raise ValueError(f"{result.name} draws {len(result.figures)} figure(s), there is no figure {number}")
            parts.append(("figure", number))
            i += 1
        else:
            raise ValueError(f"unknown snippet part {word!r} (use code, output, figures, figure N, info)")
        i += 1
    return parts


def _fence(text: str) -> str:
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def notebook_download(result: SnippetResult, language: str) -> str:
    """src_uri of the downloadable notebook whose figures are in ``language``."""
    stem = posixpath.basename(result.name)[: -len(".py")]
    return f"{OUTPUT_DIR}/{result.key}/{language}/{stem}.ipynb"


def render(
    result: SnippetResult,
    parts: list[tuple[str, int | None]],
    language: str,
    page_src_uri: str,
    notebook_page: str | None = None,
) -> str:
    """The markdown for ``result`` on a page in ``language``."""
    ui = UI.get(language, UI["en"])
    base = f"{OUTPUT_DIR}/{result.key}"
    page_dir = posixpath.dirname(page_src_uri)

    def link(target: str) -> str:
        return posixpath.relpath(target, page_dir or ".")

    blocks: list[str] = []
    for part, number in parts:
        if part == "code":
            fence = _fence(result.source)
            blocks.append(
                f'{fence}python title="snippets/{result.name}"\n{result.source.rstrip()}\n{fence}'
            )
        elif part == "output" and result.stdout.strip():
            fence = _fence(result.stdout)
            blocks.append(
                f'<div class="snippet-output" markdown>\n\n{fence}text title="{ui["output"]}"\n'
                f"{result.stdout.rstrip()}\n{fence}\n\n</div>"
            )
        elif part in ("figures", "figure"):
            indices = range(len(result.figures)) if part == "figures" else [number - 1]
            for index in indices:
                figure = result.figures[index]
                alt = figure.alt[language].replace("[", "(").replace("]", ")")
                src = link(f"{base}/figure{index + 1}-{language}.svg")
                blocks.append(
                    f'<figure class="snippet-figure" markdown="span">\n'
                    f"![{alt}]({src})\n"
                    f"<figcaption>{alt}</figcaption>\n</figure>"
                )
        elif part == "info":
            stem = posixpath.basename(result.name)[: -len(".py")]
            ran = ui["ran"].format(seconds=f"{result.seconds:.1f}", **result.versions)
            blocks.append(
                f'<p class="snippet-info" markdown="span">{ran} · {ui["download"]}: '
                f'[{ui["script"]}]({link(f"{base}/{stem}.py")}){{ download="{stem}.py" }} · '
                f'[{ui["notebook"]}]({link(notebook_download(result, language))}){{ download="{stem}.ipynb" }}'
                + (f' · [{ui["view"]}]({link(notebook_page)})' if notebook_page else "")
                + "</p>"
            )
    return "\n\n".join(blocks)


NBCONVERT_CDN_SCRIPT = re.compile(r'<script type="module">(?:(?!</script>).)*?https://cdn(?:(?!</script>).)*</script>', re.S)
EMPTY_SCRIPT = re.compile(r'<script src="">\s*</script>')


NBCONVERT_NO_ALT = 'alt="No description has been provided for this image"'


def offline_notebook(html: str, alts: list[str]) -> str:
    """Mend nbconvert's HTML of a notebook page.

    Drop what its template would fetch from a CDN: the mermaid loader (imported from
    cdnjs when a notebook has mermaid diagrams, which ours never have) and an empty
    MathJax ``<script src="">`` (the page uses the site's own MathJax). Give the
    figures their alt text in the page's language, in order, where nbconvert wrote
    its English placeholder.
    """
    html = EMPTY_SCRIPT.sub("", NBCONVERT_CDN_SCRIPT.sub("", html))
    for alt in alts:
        html = html.replace(NBCONVERT_NO_ALT, f'alt="{escape(alt, quote=True)}"', 1)
    return html


CONFIG_SCRIPT = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)


def rebase_search(html: str, language: str) -> str:
    """Make Material's ``base`` (where its search index and results live) the language root.

    Pages under ``/en/`` otherwise share the site root's ``base`` and with it the
    default language's index; :func:`split_search_index` writes ``/en/search/``.
    """
    match = CONFIG_SCRIPT.search(html)
    if match is None:
        raise PluginError("[doc_snippets] no Material __config script on the page: is the theme material?")
    app = json.loads(match.group(2))
    app["base"] = posixpath.join(app["base"], language) + "/"
    return html[: match.start(2)] + json.dumps(app, ensure_ascii=False) + html[match.end(2) :]


def split_search_index(site_dir: Path, default_language: str, other_languages: list[str]) -> None:
    """Give each language its own search index.

    mkdocs-static-i18n writes one ``search/search_index.json`` holding every
    language's pages. Material's search on a page loads the index under the
    page's language root (``/search/`` for the default language, ``/en/search/``
    for English), so each of those files gets only the entries of its language.
    """
    shared = site_dir / "search" / "search_index.json"
    if not shared.is_file():
        return
    index = json.loads(shared.read_text(encoding="utf-8"))
    docs = index["docs"]

    def language_of(location: str) -> str:
        first = location.split("/", 1)[0]
        return first if first in other_languages else default_language

    for language in [default_language, *other_languages]:
        subset = dict(index)
        subset["docs"] = [
            {**doc, "location": doc["location"][len(language) + 1 :] if language != default_language else doc["location"]}
            for doc in docs
            if language_of(doc["location"]) == language and f"{OUTPUT_DIR}/" not in doc["location"]
        ]
        config = dict(index.get("config", {}))
        config["lang"] = [language]
        subset["config"] = config
        target = shared if language == default_language else site_dir / language / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(subset, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")

    # Material also reads sitemap.xml under its base: give each language root one.
    sitemap = site_dir / "sitemap.xml"
    if sitemap.is_file():
        text = sitemap.read_text(encoding="utf-8")
        for language in other_languages:
            urls = re.findall(r"<url>.*?</url>", text, re.S)
            own = [u for u in urls if re.search(rf"<loc>[^<]*/{re.escape(language)}/", u)]
            head = text[: text.find("<url>")] if "<url>" in text else text
            (site_dir / language / "sitemap.xml").write_text(
                head + "\n".join(own) + "\n</urlset>\n", encoding="utf-8"
            )
