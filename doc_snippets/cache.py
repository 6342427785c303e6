"""The snippet cache on disk: entries checked as they are read, written atomically,
pruned without touching what another build is using.

An entry is a folder ``<cache>/<key>/`` holding ``stdout.txt``, the figures
(``figure<N>.<language>.svg``) and ``meta.json``. ``meta.json`` lists every other
file of the entry with its size and SHA-256, so a reader can tell a whole entry from
a damaged one (a truncated file, a missing one, a disk that filled up, a partly
restored CI cache): :func:`read_entry` raises :class:`DamagedEntry` naming what is
wrong, and the runner discards the entry and runs the snippet again.

Writes are atomic: a run writes into a temporary folder ``<key>.<random>`` beside
the entries and renames it to ``<key>`` once every file, ``meta.json`` last, is
written. A reader never sees a half-written entry under its key.

Pruning (after a build, :meth:`Registry.prune`): every build registers the keys it
uses in ``<cache>/.builds/<id>.keys`` before it reads or writes an entry, and holds an
exclusive ``flock`` on ``<id>.lock`` for as long as it lives (the kernel drops the
lock when the process ends, however it ends). Pruning removes an entry only if no
live build has registered its key; registering and pruning take a shared lock
``.builds/.lock`` in turn, so a build either registers before a prune looks (and its
entries stay) or after the prune is done (and, at worst, runs a pruned snippet
again). A lock file whose lock nobody holds belongs to a build that has ended and
is removed. Without ``fcntl`` (Windows) nothing is pruned; ``make clean`` empties
the cache on every platform.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

META = "meta.json"
STDOUT = "stdout.txt"
#: an entry folder, or a run's temporary folder ``<key>.<random>``
_ENTRY_NAME = re.compile(r"^(?P<key>[0-9a-f]{20})(?:\.[A-Za-z0-9_]+)?$")


class DamagedEntry(Exception):
    """An entry whose files are missing, unreadable or not what its metadata records."""


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def describe_files(folder: Path, names: list[str]) -> dict[str, dict]:
    """``{name: {"size", "sha256"}}`` of the files ``names`` in ``folder``."""
    return {name: {"size": (folder / name).stat().st_size, "sha256": _digest(folder / name)} for name in names}


def write_meta(folder: Path, meta: dict) -> None:
    """Write ``meta.json`` (last, after every file it describes)."""
    (folder / META).write_text(json.dumps(meta, indent=1), encoding="utf-8")


def read_entry(entry: Path) -> dict | None:
    """The metadata of a whole entry; None if there is none; DamagedEntry if damaged."""
    if not entry.exists():
        return None
    meta_file = entry / META
    try:
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DamagedEntry(f"{META} is missing") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DamagedEntry(f"{META} is unreadable ({exc})") from None
    try:
        files = meta["files"]
        figures = meta["figures"]
        float(meta["seconds"])
        dict(meta["versions"])
        named = {STDOUT} | {name for fig in figures for name in fig["files"].values()}
        if not named <= set(files):
            raise DamagedEntry(f"{META} does not describe {', '.join(sorted(named - set(files)))}")
        for name, recorded in files.items():
            int(recorded["size"]), str(recorded["sha256"])  # the fields exist and have their types
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise DamagedEntry(f"{META} lacks a field or has a wrong one ({exc!r})") from None
    for name, recorded in files.items():
        path = entry / name
        if "/" in name or name.startswith("."):
            raise DamagedEntry(f"{META} names a file outside the entry: {name!r}")
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            raise DamagedEntry(f"{name} is missing") from None
        if size != recorded["size"]:
            raise DamagedEntry(f"{name} has {size} bytes, its metadata records {recorded['size']}")
        if _digest(path) != recorded["sha256"]:
            raise DamagedEntry(f"{name} is not the file that was written (its SHA-256 differs)")
    try:
        (entry / STDOUT).read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DamagedEntry(f"{STDOUT} is not UTF-8 ({exc})") from None
    return meta


def discard(entry: Path) -> None:
    """Remove an entry: first out of its key's place (atomically), then from disk."""
    trash = entry.with_name(f".trash-{entry.name}-{secrets.token_hex(4)}")
    try:
        entry.rename(trash)
    except FileNotFoundError:
        return  # another build discarded it first
    shutil.rmtree(trash, ignore_errors=True)


