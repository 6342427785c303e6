"""Run the snippets under ``snippets/``: isolated, cached by content, failing loudly.

This module knows nothing about MkDocs; the plugin (:mod:`doc_snippets.plugin`) and
the tests both use it::

    runner = SnippetRunner(root)
    result = runner.get("linear_regression/simple.py")
    result.stdout, result.figures

Each snippet runs in its own interpreter (:mod:`doc_snippets.child`). What it printed
and the figures it left open are stored under ``.cache/snippets/<key>/``, where the
key hashes everything the output depends on: the snippet's source, the sources of
the project modules it imports (found by reading its imports), the translations of
its figure texts (``msgctxt "figure text"`` in its topic's ``.po`` catalogs; not the
comment translations, which change no run), the code that runs and saves it, and the versions of Python, torch, numpy and
matplotlib. Nothing changed, nothing runs.

How a snippet runs: where the platform can fork (Linux and other POSIX systems but
macOS), in a child forked from one warm interpreter that has imported torch and
matplotlib once for the whole build (:mod:`doc_snippets.forkserver`), two at a time;
elsewhere, or with ``fork=False``, in a brand-new interpreter each, as before, and
:attr:`SnippetRunner.execution` says why. Both ways give byte-identical outputs and
figures (``tests/test_isolation.py``). Each snippet's data memory is capped
(``memory_limit``), and a snippet that outlives ``timeout`` is killed.

The cache itself (entries checked as they are read, atomic writes, pruning that
spares what a concurrent build uses) is :mod:`doc_snippets.cache`.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import io
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from doc_snippets.catalog import Catalogs, CatalogError, topic_of

from doc_snippets import cache, values
from doc_snippets import child as child_module
from doc_snippets.forkserver import ChildTimeout, ForkServer, ForkServerError, kill_group, fork_unavailable

PACKAGE_DIR = Path(__file__).resolve().parent
#: Sources whose change changes every output (the code that runs and saves snippets).
_RUNNER_SOURCES = ("cache.py", "child.py", "figure_text.py", "forkserver.py", "runner.py", "svg_compact.py", "values.py")
#: the default cap on a snippet's data memory
DEFAULT_MEMORY_LIMIT = 4 * 2**30
#: Versions that change what a snippet prints or draws.
_VERSIONED = ("torch", "numpy", "matplotlib")


class SnippetError(Exception):
    """A snippet is missing, raised, ran too long, or drew an untranslatable figure."""


@dataclass(frozen=True)
class Figure:
    #: language -> SVG file in the cache
    files: dict[str, Path]
    #: language -> the figure's title as drawn in that language
    alt: dict[str, str]
    #: language -> what the figure shows and its takeaway (the page's alt text), from the
    #: topic's catalogs; filled in by :func:`doc_snippets.figure_description.describe_all`,
    #: never part of a run, so editing a description runs nothing again
    description: dict[str, str] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class SnippetResult:
    name: str  # path relative to the snippets folder, with "/" separators
    path: Path
    source: str
    stdout: str
    figures: list[Figure]
    seconds: float
    key: str
    versions: dict[str, str]
    #: the cache folder holding this result's files
    entry: Path
    from_cache: bool = field(default=False, compare=False)
    #: the figure-text catalog entries its figures used (None: not recorded)
    figure_texts: tuple[str, ...] | None = None
    #: language -> the source as a page in that language shows it (comments and
    #: docstrings translated; see doc_snippets.catalog). Filled in by the plugin.
    sources: dict[str, str] = field(default_factory=dict, compare=False)

    def shown_source(self, language: str) -> str:
        """The program as shown in ``language`` (the executed source where none was made)."""
        return self.sources.get(language, self.source)


def _figure_texts(meta: dict) -> tuple[str, ...] | None:
    """The figure-text entries a run used, as its ``meta.json`` recorded them."""
    used = meta.get("figure_texts")
    return None if used is None else tuple(used)


_UNITS = {"": 1, "b": 1, "k": 2**10, "kib": 2**10, "m": 2**20, "mib": 2**20, "g": 2**30, "gib": 2**30}


def parse_memory(value: str | int | None) -> int | None:
    """Bytes from ``"512 MiB"``, ``"4 GiB"``, ``"4G"`` or a number of bytes; None for
    ``0``, ``"none"`` or ``None`` (no cap)."""
    if value is None or value == 0 or str(value).strip().lower() in ("none", "0", "off"):
        return None
    if isinstance(value, int):
        return value
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([A-Za-z]*)\s*", str(value))
    if not match or match[2].lower() not in _UNITS:
        raise ValueError(f"{value!r} is not a memory size (write e.g. '512 MiB' or '4 GiB')")
    return int(float(match[1]) * _UNITS[match[2].lower()])


def format_memory(value: int) -> str:
    return f"{value / 2**30:g} GiB" if value >= 2**30 else f"{value / 2**20:g} MiB"


def versions() -> dict[str, str]:
    """The versions that make a run's output what it is (part of every cache key)."""
    return dict(_versions())


