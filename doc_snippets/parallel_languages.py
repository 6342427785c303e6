"""Build the other languages in a forked process while the first one builds.

mkdocs-static-i18n builds the languages one after another in one process: the English
pages start only when the Korean ones are written, and one of the two cores waits.
Where the platform can fork (:func:`doc_snippets.forkserver.fork_unavailable`) and the
command is ``mkdocs build``, :class:`SideBySide` forks the build once the snippets'
results are ready. The child runs the very build mkdocs-static-i18n would run for the
other language (its steps are repeated in :meth:`SideBySide._child`) and sends back what
the rest of the build needs from it:

* its log records, logged by the parent where mkdocs-static-i18n would have built the
  language, so the build's log reads as before and ``--strict`` counts its warnings;
* the error that stopped it, raised at that same point;
* its search entries, and what the snippets plugin recorded (:func:`state`).

mkdocs-static-i18n's own build of that language becomes :meth:`SideBySide.take`, which
waits for the child. A child that ends without a word (killed, crashed) leaves the
language to be built in the build's own process, as without this module.

Not under ``mkdocs serve`` (its server's threads make forking unsafe), nor with
``--dirty``, where the platform cannot fork, or with a plugin this module does not know
(``with-pdf``, which mkdocs-static-i18n drives by hand): those build as before.

A fork copies only the thread that calls it. The build's other threads at that point
(the fork server's readers, which append to lists; the managers of the notebook pages'
and Kiwi's worker processes) are never used by the child: it keeps its log in memory,
reads rendered notebook pages from the cache (:meth:`NotebookPages.forget_workers`),
writes its report with ``os.write`` on a pipe of its own, and ends with ``os._exit``.
"""

from __future__ import annotations

import io
import logging
import os
import pickle
import signal
import sys
import time
import traceback
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from doc_snippets.forkserver import fork_unavailable

log = get_plugin_logger(__name__)

#: Python 3.12's warning at a fork of a process that has other threads (shown in the build's
#: log with a stack, as if something were wrong)
_FORK_WITH_THREADS = r"This process \(pid=\d+\) is multi-threaded, use of fork\(\) may lead to deadlocks"

#: what mkdocs-static-i18n keeps out of the log of the languages it builds itself
_I18N_QUIET = ("Documentation built in", "Building documentation to directory")


def why_not(config: MkDocsConfig, command: str | None, dirty: bool) -> str | None:
    """Why this build cannot build its languages side by side, or None if it can."""
    if command not in ("build", "gh-deploy"):
        return "not a `mkdocs build`"
    if dirty:
        return "--dirty"
    reason = fork_unavailable()
    if reason:
        return reason
    i18n = config.plugins.get("i18n")
    if i18n is None or config.plugins.get("with-pdf") is not None:
        return "no mkdocs-static-i18n, or with-pdf"
    module = sys.modules.get(type(i18n).__module__)
    from mkdocs.commands.build import build

    if getattr(module, "build", None) is not build:
        return "mkdocs-static-i18n does not build its languages with mkdocs' build()"
    for name in ("current_language", "build_languages", "search_entries", "building"):
        if not hasattr(i18n, name):
            return f"mkdocs-static-i18n has no {name!r}"
    return None


