"""Run the snippets under ``snippets/``: isolated, cached by content, failing loudly.

This module knows nothing about MkDocs; the plugin (:mod:`doc_snippets.plugin`) and
the tests both use it::

    runner = SnippetRunner(root)
    result = runner.get("linear_regression/simple.py")
    result.stdout, result.figures

Each snippet runs in its own interpreter (:mod:`doc_snippets.child`). What it printed
and the figures it left open are stored under ``.cache/snippets/<key>/``, where the
key hashes everything the output depends on: the snippet's source, the sources of
the project modules it imports (found by reading its imports), the figure text
table, the code that runs and saves it, and the versions of Python, torch, numpy and
matplotlib. Nothing changed, nothing runs.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import yaml

PACKAGE_DIR = Path(__file__).resolve().parent
#: Sources whose change changes every output (the code that runs and saves snippets).
_RUNNER_SOURCES = ("child.py", "figure_text.py", "runner.py", "values.py")
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


def versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for package in _VERSIONED:
        found[package] = metadata.version(package)
    return found


class SnippetRunner:
    def __init__(
        self,
        root: Path | str,
        snippets_dir: str = "snippets",
        cache_dir: str = ".cache/snippets",
        figure_text: str = "figure_text.yml",
        languages: tuple[str, ...] = ("ko", "en"),
        source_language: str = "en",
        timeout: float = 300.0,
        jobs: int = 2,
    ):
        self.root = Path(root).resolve()
        self.snippets_dir = self.root / snippets_dir
        self.cache_dir = self.root / cache_dir
        self.figure_text = figure_text
        self.languages = tuple(languages)
        self.source_language = source_language
        self.timeout = timeout
        self.jobs = max(1, jobs)
        self._memo: dict[str, SnippetResult] = {}
        #: what the last :meth:`run_all` did: names run, and names taken from the cache
        self.last_ran: list[str] = []
        self.last_cached: list[str] = []

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
            try:
                tree = ast.parse(current.read_text(encoding="utf-8"), filename=str(current))
            except SyntaxError:
                continue  # the run reports it, with its line
            for node in ast.walk(tree):
                names: list[str] = []
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
                for name in names:
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
    def _translations(self) -> dict[str, dict[str, str]]:
        """Every ``figure_text.yml`` under the snippets folder, merged."""
        merged: dict[str, dict[str, str]] = {}
        for table in sorted(self.snippets_dir.rglob(self.figure_text)):
            shown = table.relative_to(self.root)
            try:
                data = yaml.safe_load(table.read_text(encoding="utf-8")) or {}
            except yaml.YAMLError as exc:
                raise SnippetError(f"{shown}: not valid YAML: {exc}") from None
            if not isinstance(data, dict):
                raise SnippetError(f"{shown}: expected a mapping of language to texts")
            for lang, texts in data.items():
                for source, text in (texts or {}).items():
                    known = merged.setdefault(str(lang), {})
                    if str(source) in known and known[str(source)] != str(text):
                        raise SnippetError(f"{shown}: {source!r} is translated differently in another figure_text.yml")
                    known[str(source)] = str(text)
        return merged

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
        digest.update(json.dumps(self._translations(), sort_keys=True).encode())
        digest.update(json.dumps([self.languages, self.source_language, versions()]).encode())
        return digest.hexdigest()[:20]

    # -- running -------------------------------------------------------------------
    def get(self, name: str) -> SnippetResult:
        """The result of ``name``: from memory, from the disk cache, or from a run."""
        key = self.key(name)
        cached = self._memo.get(name)
        if cached is not None and cached.key == key:
            return cached
        result = self._load(name, key)
        if result is None:
            result = self._run(name, key)
        self._memo[name] = result
        return result

    def run_all(self, names: list[str] | None = None) -> dict[str, SnippetResult]:
        """Bring every snippet up to date, running the changed ones in parallel."""
        names = self.discover() if names is None else names
        before = {name: self._memo.get(name) for name in names}
        with ThreadPoolExecutor(max_workers=self.jobs) as pool:
            results = dict(zip(names, pool.map(self.get, names)))
        self.last_ran = [n for n, r in results.items() if not r.from_cache and r is not before[n]]
        self.last_cached = [n for n, r in results.items() if r.from_cache and r is not before[n]]
        return results

    def _entry_dir(self, key: str) -> Path:
        return self.cache_dir / key

    def _load(self, name: str, key: str) -> SnippetResult | None:
        entry = self._entry_dir(key)
        meta_file = entry / "meta.json"
        if not meta_file.is_file():
            return None
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
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
        )

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
                        "translations": self._translations(),
                        "languages": list(self.languages),
                        "source_language": self.source_language,
                    }
                ),
                encoding="utf-8",
            )
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
            # The snippet runs in an empty folder, so it cannot write into the project.
            cwd = work / "cwd"
            cwd.mkdir()
            started = time.perf_counter()
            try:
                proc = subprocess.run(
                    [sys.executable, "-m", "doc_snippets.child", str(path), str(work), str(request)],
                    cwd=cwd,
                    env=env,
                    stdin=subprocess.DEVNULL,
                    capture_output=True,
                    text=True,
                    encoding="utf-8",
                    timeout=self.timeout,
                )
            except subprocess.TimeoutExpired:
                raise SnippetError(
                    f"{shown}: snippet still running after {self.timeout:g} s and was stopped "
                    f"(the limit is the plugin's 'timeout' option in mkdocs.yml)"
                ) from None
            seconds = time.perf_counter() - started
            error_file = work / "error.json"
            if proc.returncode != 0:
                if error_file.is_file():
                    error = json.loads(error_file.read_text(encoding="utf-8"))
                    where = f"{shown}:{error['line']}" if error["line"] else shown
                    detail = error["traceback"] or ""
                    raise SnippetError(
                        f"{where}: snippet raised {error['type']}: {error['message']}\n{detail}".rstrip()
                    )
                raise SnippetError(
                    f"{shown}: snippet process exited with status {proc.returncode}\n{proc.stderr}".rstrip()
                )
            result = json.loads((work / "result.json").read_text(encoding="utf-8"))
            (work / "stdout.txt").write_text(proc.stdout, encoding="utf-8")
            meta = {"figures": result["figures"], "seconds": round(seconds, 2), "versions": versions()}
            (work / "meta.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
            for leftover in ("request.json", "result.json"):
                (work / leftover).unlink()
            shutil.rmtree(cwd)
            entry = self._entry_dir(key)
            if entry.exists():  # a concurrent build got there first; same content
                shutil.rmtree(entry)
            work.rename(entry)
            return self._result(name, key, entry, meta, from_cache=False)
        finally:
            if work.exists():
                shutil.rmtree(work, ignore_errors=True)