@functools.lru_cache(maxsize=1)
def _versions() -> tuple[tuple[str, str], ...]:
    # read once per process: importlib.metadata scans sys.path on every call (15 ms each)
    return (("python", platform.python_version()), *((package, metadata.version(package)) for package in _VERSIONED))


class SnippetRunner:
    def __init__(
        self,
        root: Path | str,
        snippets_dir: str = "snippets",
        cache_dir: str = ".cache/snippets",
        languages: tuple[str, ...] = ("ko", "en"),
        source_language: str = "en",
        timeout: float = 300.0,
        jobs: int = 2,
        memory_limit: int | None = DEFAULT_MEMORY_LIMIT,
        fork: bool = True,
    ):
        self.root = Path(root).resolve()
        self.snippets_dir = self.root / snippets_dir
        self.cache_dir = self.root / cache_dir
        self.catalogs = Catalogs(root, snippets_dir, languages, source_language)
        self.languages = tuple(languages)
        self.source_language = source_language
        self.timeout = timeout
        self.jobs = max(1, jobs)
        self.memory_limit = memory_limit
        self._memo: dict[str, SnippetResult] = {}
        #: what the last :meth:`run_all` did: names run, and names taken from the cache
        self.last_ran: list[str] = []
        self.last_cached: list[str] = []
        #: (snippet, what was wrong) for each damaged cache entry discarded since the last run_all
        self.discarded: list[tuple[str, str]] = []
        #: "fork" when snippets run in children of one warm interpreter, else why not
        self.execution = "fork" if fork else "fresh interpreters (fork=False)"
        if fork and fork_unavailable():
            self.execution = f"fresh interpreters ({fork_unavailable()})"
        self.registry = cache.Registry(self.cache_dir)
        self._server: ForkServer | None = None
        self._server_lock = threading.Lock()
        #: snippets running in fresh interpreters, each in a session of its own
        self._children: set[subprocess.Popen] = set()
        self._children_lock = threading.Lock()
        self._stopping = False
        #: fork servers whose input is closed (let_server_end), reaped by close()
        self._ending: list[ForkServer] = []
        #: per snippet of the last run_all, the modules the fork server imports before forking it
        self._preload: dict[str, list[str]] = {}

    # -- finding snippets -------------------------------------------------------
    def discover(self) -> list[str]:
        """Names of every example program (modules starting with ``_`` are helpers)."""
        return sorted(
            p.relative_to(self.snippets_dir).as_posix()
            for p in self.snippets_dir.rglob("*.py")
            if not any(part.startswith(("_", ".")) for part in p.relative_to(self.snippets_dir).parts)
        )

    def path(self, name: str) -> Path:
        path = (self.snippets_dir / name).resolve()
        if not path.is_file() or self.snippets_dir not in path.parents:
            raise SnippetError(f"no snippet {name!r} in {self.snippets_dir.relative_to(self.root)}/")
        return path

    def local_imports(self, path: Path) -> list[Path]:
        """Project modules ``path`` imports, directly or through each other."""
        seen: dict[Path, None] = {}
        todo = [path]
        while todo:
            current = todo.pop()
            for name in _imported_names(current.read_text(encoding="utf-8"), str(current)):
                for candidate in self._module_files(name, path.parent):
                    if candidate not in seen and candidate != path:
                        seen[candidate] = None
                        todo.append(candidate)
        return sorted(seen)

    def _module_files(self, dotted: str, base: Path) -> list[Path]:
        found = []
        parts = dotted.split(".")
        for i in range(1, len(parts) + 1):
            stem = base.joinpath(*parts[:i])
            for candidate in (stem.with_suffix(".py"), stem / "__init__.py"):
                if candidate.is_file():
                    found.append(candidate.resolve())
        return found

    # -- cache keys ----------------------------------------------------------------
    def _translations(self, name: str) -> dict[str, dict[str, str]]:
        """The figure texts of ``name``'s topic: ``{language: {English: translation}}``."""
        try:
            return self.catalogs.figure_texts(topic_of(name))
        except CatalogError as exc:
            raise SnippetError(str(exc)) from None

    def key(self, name: str) -> str:
        path = self.path(name)
        digest = hashlib.sha256()
        digest.update(name.encode())
        digest.update(path.read_bytes())
        for module in self.local_imports(path):
            digest.update(module.relative_to(self.root).as_posix().encode())
            digest.update(module.read_bytes())
        for source in _RUNNER_SOURCES:
            digest.update((PACKAGE_DIR / source).read_bytes())
        digest.update(json.dumps(self._translations(name), sort_keys=True).encode())
        digest.update(json.dumps([self.languages, self.source_language, versions()]).encode())
        return digest.hexdigest()[:20]

    # -- running -------------------------------------------------------------------
    def get(self, name: str) -> SnippetResult:
        """The result of ``name``: from memory, from the disk cache, or from a run."""
        key = self.key(name)
        self.registry.use({key})
        cached = self._memo.get(name)
        if cached is not None and cached.key == key:
            return cached
        result = self._load(name, key)
        if result is None:
            result = self._run(name, key)
        self._memo[name] = result
        return result

    def to_run(self, names: list[str] | None = None) -> list[str]:
        """The snippets (of ``names``, or all) that :meth:`run_all` would run: those whose
        result is neither in memory nor in the cache."""
        return self._to_run(names, on_first=None)

    def _to_run(self, names: list[str] | None, on_first: Callable[[], object] | None) -> list[str]:
        names = self.discover() if names is None else names
        missing = []
        for name in names:
            key = self.key(name)
            cached = self._memo.get(name)
            if not (cached is not None and cached.key == key) and not self._entry_dir(key).exists():
                if not missing and on_first is not None:
                    on_first()
                missing.append(name)
        return missing

    def start(self, names: list[str] | None = None) -> list[str]:
        """Start the fork server now if a snippet of ``names`` (or any) is to run, so that
        it imports torch while the build does other work; returns those snippets
        (:meth:`to_run`). :meth:`run_all` starts it too, when it was not started here.

        Started as soon as the first such snippet is found, before the other snippets'
        keys are made (in a cold build, after one key rather than 34: each reads the
        snippet's comments for their translations, 0.13 s in all)."""
        return self._to_run(names, on_first=lambda: self._fork_server(replace_stale=True))

    def run_all(
        self, names: list[str] | None = None, on_result: Callable[[str, SnippetResult], None] | None = None
    ) -> dict[str, SnippetResult]:
        """Bring every snippet up to date, running the changed ones in parallel.

        ``on_result(name, result)``, if given, is called with each result as soon as it
        is there, in the thread that got it (so from several threads at once)."""
        names = self.discover() if names is None else names
        before = {name: self._memo.get(name) for name in names}
        keys = {name: self.key(name) for name in names}
        # registered before any entry is read, so a concurrent prune spares them
        self.registry.use(set(keys.values()), replace=True)
        self.discarded = []
        if any(not self._entry_dir(key).exists() for key in keys.values()):
            # imports torch while the first snippets are looked up; a server whose code
            # was edited since (mkdocs serve) is replaced here, while none of its children runs
            self._fork_server(replace_stale=True)
        self._stopping = False
        self._preload = self._shared_imports(self.to_run(names))
        try:
            with ThreadPoolExecutor(max_workers=self.jobs) as pool:
                try:
                    results = dict(zip(names, pool.map(self.get if on_result is None else self._reporting(on_result), names)))
                except KeyboardInterrupt:
                    # Ctrl-C: a snippet runs in a process group of its own, which the terminal's
                    # SIGINT does not reach. (A snippet that fails lets the others finish, as
                    # before: their results are cached for the next build.)
                    pool.shutdown(wait=False, cancel_futures=True)
                    self._stop_children()
                    raise
        finally:
            self._preload = {}  # a snippet run on its own (get) imports what it imports itself
        self.last_ran = [n for n, r in results.items() if not r.from_cache and r is not before[n]]
        self.last_cached = [n for n, r in results.items() if r.from_cache and r is not before[n]]
        return results

    def _shared_imports(self, names: list[str]) -> dict[str, list[str]]:
        """For each snippet of ``names`` (those to run), the modules it imports that
        another of them imports too: a branch of the fork server imports them once, as the
        first job that names one comes, and forks those snippets (``forkserver._branch_for``),
        not each snippet's process again (``sklearn.datasets``: 1.3 s of CPU in each of
        two); the server goes on forking the others meanwhile. The jobs go in the
        snippets' own order (sent last, the import and the longest of them were left to
        the run's end, with a core idle). Not project modules (the snippet's own code), nor
        those of the packages the server imports to start with (:data:`child.PRELOADED`:
        torch, matplotlib), nor the standard library's (imported with torch, or light): a
        job names only what its server lacks."""
        imports: dict[str, set[str]] = {}
        for name in names:
            try:
                path = self.path(name)
                source = path.read_text(encoding="utf-8")
            except (SnippetError, OSError):  # get() reports it, in its turn
                continue
            imports[name] = {
                module
                for module in _preloadable(source, str(path))
                if module.partition(".")[0] not in _NOT_PRELOADED and not self._module_files(module, path.parent)
            }
        counts: dict[str, int] = {}
        for modules in imports.values():
            for module in modules:
                counts[module] = counts.get(module, 0) + 1
        return {name: sorted(m for m in modules if counts[m] > 1) for name, modules in imports.items()}

    def _reporting(self, on_result: Callable[[str, SnippetResult], None]) -> Callable[[str], SnippetResult]:
        def get(name: str) -> SnippetResult:
            result = self.get(name)
            on_result(name, result)
            return result

        return get

    def prune(self) -> list[str]:
        """Remove cache entries that no snippet of a live build uses (see :mod:`doc_snippets.cache`)."""
        return self.registry.prune()

    def let_server_end(self) -> None:
        """Close the fork server's input, so that it ends now, beside the rest of the build,
        instead of at the build's end, where the build waited for it (0.06 s: unmapping a
        gigabyte). A later run starts another; :meth:`close` reaps it."""
        with self._server_lock:
            if self._server is not None:
                self._server.end()
                self._ending.append(self._server)
                self._server = None

    def close(self) -> None:
        """Stop the fork server and unregister this build (a new build may start after)."""
        with self._server_lock:
            for server in [*self._ending, *([self._server] if self._server is not None else [])]:
                server.close()
            self._server = None
            self._ending = []
        self.registry.close()

    def _stop_children(self) -> None:
        """Kill every running snippet and what it started, and start no more: the fork
        server kills its children when its input closes; a fresh interpreter is killed here."""
        with self._children_lock:
            self._stopping = True
            children = list(self._children)
        with self._server_lock:
            server, self._server = self._server, None
        if server is not None:
            server.close()
        for proc in children:
            _kill(proc)

    def _fork_server(self, replace_stale: bool = False) -> ForkServer | None:
        """The running fork server, started if need be; None where fork is not used."""
        with self._server_lock:
            if self.execution != "fork":
                return None
            server = self._server
            stale = replace_stale and server is not None and server.code != _forkserver_code()
            if server is not None and (server.proc.poll() is not None or stale):
                server.close()  # it died, or its code was edited
                server = self._server = None
            if server is None:
                self.cache_dir.mkdir(parents=True, exist_ok=True)
                server = self._server = ForkServer(self._env(), cwd=self.cache_dir)
            return server

    def _entry_dir(self, key: str) -> Path:
        return self.cache_dir / key

    def _load(self, name: str, key: str) -> SnippetResult | None:
        entry = self._entry_dir(key)
        try:
            meta = cache.read_entry(entry)
        except cache.DamagedEntry as reason:
            self.discarded.append((name, str(reason)))
            cache.discard(entry)
            return None
        if meta is None:
            return None
        return self._result(name, key, entry, meta, from_cache=True)

    def _result(self, name: str, key: str, entry: Path, meta: dict, from_cache: bool) -> SnippetResult:
        path = self.path(name)
        figures = [
            Figure(files={lang: entry / f for lang, f in fig["files"].items()}, alt=fig["alt"])
            for fig in meta["figures"]
        ]
        return SnippetResult(
            name=name,
            path=path,
            source=path.read_text(encoding="utf-8"),
            stdout=(entry / "stdout.txt").read_text(encoding="utf-8"),
            figures=figures,
            seconds=meta["seconds"],
            key=key,
            versions=meta["versions"],
            entry=entry,
            from_cache=from_cache,
            figure_texts=_figure_texts(meta),
        )

    def _env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            {
                "MPLBACKEND": "Agg",
                "PYTHONHASHSEED": "0",
                "PYTHONIOENCODING": "utf-8",
                "PYTHONDONTWRITEBYTECODE": "1",
                "OMP_NUM_THREADS": "1",
                "MKL_NUM_THREADS": "1",
                "SOURCE_DATE_EPOCH": "0",
            }
        )
        return env

    def _execute(self, path: Path, work: Path, request: Path, cwd: Path, preload: list[str] | tuple[str, ...] = ()) -> tuple[int, float]:
        """Run the snippet (stdout to ``work/stdout.raw``, stderr to ``work/stderr.txt``);
        its exit status (negative if a signal ended it) and its run time (from its
        process's start, not counting the warm interpreter's imports). ChildTimeout if
        it ran too long. ``preload``: the modules the fork server imports before forking it
        (:meth:`_shared_imports`)."""
        server = self._fork_server()
        if server is not None:
            try:
                server.wait_ready()
                return server.run(path, work, request, cwd, self._env(), self.timeout, preload)
            except ForkServerError as exc:
                with self._server_lock:
                    self.execution = f"fresh interpreters ({exc})"
        started = time.perf_counter()
        with open(work / "stdout.raw", "wb") as out, open(work / "stderr.txt", "wb") as err:
            with self._children_lock:
                if self._stopping:
                    raise KeyboardInterrupt("the build was interrupted")
                # its own session (process group) where there is one: a timeout stops what it started too
                proc = subprocess.Popen(
                    [sys.executable, "-m", "doc_snippets.child", str(path), str(work), str(request)],
                    cwd=cwd,
                    env=self._env(),
                    stdin=subprocess.DEVNULL,
                    stdout=out,
                    stderr=err,
                    start_new_session=hasattr(os, "killpg"),
                )
                self._children.add(proc)
            try:
                proc.wait(timeout=self.timeout)
            except subprocess.TimeoutExpired:
                _kill(proc)
                raise ChildTimeout() from None
            finally:
                with self._children_lock:
                    self._children.discard(proc)
        return proc.returncode, time.perf_counter() - started

    def _failure(self, shown: str, work: Path, status: int) -> SnippetError:
        """The build error for a snippet whose process exited with ``status``."""
        error_file = work / "error.json"
        stderr = (work / "stderr.txt").read_text(encoding="utf-8", errors="replace")
        limit = f"it may use at most {format_memory(self.memory_limit)}" if self.memory_limit else "no cap is set"
        oom = f"snippet ran out of memory: {limit} (the plugin's 'memory_limit' option in mkdocs.yml)"
        try:
            error = json.loads(error_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            error = None
        if error is not None:
            where = f"{shown}:{error['line']}" if error["line"] else shown
            detail = error["traceback"] or ""
            if error.get("out_of_memory"):
                return SnippetError(f"{where}: {oom}; {error['type']}: {error['message']}\n{detail}".rstrip())
            return SnippetError(f"{where}: snippet raised {error['type']}: {error['message']}\n{detail}".rstrip())
        if "bad_alloc" in stderr or "Cannot allocate memory" in stderr:
            return SnippetError(f"{shown}: {oom}\n{stderr}".rstrip())
        if status < 0:
            name = signal.Signals(-status).name
            hint = " (perhaps the system ran out of memory)" if -status == signal.SIGKILL else ""
            return SnippetError(f"{shown}: snippet process was killed by {name}{hint}\n{stderr}".rstrip())
        return SnippetError(f"{shown}: snippet process exited with status {status}\n{stderr}".rstrip())

    def _run(self, name: str, key: str) -> SnippetResult:
        path = self.path(name)
        shown = path.relative_to(self.root).as_posix()
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f"{key}.", dir=self.cache_dir))
        try:
            request = work / "request.json"
            request.write_text(
                json.dumps(
                    {
                        "translations": self._translations(name),
                        "languages": list(self.languages),
                        "source_language": self.source_language,
                        "memory_limit": self.memory_limit,
                    }
                ),
                encoding="utf-8",
            )
            # The snippet runs in an empty folder, so it cannot write into the project.
            cwd = work / "cwd"
            cwd.mkdir()
            try:
                status, seconds = self._execute(path, work, request, cwd, self._preload.get(name, []))
            except ChildTimeout:
                raise SnippetError(
                    f"{shown}: snippet still running after {self.timeout:g} s and was stopped "
                    f"(the limit is the plugin's 'timeout' option in mkdocs.yml)"
                ) from None
            if status != 0:
                raise self._failure(shown, work, status)
            result = json.loads((work / "result.json").read_text(encoding="utf-8"))
            # decoded as a text pipe would be: UTF-8, universal newlines
            raw = (work / "stdout.raw").read_bytes()
            stdout = io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8", newline=None).read()
            (work / cache.STDOUT).write_text(stdout, encoding="utf-8", newline="\n")
            for leftover in ("request.json", "result.json", "stdout.raw", "stderr.txt"):
                (work / leftover).unlink()
            shutil.rmtree(cwd)
            names = [cache.STDOUT] + [f for fig in result["figures"] for f in fig["files"].values()]
            names += [extra for extra in (values.FILE,) if (work / extra).is_file()]  # checked as read, too
            meta = {
                "figures": result["figures"],
                "seconds": round(seconds, 2),
                "versions": versions(),
                "files": cache.describe_files(work, names),
                "figure_texts": result.get("figure_texts"),
            }
            cache.write_meta(work, meta)
            entry = self._entry_dir(key)
            cache.publish(work, entry)
            return self._result(name, key, entry, meta, from_cache=False)
        finally:
            if work.exists():
                shutil.rmtree(work, ignore_errors=True)