def publish(work: Path, entry: Path) -> bool:
    """Move a finished temporary folder to its key; False if another build got there first."""
    try:
        work.rename(entry)
        return True
    except OSError:
        if not entry.exists():
            raise
        shutil.rmtree(work, ignore_errors=True)  # same key, same content: keep theirs
        return False


class Registry:
    """The keys one build (one runner) uses, visible to every other build."""

    def __init__(self, cache_dir: Path):
        self.cache_dir = cache_dir
        self.dir = cache_dir / ".builds"
        self.keys: set[str] = set()
        self.enabled = fcntl is not None
        self._lock_fd: int | None = None
        self._thread_lock = threading.Lock()  # the build's threads register one at a time
        self.name = f"{os.getpid()}-{secrets.token_hex(4)}"

    def _open(self) -> None:
        """Create and lock this build's lock file (under the global lock, so that a
        prune never finds it created but not yet locked)."""
        if self._lock_fd is not None:
            return
        self._lock_fd = os.open(self.dir / f"{self.name}.lock", os.O_RDWR | os.O_CREAT, 0o644)
        fcntl.flock(self._lock_fd, fcntl.LOCK_EX)

    @contextmanager
    def _global(self):
        self.dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.dir / ".lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)

    def _write(self) -> None:
        tmp = self.dir / f"{self.name}.keys.tmp"
        tmp.write_text(json.dumps(sorted(self.keys)), encoding="utf-8")
        tmp.replace(self.dir / f"{self.name}.keys")

    def use(self, keys: set[str], replace: bool = False) -> None:
        """Register ``keys`` (``replace``: this build now uses exactly these)."""
        with self._thread_lock:
            new = set(keys) if replace else self.keys | set(keys)
            if new == self.keys and (self._lock_fd is not None or not self.enabled):
                return
            self.keys = new
            if not self.enabled:
                return
            with self._global():
                self._open()
                self._write()

    def _live_keys(self) -> set[str]:
        """Keys registered by every build still running (this one included)."""
        live: set[str] = set()
        for lock in self.dir.glob("*.lock"):
            name = lock.name[: -len(".lock")]
            keys_file = self.dir / f"{name}.keys"
            fd = os.open(lock, os.O_RDWR)
            try:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    try:
                        live.update(json.loads(keys_file.read_text(encoding="utf-8")))
                    except (OSError, ValueError):
                        pass
                    continue
                # nobody holds it: that build has ended
                keys_file.unlink(missing_ok=True)
                lock.unlink(missing_ok=True)
            finally:
                os.close(fd)
        return live

    def prune(self) -> list[str]:
        """Remove entries (and leftover temporary folders) no live build uses; their names."""
        if not self.enabled or not self.cache_dir.is_dir():
            return []
        removed = []
        with self._thread_lock, self._global():
            self._open()
            live = self._live_keys() | self.keys
            for path in sorted(self.cache_dir.iterdir()):
                if path.name.startswith(".trash-"):
                    shutil.rmtree(path, ignore_errors=True)
                    continue
                match = _ENTRY_NAME.match(path.name)
                if match and path.is_dir() and match["key"] not in live:
                    shutil.rmtree(path, ignore_errors=True)
                    removed.append(path.name)
        return removed

    def close(self) -> None:
        with self._thread_lock:
            self._close()

    def _close(self) -> None:
        if self._lock_fd is not None:
            (self.dir / f"{self.name}.keys").unlink(missing_ok=True)
            (self.dir / f"{self.name}.lock").unlink(missing_ok=True)
            os.close(self._lock_fd)
            self._lock_fd = None
