"""Each snippet as a notebook page, rendered by mkdocs-jupyter from the build's own run.

The notebooks (code, output and figures, in the page's language) are written to real
files under ``.cache/notebook-pages/`` at ``<language prefix>snippet-output/<key>/<name>-notebook.ipynb``
and become pages of the site. Nothing is executed again.

mkdocs-jupyter's own code renders each page (its plugin's ``on_pre_page`` and the render
it installs, with the options of :data:`RENDER_OPTIONS`), in worker processes that start
only when a page is missing from the cache of rendered pages (``.cache/notebook-html/``):
a build whose notebooks are unchanged never imports nbconvert (0.7 s).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import os
import posixpath
import re
import tempfile
from html import escape
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from importlib import metadata
from pathlib import Path

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from doc_snippets import html_tags, nbconvert_pass, notebook
from doc_snippets.memo import Memo
from doc_snippets.render import OUTPUT_DIR, stem
from doc_snippets.runner import SnippetResult

log = get_plugin_logger(__name__)

#: folder beside the snippet cache holding the notebooks rendered as pages
FOLDER = "notebook-pages"
#: folder beside the snippet cache holding each rendered page (content, table of contents,
#: title), named by the hash of the notebook, :data:`RENDER_OPTIONS` and the renderer's versions
#: (with the code of :mod:`doc_snippets.nbconvert_pass`)
RENDERED = "notebook-html"
#: mkdocs-jupyter's options for the notebook pages (its defaults for the others):
#: the notebooks hold the build's own run, so nothing is executed
RENDER_OPTIONS = {"execute": False, "include_source": False}
#: how a rendered page is kept (its styles apart: :func:`_styles_apart`)
PAGE_FORMAT = "styles apart"
#: the packages whose code makes a page's HTML
_RENDERER = ("mkdocs-jupyter", "nbconvert", "jupyterlab-pygments", "pygments")
#: the one stylesheet every notebook page links to, under the site root
#: (``notebook-<hash of its content>.css``: a changed stylesheet gets a new name)
STYLESHEET_DIR = "assets/stylesheets"


class NotebookPageFile(File):
    """A notebook that MkDocs builds as a page (``x-notebook.ipynb`` -> ``x-notebook/index.html``)."""

    def is_documentation_page(self) -> bool:
        return True


class NotebookPages:
    def __init__(self, folder: Path, rendered: Path, languages: list[str], css_memo: Path | None = None):
        self.folder = folder
        self.rendered = rendered
        self.languages = languages
        #: the memo folder where the first worker of a build parses the shared stylesheet
        self.css_memo = css_memo
        #: page src_uri -> (snippet name, language)
        self.pages: dict[str, tuple[str, str]] = {}
        #: rendered pages this build uses (the others are removed after it)
        self.used: set[Path] = set()
        #: pages this build gave to the workers (:meth:`render_missing`)
        self.given = 0
        #: notebook file -> its page being rendered in a worker (see :meth:`render_missing`)
        self._rendering: dict[str, Future] = {}
        self._pool: ProcessPoolExecutor | None = None

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
        page_uri = self.uri(result, language)
        source = self.write(result, language)
        page_file = NotebookPageFile(page_uri, str(self.folder), config.site_dir, config.use_directory_urls)
        assert page_file.abs_src_path == str(source)
        self.pages[page_uri] = (result.name, language)
        self.used.add(self.entry(source))
        if files.get_file_from_path(page_uri) is None:
            files.append(page_file)

    def entry(self, source: Path | str) -> Path:
        """Where the rendered page of the notebook ``source`` is kept."""
        digest = hashlib.sha256(Path(source).read_bytes())
        digest.update(json.dumps([RENDER_OPTIONS, _renderer_versions()], sort_keys=True).encode())
        return self.rendered / f"{digest.hexdigest()[:24]}.json"

    def render_missing(self, results: list[SnippetResult], jobs: int) -> int:
        """Start rendering the notebook pages missing from the cache, in ``jobs`` worker
        processes; returns how many.

        Each is rendered by mkdocs-jupyter's own code (:func:`_render_page`); the build
        would otherwise render them one after another (0.08 to 0.5 s a page; 68 pages in a
        cold build). The build does not wait for them: it renders the chapter pages
        meanwhile, and each notebook page waits for its own (:meth:`load`).

        The workers start only for at least two pages per worker; once they run, they
        take any page missing (a cold build gives them each snippet's pages as the
        snippet finishes).
        """
        missing = []
        for language in self.languages:  # in the order the build renders them
            for result in results:
                source = str(self.write(result, language))
                if source not in self._rendering and not self.entry(source).exists():
                    missing.append(source)
        if jobs < 2 or (self._pool is None and len(missing) < 2 * jobs):
            return 0  # not worth a worker's start (about 1 s): the pages render in the build
        try:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(max_workers=jobs, mp_context=worker_context(), initializer=_lower_priority)
            for source in missing:
                css_memo = str(self.css_memo) if self.css_memo is not None and self.given == 0 else None
                self._rendering[source] = self._pool.submit(_render_page, source, str(self.entry(source)), True, css_memo)
                self.given += 1
        except Exception as exc:  # noqa: BLE001: no worker could start: the pages render in the build
            log.debug(f"notebook pages rendered in the build instead of in workers: {exc!r}")
            self.close(cancel=True)
            return 0
        return len(missing)

    @property
    def workers_started(self) -> bool:
        return self._pool is not None

    def rendering_done(self) -> bool:
        """Whether every page given to the workers is rendered (or failed)."""
        return all(future.done() for future in self._rendering.values())

    def forget_workers(self) -> None:
        """In a forked copy of the build: the workers are the parent's, and their futures
        need its threads. Pages they rendered are read from the cache (:meth:`load`)."""
        self._rendering = {}
        self._pool = None

    def prepare(self, page: Page) -> None:
        """Make ``page`` (a notebook page) render from its rendered page (:meth:`load`)."""

        def render(page: Page, config: MkDocsConfig, files: Files) -> None:
            self.load(page)

        page.render = render.__get__(page, Page)  # type: ignore[method-assign]

    def load(self, page: Page) -> None:
        """Give a notebook page its content, table of contents and title: rendered by a
        worker (waited for), kept from an earlier build, or rendered here."""
        source = page.file.abs_src_path
        assert source is not None
        future = self._rendering.pop(source, None)
        if future is not None:
            try:
                future.result()
            except Exception as exc:  # noqa: BLE001: whatever failed, the page renders here, and fails here if it must
                log.debug(f"notebook page {page.file.src_uri} rendered in the build instead of in a worker: {exc!r}")
            if not self._rendering:
                self.close()
        target = self.entry(source)
        rendered = _read_rendered(target)
        if rendered is not None and rendered.get("styles") is not None and not (self.rendered / f"{rendered['styles']}.css").is_file():
            rendered = None  # its stylesheet is gone
        if rendered is None:  # never rendered, or removed or damaged since: render it here
            try:
                _render_page(source, str(target), False)
                rendered = json.loads(target.read_text(encoding="utf-8"))
            except Exception as exc:  # noqa: BLE001: nbconvert's error, with the page it was rendering
                name = self.pages.get(page.file.src_uri, (page.file.src_uri,))[0]
                raise PluginError(f"[doc_snippets] the notebook page of {name} could not be rendered: {exc!r}") from None
        if rendered.get("styles") is not None:
            self.used.add(self.rendered / f"{rendered['styles']}.css")
        page.content = rendered["content"]
        page.toc = get_toc(rendered["toc_tokens"])
        if rendered.get("title") is not None:
            page.title = rendered["title"]

    def prune(self) -> int:
        """Remove the rendered pages (and their stylesheets) this build did not use; returns how many."""
        removed = 0
        for path in [*self.rendered.glob("*.json"), *self.rendered.glob("*.css")]:
            if path not in self.used:
                path.unlink(missing_ok=True)
                removed += 1
        return removed

    def close(self, cancel: bool = False) -> None:
        """Stop the workers: after the pages they are rendering (kept for the next
        build), or at once with ``cancel`` (a failed or stopped build)."""
        pool, self._pool = self._pool, None
        if cancel:
            for future in self._rendering.values():
                future.cancel()
        self._rendering.clear()
        if pool is not None:
            pool.shutdown(wait=not cancel, cancel_futures=cancel)


#: what the workers' process imports once, before it forks them (:func:`worker_context`);
#: :mod:`doc_snippets.worker_process` first, to set that process up, and
#: :mod:`doc_snippets.notebook_warm_up` last, to render a page there (:func:`warm_up_renderer`)
WORKER_PRELOAD = ["doc_snippets.worker_process", __name__, "mkdocs_jupyter.plugin", "doc_snippets.notebook_warm_up"]


def worker_context():
    """How the notebook pages' workers start.

    Where the platform has it (Linux, macOS), multiprocessing's ``forkserver``: one
    process, started from a clean interpreter, imports mkdocs-jupyter and nbconvert
    (:data:`WORKER_PRELOAD`, about 1 s of CPU) and forks each worker from itself, so two
    workers pay for that import once, not twice. Elsewhere ``spawn``: each worker imports
    them. Never ``fork`` from the build itself: it has threads (the fork server's client),
    and a fork copies them badly.
    """
    import multiprocessing

    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(WORKER_PRELOAD)  # read when that process starts (once per build process)
        return context
    return multiprocessing.get_context("spawn")


def _lower_priority() -> None:
    """(in a worker, as it starts) Run below the build's other processes (``nice`` 10).

    A cold build gives the workers each snippet's pages as it finishes: at the same
    priority they took a core from the snippets still running, which then ended later,
    the last one alone on a core with nothing left to render beside it. Below them, they
    render in the time the snippets leave, and the pages left over fill that last
    snippet's idle core (cold build 17.4 -> 16.9 s). Where the build waits for a page, the
    workers have the cores to themselves anyway."""
    from doc_snippets import worker_process

    worker_process.prepare()  # nice 10 (the process they are forked from is there already), nbconvert's setting


def start_worker_process() -> None:
    """Start now, where the workers come from multiprocessing's forkserver, the process
    they are forked from: it imports mkdocs-jupyter and nbconvert while the build does
    other work (a cold build waits for torch's import before its first snippet runs)."""
    if worker_context().get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


def _read_rendered(path: Path) -> dict | None:
    """A rendered page (content, toc_tokens, title), or None if it is missing or unreadable."""
    try:
        rendered = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(rendered, dict) or not isinstance(rendered.get("content"), str) or not isinstance(rendered.get("toc_tokens"), list):
        return None
    return rendered


def _renderer_versions() -> list[str]:
    """The renderer's package versions, and the code of the pass that replaces nbconvert's
    last one in the workers (:mod:`doc_snippets.nbconvert_pass`, with :mod:`doc_snippets.html_tags`)."""
    global _VERSIONS
    if _VERSIONS is None:
        own = hashlib.sha256(b"".join(Path(m.__file__).read_bytes() for m in (nbconvert_pass, html_tags))).hexdigest()[:12]
        _VERSIONS = [f"{package}=={metadata.version(package)}" for package in _RENDERER] + [f"nbconvert_pass.py {own}", PAGE_FORMAT]
    return _VERSIONS


_VERSIONS: list[str] | None = None


class _CompiledTemplates(jinja2.BytecodeCache):
    """A Jinja bytecode cache in memory, for the environments of one worker process."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        code = self.code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()

    def clear(self) -> None:
        self.code.clear()


def warm_up_renderer() -> None:
    """Render one small notebook page and drop it: the process that does it then has
    nbconvert's exporters made (:func:`_reuse_exporters`), its templates compiled
    (:func:`_share_compiled_templates`) and its stylesheets read (:func:`_include_css_once`),
    and so has every worker forked from it. The workers' process does it as it starts
    (:mod:`doc_snippets.notebook_warm_up`): each worker's first page otherwise took 0.36 s
    of CPU more than the others, once per worker. Any error is left to the first real page."""
    try:
        from nbformat import v4, writes

        svg = '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"></svg>'
        outputs = [
            v4.new_output("stream", name="stdout", text="1\n"),
            v4.new_output("display_data", data={"image/svg+xml": svg, "text/plain": "warm-up"}),
        ]
        nb = v4.new_notebook(cells=[v4.new_markdown_cell("# warm-up"), v4.new_code_cell("print(1)", execution_count=1, outputs=outputs)])
        with tempfile.TemporaryDirectory(prefix="doc-snippets-warm-up-") as folder:
            source = Path(folder) / "warm-up.ipynb"
            source.write_text(writes(nb), encoding="utf-8")
            _render_page(str(source), str(Path(folder) / "page" / "warm-up.json"), True)
    except Exception:  # noqa: BLE001 - the first page renders without it, and reports what is wrong
        pass


def compiled_templates() -> int:
    """How many templates this process's workers have compiled (:func:`_share_compiled_templates`)."""
    return len(_TEMPLATES.code) if _TEMPLATES is not None else 0


#: the compiled templates of this process (:func:`_share_compiled_templates`)
_TEMPLATES: _CompiledTemplates | None = None


def _share_compiled_templates() -> None:
    """(in a worker) nbconvert makes a new Jinja environment for every notebook, and
    compiles its templates again each time: two thirds of a page's render. Give those
    environments one bytecode cache, so each template is compiled once per worker.
    Jinja checks each template's source checksum before it uses the cached code."""
    from nbconvert.exporters.templateexporter import TemplateExporter

    global _TEMPLATES
    create = getattr(TemplateExporter, "_create_environment", None)
    if create is None or getattr(create, "_doc_snippets", False):
        return
    cache = _TEMPLATES = _CompiledTemplates()

    def create_environment(self):
        environment = create(self)
        if environment.bytecode_cache is None:
            environment.bytecode_cache = cache
        return environment

    create_environment._doc_snippets = True
    TemplateExporter._create_environment = create_environment


def _reuse_exporters() -> None:
    """(in a worker) mkdocs-jupyter makes two new nbconvert exporters for every page (HTML
    for the page, Markdown for its table of contents), each loading its templates,
    preprocessors and filters again. Make each exporter once per worker and set of
    arguments, and use it for every page, as nbconvert's own command does for many
    notebooks: 5.3 -> 4.0 s of CPU for this site's 68 pages, the same bytes
    (tests/test_notebook_pages.py compares a worker's page with mkdocs-jupyter's).

    The same for the nbconvert application whose configuration each exporter is given
    (``get_nbconvert_app``): made twice per page, each time reading the Jupyter
    configuration files from disk again, which do not change during a build. Its
    exporters validate the notebook once, after their preprocessors, instead of after
    each of them (nbconvert's ``Exporter.optimistic_validation``): 13 validations of the
    same notebook per page and exporter, 1742 for the site's pages, by preprocessors that
    are nbconvert's own. A notebook that is not valid still fails."""
    from mkdocs_jupyter import nbconvert2

    for name in ("HTMLExporter", "MarkdownExporter", "get_nbconvert_app"):
        make = getattr(nbconvert2, name)
        if getattr(make, "_doc_snippets", False):
            continue
        if name == "get_nbconvert_app":
            make = functools.partial(_validating_once, make)
        made: dict = {}

        def reused(*args, __make=make, __made=made, **kwargs):
            key = _arguments_key((args, kwargs))
            exporter = __made.get(key) if key is not None else None
            if exporter is None:
                exporter = __make(*args, **kwargs)
                if key is not None:
                    __made[key] = exporter
            return exporter

        reused._doc_snippets = True
        setattr(nbconvert2, name, reused)


#: (in a worker) a mark put in a page where nbconvert included a stylesheet -> that
#: stylesheet's CSS (:func:`_include_css_once`)
_CSS_MARKS: dict[str, str] = {}
#: (exporter, the stylesheet's name) -> its mark
_CSS_NAMED: dict[tuple[object, str], str] = {}
_STYLE_OPEN, _STYLE_CLOSE = '<style type="text/css">', "</style>"


def _include_css_once() -> None:
    """(in a worker) nbconvert's HTML exporter includes each of its stylesheets in every
    page (``resources.include_css``, reading the file again each time): 575 kB of CSS in
    each, which mkdocs-jupyter then writes into its page as JSON, the worker reads back,
    and :func:`_styles_apart` takes out again to keep once. Include, the first time an
    exporter includes a stylesheet, a short mark instead, and keep the CSS it stands for
    here: :func:`_styles_apart` puts it back where it makes the page's one stylesheet,
    which is the same (the test comparing a worker's page with mkdocs-jupyter's checks
    it). 67 of this site's pages in one worker, under the profiler: 2.43 and 2.65 -> 1.66
    and 1.84 s of CPU."""
    from nbconvert.exporters.html import HTMLExporter

    original = HTMLExporter._init_resources
    if getattr(original, "_doc_snippets", False):
        return

    def _init_resources(self, resources):
        resources = original(self, resources)
        include = resources.get("include_css")
        if include is not None:

            def include_css(name, __exporter=self, __include=include):  # a function: deepcopy keeps it as it is
                return _css_mark(__exporter, __include, name)

            resources["include_css"] = include_css
        return resources

    _init_resources._doc_snippets = True
    HTMLExporter._init_resources = _init_resources


def _css_mark(exporter, include, name):
    """What nbconvert's ``include_css(name)`` gives, as a mark (:func:`_include_css_once`)."""
    from markupsafe import Markup

    mark = _CSS_NAMED.get((exporter, name))
    if mark is None:
        block = str(include(name))
        if not (block.startswith(_STYLE_OPEN) and block.endswith(_STYLE_CLOSE)) or _STYLE_CLOSE in block[: -len(_STYLE_CLOSE)]:
            return include(name)  # not the one <style> block expected: as nbconvert makes it
        mark = f"/* doc_snippets: nbconvert stylesheet {len(_CSS_MARKS)} ({name}) */"
        _CSS_MARKS[mark] = block[len(_STYLE_OPEN) : -len(_STYLE_CLOSE)]
        _CSS_NAMED[(exporter, name)] = mark
    return Markup(f"{_STYLE_OPEN}{mark}{_STYLE_CLOSE}")


def _validating_once(make, *args, **kwargs):
    """The application ``make`` gives, its exporters set to validate once (:func:`_reuse_exporters`)."""
    app = make(*args, **kwargs)
    app.config.Exporter.optimistic_validation = True
    return app


def _arguments_key(value) -> str | None:
    """A text naming ``value`` (an exporter's arguments) by content, or None where some
    part of it has no such name (an object shown by its address): it is then made anew."""
    inside: set[int] = set()  # functions being named (one that refers to itself)

    def part(v):
        if callable(v) and hasattr(v, "__code__"):  # mkdocs-jupyter's filters: closures made per page
            if id(v) in inside:
                return v.__qualname__
            inside.add(id(v))
            cells = tuple(part(cell.cell_contents) for cell in v.__closure__ or ())
            inside.discard(id(v))
            return (v.__module__, v.__qualname__, v.__code__.co_code, v.__code__.co_consts, cells)
        if isinstance(v, dict):
            return tuple(sorted((repr(k), part(x)) for k, x in v.items()))
        if isinstance(v, (list, tuple)):
            return tuple(part(x) for x in v)
        return repr(v)

    text = repr(part(value))
    return None if " at 0x" in text else text


def _render_page(source: str, target: str, share_templates: bool, css_memo: str | None = None) -> None:
    """Render the notebook page of ``source`` into ``target`` (JSON: content, toc_tokens, title).

    mkdocs-jupyter's own ``on_pre_page`` and the render it installs do the work, with
    :data:`RENDER_OPTIONS`, writing its cache entry, which becomes ``target``. In a
    worker (``share_templates``) nbconvert compiles its templates once, not per page,
    and each exporter is made once. With ``css_memo`` (a memo folder: the first page a
    build gives the workers), the worker then parses the page's stylesheet, the one the
    pages share, into that memo (:func:`css_rules`), for the purge at the build's end.
    """
    from types import SimpleNamespace

    from mkdocs_jupyter.plugin import Plugin

    if share_templates:
        _share_compiled_templates()
        _reuse_exporters()
        _include_css_once()
        nbconvert_pass.install()
    folder = Path(target).parent
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder, prefix=".rendering-") as work:
        plugin = Plugin()
        errors, _ = plugin.load_config({**RENDER_OPTIONS, "cache": True, "cache_dir": work})
        if errors:
            raise ValueError(f"mkdocs-jupyter's options: {errors}")
        plugin.on_pre_build(None)
        page = SimpleNamespace(file=SimpleNamespace(abs_src_path=source, src_path=source), abs_url="/")
        plugin.on_pre_page(page, None, None)
        page.render(None, None)
        (written,) = Path(work).glob("*.json")
        rendered = json.loads(written.read_text(encoding="utf-8"))
        css = _styles_apart(rendered, folder)
        written.write_text(json.dumps(rendered), encoding="utf-8")
        os.replace(written, target)  # whole or not at all, for a build reading it
    if css_memo is not None and css is not None:
        Memo(css_memo)(css_rules, css)


#: nbconvert's MathJax 2 configuration: a type no browser runs and MathJax 3 never reads
MATHJAX2_CONFIG = re.compile(r'<script type="text/x-mathjax-config">(?:(?!</script>).)*</script>\s*', re.S)
NBCONVERT_CDN_SCRIPT = re.compile(r'<script type="module">(?:(?!</script>).)*?https://cdn(?:(?!</script>).)*</script>', re.S)
EMPTY_SCRIPT = re.compile(r'<script src="">\s*</script>')
NBCONVERT_NO_ALT = 'alt="No description has been provided for this image"'
#: nbconvert's code cell block (its text outputs already have a tabindex)
SCROLLING_BLOCK = re.compile(r'(<div class="highlight-ipynb[^"]*")(?![^>]*tabindex)')


def offline_notebook(html: str, alts: list[str]) -> str:
    """Mend nbconvert's HTML of a notebook page.

    Drop what its template would fetch from a CDN: the mermaid loader (imported from
    cdnjs when a notebook has mermaid diagrams, which ours never have) and an empty
    MathJax ``<script src="">`` (the page uses the site's own MathJax) and the MathJax 2
    configuration beside it, which nothing reads. Let the keyboard
    reach the scrolling code and output blocks. Give the figures their alt text (their
    descriptions) in the page's language, in order, where nbconvert wrote its English
    placeholder.
    """
    html = EMPTY_SCRIPT.sub("", NBCONVERT_CDN_SCRIPT.sub("", html))
    html = MATHJAX2_CONFIG.sub("", html)
    # Code blocks scroll sideways: a keyboard must be able to reach them
    # to scroll (WCAG 2.1.1), as Material does for its own code blocks.
    html = SCROLLING_BLOCK.sub(r'\1 tabindex="0"', html)
    for alt in alts:
        html = html.replace(NBCONVERT_NO_ALT, f'alt="{escape(alt, quote=True)}"', 1)
    return html


STYLE_START = re.compile(r"<style[^>]*>")
TRAILING_SPACE = re.compile(r"\s*")
SVG_DATA = re.compile(r'(<img alt="[^"]*" src=")data:image/svg\+xml;base64,([A-Za-z0-9+/=\s]+)(")')


def style_blocks(html: str) -> list[tuple[int, int, str]]:
    """(start, end, CSS) of each ``<style>`` element of ``html``, the whitespace after it included.

    Found with ``str.find``: a lazy ``<style>(.*?)</style>`` regular expression tries
    ``</style>`` at every character of a notebook page's 600 kB of CSS (7 ms a page).
    """
    blocks = []
    position = 0
    while (start := STYLE_START.search(html, position)) is not None:
        close = html.find("</style>", start.end())
        if close < 0:
            break
        end = TRAILING_SPACE.match(html, close + len("</style>")).end()
        blocks.append((start.start(), end, html[start.end() : close]))
        position = end
    return blocks


def _shared_css(found: list[tuple[int, int, str]]) -> str:
    """The one stylesheet of a page's ``<style>`` blocks (:func:`style_blocks`)."""
    # mkdocs-jupyter also writes its Pygments CSS as the repr of a Python list
    # (``['pre { ... }']``), which no browser can use: the real rules come first anyway
    blocks = [block for _, _, block in found if not block.lstrip().startswith("['")]
    return "\n".join(block.strip("\n") for block in blocks) + "\n"


#: the stylesheets this process has written, by path (each page of a build shares one)
_WRITTEN: dict[Path, str] = {}


#: (where pages are rendered) each page's stylesheet and its SHA-256, by its style blocks
_STYLESHEETS: dict[tuple[str, ...], tuple[str, str]] = {}


#: what a rendered page holds where its ``<style>`` blocks were (:func:`_styles_apart`):
#: the SHA-256 of their one stylesheet, kept beside the rendered pages as ``<hash>.css``
STYLES_MARK = re.compile(r"<!-- doc_snippets: notebook stylesheet ([0-9a-f]{64}) -->\n")


def _without_styles(html: str, found: list[tuple[int, int, str]], replacement: str) -> str:
    """``html`` without its ``<style>`` blocks ``found``, ``replacement`` where the first was."""
    pieces = [html[: found[0][0]], replacement]
    for (_, end, _), following in zip(found, [*found[1:], (len(html), None, None)]):
        pieces.append(html[end : following[0]])
    return "".join(pieces)


def _styles_apart(rendered: dict, folder: Path) -> str | None:
    """(where a page is rendered) Keep the page's ``<style>`` blocks, 600 kB of nbconvert's
    CSS and the same in every page, once in ``folder``, and a mark in the page where they
    were: each rendered page is then 25 to 160 kB to write and to read back, not 0.6 to 0.8 MB,
    for the build and for each language's. Returns the stylesheet, or None if the page
    has no style."""
    found = style_blocks(rendered["content"])
    if not found:
        return None
    key = tuple(block for _, _, block in found)
    made = _STYLESHEETS.get(key)
    if made is None:
        # the stylesheets nbconvert included as marks (_include_css_once), put back
        css = _shared_css([(start, end, _CSS_MARKS.get(block, block)) for start, end, block in found])
        made = _STYLESHEETS[key] = (css, hashlib.sha256(css.encode("utf-8")).hexdigest())
    css, digest = made
    path = folder / f"{digest}.css"
    if not path.is_file():
        partial = path.with_name(f".{digest}.{os.getpid()}.tmp")
        partial.write_text(css, encoding="utf-8")
        os.replace(partial, path)  # whole or not at all: both workers may write it
    rendered["content"] = _without_styles(rendered["content"], found, f"<!-- doc_snippets: notebook stylesheet {digest} -->\n")
    rendered["styles"] = digest
    return css


#: the stylesheets kept beside the rendered pages, read once per process (by path)
_KEPT_CSS: dict[Path, str] = {}


def share_styles(html: str, site_root: Path, page_dest: Path, kept: Path | None = None) -> str:
    """Move nbconvert's CSS, which it inlines in every notebook page, to one stylesheet.

    Every ``<style>`` block of the page goes, in order, into
    ``assets/stylesheets/notebook-<hash>.css`` under ``site_root`` (written once; every
    notebook page has the same blocks, so they all share one file) and the page links to
    it where the first block was, so the cascade is unchanged. A rendered page whose
    blocks are kept apart (:func:`_styles_apart`) has a mark there instead, and its
    stylesheet in the folder ``kept``.
    """
    mark = STYLES_MARK.search(html) if kept is not None else None
    if mark is not None:
        assert kept is not None
        path = kept / f"{mark.group(1)}.css"
        css = _KEPT_CSS.get(path)
        if css is None:
            css = _KEPT_CSS[path] = path.read_text(encoding="utf-8")
        return html[: mark.start()] + _link_stylesheet(css, mark.group(1), site_root, page_dest) + html[mark.end() :]
    found = style_blocks(html)
    if not found:
        return html
    css = _shared_css(found)
    return _without_styles(html, found, _link_stylesheet(css, hashlib.sha256(css.encode("utf-8")).hexdigest(), site_root, page_dest))


def _link_stylesheet(css: str, digest: str, site_root: Path, page_dest: Path) -> str:
    """The link to ``assets/stylesheets/notebook-<hash>.css``, written if need be."""
    target = site_root / STYLESHEET_DIR / f"notebook-{digest[:12]}.css"
    if _WRITTEN.get(target) != css or not target.is_file():
        if not target.is_file() or target.read_text(encoding="utf-8") != css:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(css, encoding="utf-8")
        _WRITTEN[target] = css
    href = posixpath.relpath(target.as_posix(), page_dest.parent.as_posix())
    return f'<link rel="stylesheet" href="{escape(href, quote=True)}">\n'


#: the folder of the one script every notebook page links to (``notebook-<hash>.js``)
SCRIPT_DIR = "assets/javascripts"
#: where nbconvert's notebook starts, after its template's scripts and styles
NBCONVERT_NOTEBOOK = '<div class="jupyter-wrapper">'
INLINE_SCRIPT = re.compile(r"<script\s*>(.*?)</script>\s*", re.S)  # nbconvert writes one ``<script >``


def share_scripts(html: str, site_root: Path, page_dest: Path) -> str:
    """Move nbconvert's inline scripts, the same in every notebook page, to one file.

    ``html`` is nbconvert's HTML of a notebook page (the page's content, before the
    theme wraps it). Its template writes the scripts of the cells' copy buttons (the
    ``clipboard-copy`` element, 4 kB) into every page, before the notebook. They go, in
    order, into ``assets/javascripts/notebook-<hash>.js`` under ``site_root`` and the
    page loads it where the first one was: the same code, run at the same point of the
    page, fetched once for every notebook page. Scripts inside the notebook stay.
    """
    end = html.find(NBCONVERT_NOTEBOOK)
    if end < 0:
        return html
    part = html[:end]
    blocks = INLINE_SCRIPT.findall(part)
    if not blocks:
        return html
    code = "\n".join(block.strip("\n") for block in blocks) + "\n"
    name = f"notebook-{hashlib.sha256(code.encode('utf-8')).hexdigest()[:12]}.js"
    target = site_root / SCRIPT_DIR / name
    if not target.is_file() or target.read_text(encoding="utf-8") != code:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(code, encoding="utf-8")
    src = posixpath.relpath(target.as_posix(), page_dest.parent.as_posix())
    first = INLINE_SCRIPT.search(part)
    assert first is not None
    part = part[: first.start()] + f'<script src="{escape(src, quote=True)}"></script>\n' + INLINE_SCRIPT.sub("", part[first.end() :])
    return part + html[end:]


def link_figures(html: str, figures: list[Path], site_files: list[Path], page_dest: Path) -> str:
    """Point the page's figures at the site's SVG files instead of inlining them again.

    nbconvert inlines each figure as a base64 ``data:`` URI (a third larger than the SVG);
    the site already serves the same SVG beside the snippet's page. The ``n``-th figure of
    the page becomes a link to ``site_files[n]`` where its bytes equal ``figures[n]``'s,
    and stays inline otherwise.
    """
    count = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal count
        index = count
        count += 1
        if index >= len(figures):
            return match.group(0)
        try:
            data = base64.b64decode(match.group(2))
        except ValueError:
            return match.group(0)
        if data != figures[index].read_bytes():
            return match.group(0)
        href = posixpath.relpath(site_files[index].as_posix(), page_dest.parent.as_posix())
        return f"{match.group(1)}{escape(href, quote=True)}{match.group(3)}"

    return SVG_DATA.sub(replace, html)


CLASS_NAME = re.compile(r"\.(-?[_a-zA-Z][_a-zA-Z0-9-]*)")
NEGATION = re.compile(r":not\([^()]*\)")
CLASS_ATTRIBUTE = re.compile(r'class="([^"]*)"')


def purge_stylesheets(site_root: Path, pages: list[Path], memo: Callable[..., str] | None = None) -> tuple[int, int]:
    """Keep only the rules of the shared notebook stylesheet that can match the pages.

    nbconvert's CSS is all of JupyterLab's (widgets, menus, dialogs...); a static notebook
    page uses a hundred-odd of its classes. A rule is kept unless each of its selectors
    names a class no notebook page has (classes inside ``:not()`` do not count; rules
    without classes, at-rules and custom properties stay). Returns (bytes before, after).
    ``memo`` (a :class:`doc_snippets.memo.Memo`) keeps the stylesheet's parsed rules
    (:func:`css_rules`) between builds; in a cold build a notebook worker has made them.
    """
    used: set[str] = set()
    for page in pages:
        for value in CLASS_ATTRIBUTE.findall(page.read_text(encoding="utf-8")):
            used.update(value.split())
    before = after = 0
    for css in sorted((site_root / STYLESHEET_DIR).glob("notebook-*.css")):
        text = css.read_text(encoding="utf-8")
        rules = memo(css_rules, text) if memo is not None else css_rules(text)
        purged = _purge(json.loads(rules), used)
        before, after = before + len(text.encode("utf-8")), after + len(purged.encode("utf-8"))
        if purged != text:
            css.write_text(purged, encoding="utf-8")
            _WRITTEN.pop(css, None)  # the next build's pages write it whole again
    return before, after


def purge_css(text: str, used: list[str]) -> str:
    """The rules of the stylesheet ``text`` that can match an element whose classes are among ``used``."""
    return _purge(json.loads(css_rules(text)), set(used))


#: what can hide a brace or a semicolon in CSS (a comment, a string, an unquoted url, an
#: escaped character), or is one
CSS_TOKEN = re.compile(
    r"/\*.*?(?:\*/|\Z)"
    r"|\"(?:[^\"\\\n]|\\.)*(?:\"|$)"
    r"|'(?:[^'\\\n]|\\.)*(?:'|$)"
    r"|url\(\s*[^\"'()\s]*\s*\)"
    r"|\\."
    r"|[{};]",
    re.S | re.M | re.I,
)
COMMENT = re.compile(r"/\*.*?(?:\*/|\Z)", re.S)


def _css_rules(text: str) -> list[tuple[str, str | None, str]]:
    """The rules of the stylesheet ``text`` at its top level, as written: (head, the inside
    of its block or None, the whole rule). Comments between rules are left out."""
    rules: list[tuple[str, str | None, str]] = []
    depth = 0
    start: int | None = None  # where the rule being read starts
    block = 0  # where its block's inside starts
    position = 0
    for match in CSS_TOKEN.finditer(text):
        token = match.group(0)
        if start is None and depth == 0:
            gap = text[position : match.start()]
            if gap.strip():
                start = position + len(gap) - len(gap.lstrip())
            elif token.startswith("/*"):
                position = match.end()
                continue  # a comment between rules
            elif token not in "{;":
                start = match.start()
        position = match.end()
        if token == "{":
            if depth == 0:
                block = match.end()
                if start is None:
                    start = match.start()
            depth += 1
        elif token == "}":
            if depth == 0:  # a stray brace: it begins a rule's head (one no browser applies), as in CSS's grammar
                if start is None:
                    start = match.start()
                continue
            depth -= 1
            if depth == 0 and start is not None:
                rules.append((text[start : block - 1], text[block : match.start()], text[start : match.end()]))
                start = None
        elif token == ";" and depth == 0 and start is not None and text.startswith("@", start):
            rules.append((text[start : match.start()], None, text[start : match.end()]))
            start = None
    if start is not None and depth > 0:  # a block the stylesheet leaves open: it ends with it
        rules.append((text[start : block - 1], text[block:], text[start:]))
    elif start is not None and text.startswith("@", start):  # an at-rule without its semicolon
        rules.append((text[start:].rstrip(), None, text[start:].rstrip()))
    return rules


def css_rules(text: str) -> str:
    """The stylesheet ``text``'s rules, as JSON for :func:`_purge`: each rule with the
    classes of each of its selectors (``["rule", [[class, ...], ...], css]``), a
    ``@media`` or ``@supports`` rule with its head and its rules, any other at-rule as
    written. Each rule is kept as written; the rules are found by their braces, outside
    comments, strings, urls and escapes (:data:`CSS_TOKEN`), as tinycss2 finds them
    (tests/test_notebook_pages.py holds it to tinycss2's reading): 0.6 -> 0.05 s for
    nbconvert's 600 kB. Kept in the memo, and made by a notebook worker as soon as it has
    the stylesheet (:func:`_render_page`)."""

    def selectors(head: str) -> list[list[str]]:
        return [sorted(set(CLASS_NAME.findall(NEGATION.sub("", part)))) for part in COMMENT.sub("", head).split(",")]

    def parse(text: str) -> list:
        out: list = []
        for head, inside, whole in _css_rules(text):
            keyword = re.match(r"@([-\w]+)", head)
            if keyword is None:
                out.append(["rule", selectors(head), whole])
            elif keyword.group(1).lower() in ("media", "supports") and inside is not None:
                out.append(["group", head, parse(inside)])
            else:
                out.append(["at-rule", whole])
        return out

    return json.dumps(parse(text), ensure_ascii=False)


def _purge(rules: list, used: set[str]) -> str:
    def purge(rules: list) -> list[str]:
        kept = []
        for rule in rules:
            if rule[0] == "rule":
                if any(set(classes) <= used for classes in rule[1]):
                    kept.append(rule[2])
            elif rule[0] == "group":
                inner = purge(rule[2])
                if inner:
                    kept.append(f"{rule[1]}{{{''.join(inner)}}}")
            else:
                kept.append(rule[1])
        return kept

    return "\n".join(purge(rules)) + "\n"
