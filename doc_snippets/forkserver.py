"""A warm interpreter that forks one fresh child per snippet.

Starting Python and importing torch, matplotlib and koreanize_matplotlib costs about
2 s; a snippet itself usually runs in a fraction of that. So the build starts ONE
server process (``python -m doc_snippets.forkserver``) that imports those modules
(:func:`doc_snippets.child.preload`), warms their caches
(:func:`doc_snippets.child.warm_up`; the jobs that arrive as it reports ready are forked
before that, and run beside it) and then only forks: each snippet runs in its own
child, which sets up its working folder, environment, standard streams, seeds and
matplotlib settings exactly as a brand-new interpreter running :mod:`doc_snippets.child`
would, runs the snippet, and exits. The server itself
never runs a line of a snippet, so nothing a snippet changes (random state, torch
settings, rcParams, module globals, the working folder, environment variables) can
reach the next one: each child starts from the same untouched copy of the server.
``tests/test_isolation.py`` checks this, and that every output and figure is
byte-identical to a run in a brand-new interpreter.

Fork is only safe in a process with one thread; the server reports its thread
count after the imports, and :class:`ForkServer` refuses to use it otherwise (the
runner then falls back to one interpreter per snippet and says so). The server is
started with one OpenMP/MKL thread, so importing torch starts none.

Protocol (one JSON object per line): the client writes
``{"id", "snippet", "outdir", "request", "cwd", "env"}`` to the server's stdin; the
server answers ``{"id", "pid"}`` once forked and ``{"id", "status"}`` when the
child has exited (``status`` as :func:`os.waitstatus_to_exitcode`: negative for a
signal), or ``{"id", "lost": true}`` if another wait reaped it first (the build then
runs that snippet again in a new interpreter). A job may name modules to ``preload``:
the modules its snippet shares with other snippets of the build that the server has not
imported (``sklearn.datasets``). After its warm-up the server forks, as the first such job
comes, a branch of itself that imports them and forks the jobs that need them, which the
server passes on to it (:func:`_branch_for`); the server goes on forking the other jobs
meanwhile. (A job that comes before the end of the warm-up has the server import them.)
If such an import leaves a thread, the process that made it answers that job and every
later one it gets ``{"id", "refused": why}``, and the build runs them in new
interpreters; so it does if a branch ends in its import (:func:`_branch_ended`). The
child's stdout and stderr go to ``stdout.raw`` and ``stderr.txt`` in its ``outdir``. A
child that outlives its time is killed by the client (its whole process group). When the
client closes the server's stdin, the server kills what is still running and exits.
"""

from __future__ import annotations

import gc
import hashlib
import io
import json
import os
import select
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
#: the code a forked child runs; a server whose copy differs from the files is restarted
_CODE = ("child.py", "figure_text.py", "forkserver.py", "values.py")


def fork_unavailable() -> str | None:
    """Why this platform cannot fork a warm interpreter, or None if it can."""
    if not hasattr(os, "fork"):
        return f"os.fork does not exist on {sys.platform}"
    if sys.platform == "darwin":
        return "fork is unsafe on macOS (system frameworks), where Python starts processes with spawn"
    return None


def code_digest() -> str:
    digest = hashlib.sha256()
    for name in _CODE:
        digest.update((PACKAGE_DIR / name).read_bytes())
    return digest.hexdigest()


# -- the server (runs in its own process) ------------------------------------------
def _text_stream(fd: int, errors: str) -> io.TextIOWrapper:
    """A stream on ``fd`` like the one a new interpreter makes (PYTHONIOENCODING=utf-8)."""
    mode = "rb" if fd == 0 else "wb"
    raw = io.FileIO(fd, mode[0], closefd=False)
    buffered = io.BufferedReader(raw) if fd == 0 else io.BufferedWriter(raw)
    return io.TextIOWrapper(buffered, encoding="utf-8", errors=errors, line_buffering=False)