class _Keep(logging.Handler):
    """The child's log records, kept to be sent to the parent."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(_portable(record))


def _portable(record: logging.LogRecord) -> logging.LogRecord:
    """The record with its message formatted and its traceback as text (picklable)."""
    record.msg = record.getMessage()
    record.args = None
    if record.exc_info:
        record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.exc_info = None
    try:
        pickle.dumps(record)
    except Exception:  # noqa: BLE001: an attribute some library added; keep what a handler prints
        record = logging.makeLogRecord(
            {key: getattr(record, key) for key in ("name", "levelno", "levelname", "msg", "pathname", "lineno", "funcName", "created", "exc_text")}
        )
    return record


class _Child:
    def __init__(self, language: str, pid: int, read_fd: int, started: float) -> None:
        self.language = language
        self.pid = pid
        self.read_fd = read_fd
        self.started = started

    def wait(self) -> dict | None:
        """The child's report (None if it ended without one); reaps it."""
        chunks = []
        try:
            with io.FileIO(self.read_fd, "r", closefd=True) as pipe:
                while chunk := pipe.read(1 << 20):
                    chunks.append(chunk)
        finally:
            self.read_fd = -1  # closed: its number may be another file's now
        _, status = os.waitpid(self.pid, 0)
        self.pid = 0  # reaped: its number may be another process's now
        if status != 0 or not chunks:
            log.info(
                f"the '{self.language}' build's process ended without a result ({_status(status)}); "
                f"'{self.language}' is built in this process"
            )
            return None
        try:
            return pickle.loads(b"".join(chunks))
        except Exception as exc:  # noqa: BLE001: a damaged report is no report
            log.info(f"the '{self.language}' build's report could not be read ({exc!r}); '{self.language}' is built in this process")
            return None

    def kill(self) -> None:
        if self.pid:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except OSError:
                pass
            self.pid = 0
        if self.read_fd >= 0:
            try:
                os.close(self.read_fd)
            except OSError:
                pass
            self.read_fd = -1


