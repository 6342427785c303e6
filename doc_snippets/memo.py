"""Results of pure text functions kept on disk, under the hash of everything they are made from.

MkDocs renders every page on every build. Some of the plugin's work on a page is a pure
function of text that is the same from one build to the next when nothing changed: the
``lang`` marking of a page's HTML (:func:`doc_snippets.lang_parts.mark`, a walk through
each page's tags, a notebook page's 600 kB included), the shared notebook stylesheet cut down to
the classes the pages use. :class:`Memo` keeps such results in files named by the SHA-256
of the function's module source, the Python version and the arguments, so a build with
nothing changed reads them back instead of computing them again, and any change to an
input, or to the code, makes a new name (nothing is served stale).

A build records the files it used; :meth:`Memo.prune` removes the others after it. A file
that is missing or unreadable when it is read is computed again: a memo file is never the
only copy of anything.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

#: the argument types a memoized function may take (their JSON is hashed)
Argument = str | int | float | bool | None | list | tuple | dict


@functools.lru_cache(maxsize=None)
def _code_digest(module_file: str) -> bytes:
    """What a function's result depends on besides its arguments: its module's source
    and the Python that runs it (the standard library's parsers included)."""
    digest = hashlib.sha256(sys.version.encode())
    digest.update(Path(module_file).read_bytes())
    return digest.digest()


def _age(path: Path) -> float:
    try:
        return time.time() - path.stat().st_mtime
    except OSError:
        return 0.0


class Memo:
    def __init__(self, folder: Path | str):
        self.folder = Path(folder)
        #: the files this build read or wrote
        self.used: set[Path] = set()
        #: how many calls were answered from disk / computed, since the last prune
        self.hits = 0
        self.misses = 0

    def path(self, function: Callable[..., str], *args: Argument) -> Path:
        source = inspect.getsourcefile(function)
        if source is None:
            raise TypeError(f"{function!r} has no source file: its results cannot be keyed by its code")
        digest = hashlib.sha256(_code_digest(source))
        for arg in args:
            data = arg.encode("utf-8") if isinstance(arg, str) else json.dumps(arg, ensure_ascii=False, sort_keys=True).encode("utf-8")
            digest.update(len(data).to_bytes(8, "big"))
            digest.update(data)
        return self.folder / function.__module__ / f"{function.__qualname__}-{digest.hexdigest()[:32]}"

    def __call__(self, function: Callable[..., str], *args: Argument) -> str:
        """``function(*args)``, read from disk when it was computed before."""
        path = self.path(function, *args)
        self.used.add(path)
        try:
            value = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            pass
        else:
            self.hits += 1
            return value
        self.misses += 1
        value = function(*args)
        if not isinstance(value, str):
            raise TypeError(f"{function.__qualname__} returned {type(value).__name__}; a memo keeps text only")
        self._write(path, value)
        return value

    def _write(self, path: Path, value: str) -> None:
        """Written whole or not at all: a temporary file renamed into place."""
        try:
            try:
                handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            except FileNotFoundError:  # the function's first result (a mkdir each time: 0.1 s a cold build)
                path.parent.mkdir(parents=True, exist_ok=True)
                handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(handle, "w", encoding="utf-8") as f:
                f.write(value)
            os.chmod(temporary, 0o644)  # as any other cache file (mkstemp makes it owner-only)
            os.replace(temporary, path)
        except OSError:
            pass  # a read-only or full disk costs speed, never the page

    def prune(self) -> list[Path]:
        """Remove the memo files this build did not use; returns them."""
        removed = []
        if self.folder.is_dir():
            for path in self.folder.glob("*/*"):
                if not path.is_file() or path in self.used:
                    continue
                # a temporary file is another build's write in progress, unless an hour old (a crash's)
                if path.name.startswith(".tmp-") and _age(path) < 3600:
                    continue
                try:
                    path.unlink()
                except OSError:
                    continue
                removed.append(path)
        self.used = set()
        self.hits = self.misses = 0
        return removed
