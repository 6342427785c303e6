"""What the notebook workers' process does before anything else (it imports this module first).

That process is multiprocessing's ``forkserver`` (:func:`doc_snippets.notebook_pages.worker_context`):
it imports mkdocs-jupyter and nbconvert once and forks each worker from itself. The build
never imports this module; only that process does, so what it sets stays there:

- ``NBCONVERT_DISABLE_CONFIG_EXPORTERS``: nbconvert's command-line application, which
  mkdocs-jupyter imports, lists the export formats in its help text as the module is
  imported, making an exporter of every installed format to see which are enabled. With
  this set it lists their names only. The workers use their own exporters; the list is
  help text. (Importing mkdocs-jupyter: 0.88 -> 0.52 s.)
- ``nice`` 10 (above the build's): the process imports while a cold build's fork server
  imports torch, which the first snippets wait for; below it, it takes the time the build
  leaves. Its workers inherit it; a worker started on its own (``spawn``) lowers itself
  the same way (:func:`doc_snippets.notebook_pages._lower_priority`).
- It ends without taking its interpreter apart (:func:`end_without_teardown`): once the
  build has gone, the exit functions run and the process ends there, instead of spending
  0.15 to 0.25 s freeing mkdocs-jupyter's and nbconvert's modules one object at a time
  while it still holds the build's stderr (whoever reads the build's output, a CI log or
  ``make bench``, waited for it).
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import sys
from pathlib import Path


#: set once this process (or the one it was forked from) has lowered its priority
LOWERED = "DOC_SNIPPETS_WORKER_NICE"


def prepare() -> None:
    """Set this process up (once: a worker forked from the set-up process inherits it)."""
    os.environ.setdefault("NBCONVERT_DISABLE_CONFIG_EXPORTERS", "1")
    if os.environ.get(LOWERED) != "1":
        try:
            os.nice(10)
        except (AttributeError, OSError):  # no nice() (Windows), or not allowed: normal priority
            pass
        os.environ[LOWERED] = "1"


def end_without_teardown() -> None:
    """(an exit function, registered before mkdocs-jupyter's and nbconvert's imports
    register theirs, so it runs after them) Flush what this process printed and end it
    without the interpreter's teardown.

    Nothing of this process is kept: its workers end with ``os._exit`` anyway (as every
    process multiprocessing forks does), and the exit functions its imports registered
    after this one (logging's, which flushes) have run; multiprocessing's own, registered
    before, has nothing to do here (this process starts no ``Process``). It ends when
    the build closes its end of the process's pipe (the build ends, or stops it)."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (AttributeError, OSError, ValueError):
            pass
    os._exit(0)


def _imported_by_the_forkserver() -> bool:
    """Whether multiprocessing's forkserver is importing this module as it starts (its
    ``main`` preloads it). Only that process ends by :func:`end_without_teardown`: a
    worker started on its own (``spawn``) or any other program keeps its exit status,
    which ``os._exit(0)`` would replace."""
    frame = sys._getframe(1)
    while frame is not None:
        code = frame.f_code
        if code.co_name == "main" and Path(code.co_filename).parts[-2:] == ("multiprocessing", "forkserver.py"):
            return multiprocessing.parent_process() is None
        frame = frame.f_back
    return False


prepare()
if _imported_by_the_forkserver():
    atexit.register(end_without_teardown)