@functools.lru_cache(maxsize=512)
def _import_statements(source: str, filename: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each absolute import of ``source``: (module, the names a ``from`` imports from it;
    none for ``import a.b``). Kept per text: a build reads each snippet's imports four
    times (its cache key: to start the fork server, before and in the run)."""
    try:
        tree = ast.parse(source, filename=filename)
    except SyntaxError:
        return ()  # the run reports it, with its line
    found: list[tuple[str, tuple[str, ...]]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, ()) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, tuple(alias.name for alias in node.names)))
    return tuple(found)


def _imported_names(source: str, filename: str) -> tuple[str, ...]:
    """The modules ``source`` imports by absolute name (``import a.b``, ``from a import b``:
    ``a.b``), each maybe a project module."""
    return tuple(name for module, names in _import_statements(source, filename) for name in (module, *(f"{module}.{n}" for n in names)))


#: the top-level packages whose modules a job never asks the fork server to import (see
#: SnippetRunner._shared_imports)
_NOT_PRELOADED = child_module.PRELOADED | frozenset(sys.stdlib_module_names)


def _preloadable(source: str, filename: str) -> tuple[str, ...]:
    """The modules ``source`` imports (``import a.b``: ``a.b``; ``from a import b``: ``a``,
    where ``b`` may be a name rather than a module), for the fork server to import before it."""
    return tuple(dict.fromkeys(module for module, _ in _import_statements(source, filename)))


def _kill(proc: subprocess.Popen) -> None:
    """Kill a snippet's fresh interpreter and what it started (its session's group), and reap it."""
    if hasattr(os, "killpg"):
        kill_group(proc.pid)
    else:  # pragma: no cover - Windows
        proc.kill()
    proc.wait()


def _forkserver_code() -> str:
    from doc_snippets.forkserver import code_digest

    return code_digest()