def _become_child(job: dict, reply_fd: int) -> None:
    """In the forked child: turn this copy of the server into the snippet's process."""
    from doc_snippets import child

    code = 70
    try:
        os.setpgid(0, 0)  # its own process group: a timeout kills what it started too
        _close_branch_pipes()  # not its to hold open
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)  # as in a new interpreter
        os.close(reply_fd)
        outdir = Path(job["outdir"])
        devnull = os.open(os.devnull, os.O_RDONLY)
        out = os.open(outdir / "stdout.raw", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        err = os.open(outdir / "stderr.txt", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        for fd, target in ((devnull, 0), (out, 1), (err, 2)):
            os.dup2(fd, target)
            os.close(fd)
        sys.stdin = sys.__stdin__ = _text_stream(0, "strict")
        sys.stdout = sys.__stdout__ = _text_stream(1, "strict")
        sys.stderr = sys.__stderr__ = _text_stream(2, "backslashreplace")
        os.chdir(job["cwd"])
        os.environ.clear()
        os.environ.update(job["env"])
        # ``python -m`` puts the working folder first on sys.path
        sys.path[0] = os.getcwd()
        request = json.loads(Path(job["request"]).read_text(encoding="utf-8"))
        code = child.run(Path(job["snippet"]), outdir, request)
        import atexit

        atexit._run_exitfuncs()  # what a new interpreter does when it ends
    except BaseException:  # noqa: BLE001 - reported on the child's stderr
        import traceback

        traceback.print_exc()
        code = 70
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except BaseException:  # noqa: BLE001
                pass
        os._exit(code)


def serve() -> int:
    """The server's main loop: read jobs on stdin, fork, report exits."""
    # Replies go to a private copy of stdout; fd 1 itself goes to stderr, so that
    # nothing an import prints can garble the protocol.
    reply_fd = os.dup(1)
    os.dup2(2, 1)
    reply = os.fdopen(reply_fd, "w", encoding="utf-8", buffering=1)
    # Ctrl-C in the terminal reaches the build, which then closes our stdin: we stop
    # the children on that EOF instead of dying first and leaving them running.
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    from doc_snippets import child

    child.preload()
    _ready_to_fork()
    reply.write(json.dumps({"ready": True, "threads": threading.active_count(), "os_threads": _os_threads(), "code": code_digest()}) + "\n")

    running: dict[int, int] = {}  # pid -> job id
    pending = b""
    stdin_open = True
    if os.environ.get("DOC_SNIPPETS_WARM_UP", "1") != "0":
        # The jobs the build sends as soon as it reads "ready" (one per core) are forked
        # before the warm-up, so that they run beside it rather than wait for it (a cold
        # build's cores were otherwise half idle for a second): they start from the
        # imports alone, and build what caches they use themselves, as a new interpreter does.
        deadline = time.monotonic() + 0.2
        while stdin_open and not running and time.monotonic() < deadline:
            pending, stdin_open = _take_jobs(pending, running, reply, reply_fd, 0.02)
        while stdin_open and running:  # and those that follow at once (the other cores')
            before = len(running)
            pending, stdin_open = _take_jobs(pending, running, reply, reply_fd, 0.02)
            if len(running) == before:
                break
        # and their exits reported as they come, not after the warm-up: the build then has
        # their results (it renders their pages meanwhile), and their run times are theirs
        # (restarting what the warm-up's C code was doing when it came, as if none had)
        report = _exit_reporter(running, reply)
        signal.signal(signal.SIGCHLD, report)
        signal.siginterrupt(signal.SIGCHLD, False)
        report(signal.SIGCHLD, None)  # those that ended before the handler was there
        try:
            child.warm_up()
            problem = None if _os_threads() == 1 else f"the warm-up left {_os_threads()} threads; forking is unsafe"
        except Exception:  # noqa: BLE001 - reported on stderr, as an import's error would be
            import traceback

            problem = "the warm-up failed:\n" + traceback.format_exc()
        finally:
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        if problem is not None:
            # the build runs these snippets again, and the rest, in new interpreters: none of
            # these children may go on writing into their folders meanwhile
            sys.stderr.write(problem + "\n")
            for pid in running:
                kill_group(pid)
            for pid in running:
                os.waitpid(pid, 0)
            return 1
        _ready_to_fork()
    global _branching
    _branching = True
    _serve_jobs(pending, stdin_open, running, reply, reply_fd)
    for branch in _branches.values():  # the build has gone: so do the branches, once their children end
        os.close(branch.jobs)
    for branch in _branches.values():
        if branch.status is None:
            os.waitpid(branch.pid, 0)
    return 0


def _serve_jobs(pending: bytes, stdin_open: bool, running: dict[int, int], reply, reply_fd: int) -> None:
    """Fork the jobs that come on stdin and report their ends, until stdin closes and the
    last child has ended."""
    while stdin_open or running:
        pending, stdin_open = _take_jobs(pending, running, reply, reply_fd, 0.005 if running else None, stdin_open)
        _report_exits(running, reply)


def _exit_reporter(running: dict[int, int], reply):
    """A SIGCHLD handler that reports the ended children of ``running`` (:func:`_report_exits`).

    Python may run it again inside itself (another child ending as it writes): that call
    only asks it to look once more, since the reply stream cannot take a write inside
    another one."""
    busy = again = False

    def handler(signum, frame) -> None:
        nonlocal busy, again
        if busy:
            again = True
            return
        busy = True
        try:
            again = True
            while again:
                again = False
                _report_exits(running, reply)
        finally:
            busy = False

    return handler


def _report_exits(running: dict[int, int], reply) -> None:
    """Reap the children of ``running`` that have ended, and report each one's status.

    Only those: during the warm-up this runs as the SIGCHLD handler, and a process the
    warm-up itself started (a library's subprocess) is its own to wait for."""
    for pid in list(running):
        try:
            ended, status = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            # Reaped by another wait (a library's ``os.wait()`` in the warm-up): how it
            # ended is lost. Said so, not left unanswered: the build would otherwise wait
            # for the job until its time ran out and call it a timeout.
            message = {"id": running.pop(pid), "lost": True}
        else:
            if not ended:
                continue
            message = {"id": running.pop(pid), "status": os.waitstatus_to_exitcode(status)}
        try:
            reply.write(json.dumps(message) + "\n")
        except OSError:  # the build has gone: the loop finds its input closed
            pass


def _ready_to_fork() -> None:
    """Every object the imports (and the warm-up) made, out of the garbage collector's
    sight: a child's collections would otherwise write to the memory of all of them, and
    each page written is a page copied from this process (the snippets' run time, summed
    over a cold build: 15.9 -> 14.3 s). The child's own objects are collected as usual."""
    gc.collect()
    gc.freeze()
    _leave_exit_finalizers_to_the_server()


def _take_jobs(pending: bytes, running: dict[int, int], reply, reply_fd: int, wait: float | None, stdin_open: bool = True) -> tuple[bytes, bool]:
    """Read what the build wrote (waiting up to ``wait`` s; None: until it writes) and
    fork a child for each whole job line; returns what is left of a line, and whether
    the build's end of the pipe is still open."""
    branches = {branch.alive: branch for branch in _branches.values() if branch.status is None}
    ready, _, _ = select.select(([0] if stdin_open else []) + list(branches), [], [], wait)
    for fd in ready:
        if fd in branches:
            _branch_ended(branches[fd], reply)
    if 0 not in ready:
        return pending, stdin_open
    data = os.read(0, 1 << 16)
    if not data:
        for pid in running:  # the build has gone: stop what it started
            kill_group(pid)
        return pending, False
    pending += data
    while b"\n" in pending:
        line, pending = pending.split(b"\n", 1)
        job = json.loads(line)
        missing = tuple(sorted(module for module in job.get("preload") or [] if module not in sys.modules))
        if _branching and missing:
            branch = _branch_for(missing, reply, reply_fd)
            if branch.status is None:
                os.write(branch.jobs, line + b"\n")  # it forks it
                branch.ids.append(job["id"])
            else:
                reply.write(json.dumps({"id": job["id"], "refused": branch.why()}) + "\n")
            continue
        refused = _import_first(job.get("preload") or [])
        if refused is not None:
            reply.write(json.dumps({"id": job["id"], "refused": refused}) + "\n")
            continue
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            _become_child(job, reply_fd)
        running[pid] = job["id"]
        reply.write(json.dumps({"id": job["id"], "pid": pid}) + "\n")
    return pending, True


#: why this server may no longer fork (an import it made for a job started a thread)
_unsafe: str | None = None
#: whether jobs that need modules the server lacks go to a branch (after the warm-up)
_branching = False


class _Branch:
    """(in the server) A branch: the pipe its jobs go down, its pid, the end of a pipe that
    only it holds open (readable once it has ended), the ids of the jobs it was given, and
    how it ended (None while it runs)."""

    def __init__(self, modules: tuple[str, ...], jobs: int, pid: int, alive: int):
        self.modules, self.jobs, self.pid, self.alive = modules, jobs, pid, alive
        self.ids: list[int] = []
        self.status: int | None = None

    def why(self) -> str:
        return f"the fork server's branch that imported {', '.join(self.modules)} for the snippets ended (status {self.status})"


#: (in the server) the branches, by the modules they imported
_branches: dict[tuple[str, ...], _Branch] = {}
#: (in a branch) the end of its pipe that tells the server it has ended
_alive: int | None = None


def _close_branch_pipes() -> None:
    """(in a process the server or a branch forks) Close the pipes of the branches: the
    jobs' (the server's end) and the one that tells whether a branch has ended."""
    for fd in (*(branch.jobs for branch in _branches.values()), *(branch.alive for branch in _branches.values() if branch.status is None), _alive):
        if fd is not None:
            os.close(fd)


def _branch_ended(branch: _Branch, reply) -> None:
    """A branch ended while the build still sends jobs: it can only have ended in its
    import (a crash in an extension module), before it forked any of them, since after
    it a branch only runs this loop. Its jobs are refused, so that the build runs them
    in new interpreters instead of waiting for them until their time runs out."""
    os.close(branch.alive)
    _, status = os.waitpid(branch.pid, 0)
    branch.status = os.waitstatus_to_exitcode(status)
    for job_id in branch.ids:  # those it answered already, the build has forgotten
        reply.write(json.dumps({"id": job_id, "refused": branch.why()}) + "\n")


def _branch_for(modules: tuple[str, ...], reply, reply_fd: int) -> _Branch:
    """Fork, unless there is one, a branch of the server that imports ``modules`` and then
    forks the jobs that need them, which the server passes on to it.

    The import (``sklearn.datasets``: 1.3 s) is then made once, and beside the server,
    which goes on forking the other jobs meanwhile: made in the server, it stopped every
    fork for that long, and one core waited (0.4 to 0.8 core-seconds of a cold build).
    A branch is a server like this one: the same loop, on its own pipe of jobs; it answers
    on the same reply stream, and a job's ``pid`` is its snippet's process, a child of the
    branch. An import that leaves a thread makes the branch refuse its jobs
    (:func:`_import_first`); the server goes on forking the others.
    """
    if modules in _branches:
        return _branches[modules]
    read, write = os.pipe()
    alive_read, alive_write = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        global _branching, _alive
        code = 70
        try:
            os.dup2(read, 0)  # its jobs, and no longer the server's
            for fd in (read, write, alive_read):
                os.close(fd)
            _close_branch_pipes()  # the other branches'
            _alive = alive_write
            _branches.clear()
            _branching = False  # it imports for its jobs itself (one that failed here: again, quietly)
            _import_first(list(modules))
            _serve_jobs(b"", True, {}, reply, reply_fd)
            code = 0
        except BaseException:  # noqa: BLE001 - reported on stderr
            import traceback

            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    os.close(read)
    os.close(alive_write)
    branch = _branches[modules] = _Branch(modules, write, pid, alive_read)
    return branch


def _import_first(modules: list[str]) -> str | None:
    """Import, in the server, the modules a job's snippet shares with others to run
    (``SnippetRunner._shared_imports``) that it has not imported yet, then make their
    objects the children's to share (:func:`_ready_to_fork`). Returns why the server can
    no longer fork, if an import left a thread running; None if it can.

    An import that fails is left to the snippet, whose own import then fails as it would
    in a new interpreter, with its line. Only imports: no line of a snippet runs here.
    """
    global _unsafe
    missing = [module for module in modules if module not in sys.modules]
    if _unsafe is None and missing:
        import importlib

        for module in missing:
            try:
                importlib.import_module(module)
            except BaseException:  # noqa: BLE001 - the snippet's own import reports it
                pass
        threads = _os_threads()
        if threads != 1:
            _unsafe = f"importing {', '.join(missing)} for the snippets left {threads} threads in the fork server; forking is unsafe"
        else:
            _ready_to_fork()
    return _unsafe


def _leave_exit_finalizers_to_the_server() -> None:
    """Keep a child from running, as it ends, the exit finalizers the imports registered.

    torch registers one per operator library it defines (``weakref.finalize(...,
    _del_library)``), and running them took 28 ms at the end of every child, writing to
    memory shared with the server (the 34 snippets' CPU, run one by one: 17.4 -> 16.7
    s). They undo what the imports did inside the process, which ends anyway, and touch
    nothing a snippet shows. The finalizers a snippet registers (a
    temporary folder it made) still run at its end, and the other exit functions too
    (``logging.shutdown``, multiprocessing's). The server itself ends without them
    (``os._exit``).
    """
    import weakref

    for finalizer in list(getattr(weakref.finalize, "_registry", {})):
        finalizer.atexit = False


def _os_threads() -> int:
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return threading.active_count()


def kill_group(pid: int) -> None:
    """Kill the process group ``pid`` leads (a snippet and what it started); the process alone if that fails."""
    try:
        os.killpg(pid, signal.SIGKILL)
    except OSError:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


# -- the client (in the build's process) ------------------------------------------
class ForkServerError(Exception):
    """The server could not start, or cannot safely fork."""


class ChildTimeout(Exception):
    pass


class ForkServer:
    """The build's handle on one server; :meth:`run` is safe to call from several threads."""

    def __init__(self, env: dict[str, str], cwd: Path):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "doc_snippets.forkserver"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=cwd,
            env=env,
        )
        self.code = code_digest()
        self._lock = threading.Lock()
        self._next = 0
        self._waiting: dict[int, dict] = {}
        self._cond = threading.Condition(self._lock)
        self._ready: dict | None = None
        self._closed = False
        self._stderr: list[bytes] = []
        threading.Thread(target=self._read_replies, daemon=True).start()
        threading.Thread(target=self._drain_stderr, daemon=True).start()

    def _read_replies(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            message = json.loads(line)
            with self._cond:
                if "ready" in message:
                    self._ready = message
                else:
                    # when the child was forked, and when it ended, as this process learns it
                    message["pid_at" if "pid" in message else "status_at"] = time.perf_counter()
                    self._waiting.setdefault(message["id"], {}).update(message)
                self._cond.notify_all()
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    def _drain_stderr(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self._stderr.append(line)

    def wait_ready(self, timeout: float = 300) -> None:
        """Wait for the imports; raise :class:`ForkServerError` if forking is unsafe."""
        with self._cond:
            self._cond.wait_for(lambda: self._ready is not None or self._closed, timeout)
            ready = self._ready
        if ready is None:
            self.close()
            detail = b"".join(self._stderr).decode("utf-8", "replace").strip()
            raise ForkServerError(f"the fork server did not start: {detail or 'no message'}")
        if ready["os_threads"] != 1:
            self.close()
            raise ForkServerError(f"the warm interpreter has {ready['os_threads']} threads after its imports; forking it is unsafe")

    def run(
        self, snippet: Path, outdir: Path, request: Path, cwd: Path, env: dict[str, str], timeout: float,
        preload: list[str] | tuple[str, ...] = (),
    ) -> tuple[int, float]:
        """Run one snippet in a forked child; its exit code (negative: killed by that signal)
        and its run time, from its fork to its end (a job sent during the server's warm-up
        waits for it before it is forked). ``preload``: modules the server imports first,
        if it has not (:func:`_import_first`)."""
        self.wait_ready()
        sent = time.perf_counter()
        with self._cond:
            if self._closed:
                raise ForkServerError("the fork server has exited")
            self._next += 1
            job_id = self._next
            job = {"id": job_id, "snippet": str(snippet), "outdir": str(outdir), "request": str(request), "cwd": str(cwd), "env": env, "preload": list(preload)}
            assert self.proc.stdin is not None
            self.proc.stdin.write((json.dumps(job) + "\n").encode("utf-8"))
            self.proc.stdin.flush()
            done = self._cond.wait_for(lambda: self._answered(job_id) or self._closed, timeout)
            if not done:
                pid = self._waiting.get(job_id, {}).get("pid")
                if pid is not None:
                    kill_group(pid)
                self._cond.wait_for(lambda: self._answered(job_id) or self._closed, 30)
                self._waiting.pop(job_id, None)
                raise ChildTimeout()
            message = self._waiting.pop(job_id, {})
        if "refused" in message:
            raise ForkServerError(message["refused"])
        if message.get("lost"):
            raise ForkServerError(f"the fork server lost how the process of {snippet.name} ended (another wait reaped it)")
        if "status" not in message:
            detail = b"".join(self._stderr).decode("utf-8", "replace").strip().splitlines()
            raise ForkServerError("the fork server exited while a snippet ran" + (f": {detail[-1]}" if detail else ""))
        return message["status"], message["status_at"] - message.get("pid_at", sent)

    def _answered(self, job_id: int) -> bool:
        message = self._waiting.get(job_id, {})
        return "status" in message or "lost" in message or "refused" in message

    def end(self) -> None:
        """Close the server's input: it ends once its children have (:meth:`close` waits)."""
        try:
            assert self.proc.stdin is not None
            self.proc.stdin.close()
        except OSError:
            pass

    def close(self) -> None:
        if self.proc.poll() is None:
            self.end()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


if __name__ == "__main__":
    status = serve()
    # Ended without the interpreter's teardown (torch's and matplotlib's, 0.7 s): the build
    # waits for this process at its end, and there is nothing left to clean up here (the
    # children are reaped, the replies written).
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)