def _status(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"signal {os.WTERMSIG(status)}"
    return f"exit status {os.WEXITSTATUS(status)}"


class SideBySide:
    """The other languages of one build, each built in a forked child.

    ``state`` gives what the snippets plugin records while a language builds, ``merge``
    adds a child's to the parent's, and ``in_child`` lets go, in the child, of what only
    the parent's threads can use (the notebook pages' workers).
    """

    def __init__(
        self,
        config: MkDocsConfig,
        state: Callable[[], Any],
        merge: Callable[[Any], None],
        in_child: Callable[[], None],
    ) -> None:
        self.config = config
        self.in_child = in_child
        self.i18n = config.plugins["i18n"]
        self.module = sys.modules[type(self.i18n).__module__]
        self.state = state
        self.merge = merge
        self.children: dict[str, _Child] = {}
        self._build = self.module.build

    def start(self) -> None:
        """Fork a child for each language mkdocs-static-i18n builds after this one."""
        others = [lang for lang in self.i18n.build_languages if lang != self.i18n.current_language]
        for language in others:
            read_fd, write_fd = os.pipe()
            sys.stdout.flush()
            sys.stderr.flush()
            with warnings.catch_warnings():
                # Python 3.12+ warns at every fork of a process with threads; why these
                # threads are safe to leave behind is in this module's docstring.
                warnings.filterwarnings("ignore", _FORK_WITH_THREADS, DeprecationWarning)
                pid = os.fork()
            if pid == 0:  # the child: never returns
                os.close(read_fd)
                self._child(language, write_fd)
            os.close(write_fd)
            self.children[language] = _Child(language, pid, read_fd, time.perf_counter())
        if self.children:
            self.module.build = self.take  # mkdocs-static-i18n calls it for each other language

    def _child(self, language: str, write_fd: int) -> None:
        """Build ``language`` as mkdocs-static-i18n's on_post_build would; report; exit."""
        status = 1
        try:
            keep = _Keep()
            for logger in (logging.getLogger(), logging.getLogger("mkdocs")):
                for handler in list(logger.handlers):
                    logger.removeHandler(handler)
                logger.addHandler(keep)
            signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C ends the child; the parent reports
            self.in_child()
            report: dict[str, Any] = {"records": keep.records}
            try:
                from mkdocs import utils
                from mkdocs_static_i18n.utils import I18nLoggingFilter

                quiet = I18nLoggingFilter()
                quiet.filtered_prefixes.update(_I18N_QUIET)
                logging.getLogger("mkdocs.commands.build").addFilter(quiet)
                utils.clean_directory = lambda directory: directory  # the first language is in it
                self._without_search_index_file()
                report["root_files"] = self._theme_templates_kept()
                before = len(self.i18n.search_entries)
                self.i18n.building = True
                self.i18n.current_language = language
                self._build(self.config, dirty=False)
                report["entries"] = self.i18n.search_entries[before:]
                report["state"] = self.state()
            except BaseException as exc:  # noqa: BLE001: the parent raises it where the build would have
                report["error"] = _portable_error(exc)
            data = pickle.dumps(report)
            with io.FileIO(write_fd, "w", closefd=True) as pipe:
                view = memoryview(data)
                while view:
                    view = view[pipe.write(view) :]
            status = 0
        finally:
            try:
                sys.stdout.flush()
                sys.stderr.flush()
            finally:
                os._exit(status)

    def _without_search_index_file(self) -> None:
        """The child keeps its search entries for the parent but writes no search index:
        the parent writes the index of every language, and the child's would land on the
        file the parent is writing for the first language (``search/search_index.json``)."""
        search = self.config.plugins.get("material/search") or self.config.plugins.get("search")
        if search is None:
            return
        events = self.config.plugins.events["post_build"]
        for i, method in enumerate(events):
            if getattr(method, "__self__", None) is search:
                events[i] = lambda config: None

    def _theme_templates_kept(self) -> dict[str, bytes]:
        """The theme's templates (``404.html``, ``sitemap.xml``) go to the root of the site
        in every language's build, and the last language's stay: the child keeps its own
        and the parent writes them after its own (:meth:`take`), as one process would.
        (The snippets plugin then puts each language's 404 page under its own root.)"""
        import tempfile

        from mkdocs.commands import build as build_module

        kept: dict[str, bytes] = {}
        build_template = build_module._build_theme_template

        def keep(template_name: str, env: Any, files: Any, config: MkDocsConfig, nav: Any) -> None:
            site_dir = config.site_dir
            with tempfile.TemporaryDirectory() as folder:
                config["site_dir"] = folder
                try:
                    build_template(template_name, env, files, config, nav)
                finally:
                    config["site_dir"] = site_dir
                for path in sorted(Path(folder).rglob("*")):
                    if path.is_file():
                        kept[path.relative_to(folder).as_posix()] = path.read_bytes()

        build_module._build_theme_template = keep
        return kept

    def take(self, config: MkDocsConfig, dirty: bool = False, **kwargs: Any) -> None:
        """Stands for mkdocs' ``build`` in mkdocs-static-i18n: a language built by a child
        is taken from it; any other is built here."""
        language = self.i18n.current_language
        child = self.children.pop(language, None)
        try:
            report = child.wait() if child is not None else None
        except BaseException:  # Ctrl-C while waiting: the child goes too
            if child is not None:
                child.kill()
            raise
        if report is None:
            return self._build(config, dirty=dirty, **kwargs)
        for record in report["records"]:
            logger = logging.getLogger(record.name)
            if logger.isEnabledFor(record.levelno):
                logger.handle(record)
        if "error" in report:
            raise report["error"]
        for name, data in report["root_files"].items():
            target = Path(config.site_dir) / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        self.i18n.search_entries.extend(report["entries"])
        self.merge(report["state"])
        log.info(f"'{language}' built in a second process, beside the first language: {time.perf_counter() - child.started:.1f} s")

    def close(self) -> None:
        """Give mkdocs-static-i18n its build back; stop children never waited for (a failed build)."""
        self.module.build = self._build
        for child in self.children.values():
            child.kill()
        self.children.clear()


def _portable_error(exc: BaseException) -> BaseException:
    """``exc``, if it survives pickling as itself; else a PluginError with its traceback."""
    try:
        copy = pickle.loads(pickle.dumps(exc))
        if type(copy) is type(exc) and str(copy) == str(exc):
            return exc
    except Exception:  # noqa: BLE001
        pass
    text = "".join(traceback.format_exception(exc)).rstrip()
    return PluginError(f"[doc_snippets] the other language's build failed:\n{text}")
