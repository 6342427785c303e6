"""Fault injection: every fault is either survived or fails the build loudly, naming the file.

The cases: a damaged cache entry (truncated ``meta.json``, missing ``stdout.txt``,
short, missing or altered SVG), an unbounded cache (pruning, but never an entry a
concurrent build uses), a snippet that runs out of memory, one that raises, one that
hangs, one that dies of a signal, and a figure text without a translation.
"""

from __future__ import annotations

import functools
import json
import os
import re
import signal
import subprocess
import sys
import time

import pytest

from doc_snippets.runner import SnippetRunner, format_memory, parse_memory
from tests.conftest import ROOT, mkdocs_build, running
from tests.test_build import KO_ENTRIES, log_of, make_project, write_catalog


def _entry(runner: SnippetRunner, name: str):
    return runner.cache_dir / runner.key(name)


# -- a damaged cache entry ----------------------------------------------------------
def _truncate(path):
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _alter(path):
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01  # same size, one bit flipped
    path.write_bytes(bytes(data))


DAMAGE = {
    "truncated meta.json": (lambda e: _truncate(e / "meta.json"), "meta.json is unreadable"),
    "empty meta.json": (lambda e: (e / "meta.json").write_text(""), "meta.json is unreadable"),
    "meta.json without its fields": (lambda e: (e / "meta.json").write_text("{}"), "meta.json lacks a field"),
    "missing meta.json": (lambda e: (e / "meta.json").unlink(), "meta.json is missing"),
    "missing stdout.txt": (lambda e: (e / "stdout.txt").unlink(), "stdout.txt is missing"),
    "truncated stdout.txt": (lambda e: _truncate(e / "stdout.txt"), "stdout.txt has"),
    "missing SVG": (lambda e: (e / "figure0.ko.svg").unlink(), "figure0.ko.svg is missing"),
    "short SVG": (lambda e: _truncate(e / "figure0.en.svg"), "figure0.en.svg has"),
    "altered SVG": (lambda e: _alter(e / "figure0.ko.svg"), "figure0.ko.svg is not the file that was written"),
}


@pytest.fixture(scope="module")
def warm(tmp_path_factory):
    """One runner (one fork server) for the damage cases."""
    root = tmp_path_factory.mktemp("faults")
    runner = SnippetRunner(make_project(root / "project"), cache_dir=str(root / "cache"))
    original = runner.run_all()
    yield runner, original
    runner.close()


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_entry_is_discarded_and_the_snippet_runs_again(warm, damage):
    runner, original = warm
    name = "demo/count.py"
    runner.run_all([name])  # the entry exists (an earlier case may have rewritten it)
    entry = _entry(runner, name)
    harm, reason = DAMAGE[damage]
    harm(entry)
    runner._memo.clear()  # as a new build would: read the cache again
    result = runner.run_all([name])[name]
    assert runner.last_ran == [name]
    assert len(runner.discarded) == 1 and runner.discarded[0][0] == name
    assert reason in runner.discarded[0][1]
    assert result.stdout == original[name].stdout
    for fig, before in zip(result.figures, original[name].figures, strict=True):
        for lang in fig.files:
            assert fig.files[lang].read_bytes() == before.files[lang].read_bytes()
    # the rewritten entry is whole again: the next read takes it from the cache
    runner._memo.clear()
    runner.run_all([name])
    assert runner.last_cached == [name] and runner.discarded == []


def test_a_build_survives_a_truncated_meta_json_and_names_the_snippet(tmp_path):
    project = make_project(tmp_path / "project")
    assert mkdocs_build(project, tmp_path / "site").returncode == 0
    runner = SnippetRunner(project)
    meta = _entry(runner, "demo/other.py") / "meta.json"
    meta.write_text(meta.read_text(encoding="utf-8")[:10], encoding="utf-8")
    proc = mkdocs_build(project, tmp_path / "site")
    assert proc.returncode == 0, log_of(proc)
    log = log_of(proc)
    assert "damaged cache entry of snippets/demo/other.py discarded (meta.json is unreadable" in log
    assert "ran 1 of 2 snippets: demo/other.py" in log
    assert "other 42" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    json.loads(meta.read_text(encoding="utf-8"))  # written whole again


# -- pruning --------------------------------------------------------------------------
def _edit(project):
    snippet = project / "snippets" / "demo" / "count.py"
    snippet.write_text(snippet.read_text(encoding="utf-8").replace("epochs = 3", "epochs = 4"), encoding="utf-8")


def test_a_build_removes_the_entries_no_snippet_uses(tmp_path):
    project = make_project(tmp_path / "project")
    assert mkdocs_build(project, tmp_path / "site").returncode == 0
    runner = SnippetRunner(project)
    old = _entry(runner, "demo/count.py")
    assert old.is_dir()
    (runner.cache_dir / f"{'0' * 20}.tmp_of_a_crashed_build").mkdir()
    _edit(project)
    proc = mkdocs_build(project, tmp_path / "site")
    assert proc.returncode == 0, log_of(proc)
    assert "removed 2 cache entries no snippet uses any more" in log_of(proc)
    assert not old.exists()
    kept = sorted(p.name for p in runner.cache_dir.iterdir() if not p.name.startswith("."))
    assert kept == sorted([runner.key("demo/count.py"), runner.key("demo/other.py")])


LIVE_BUILD = """\
import sys
from doc_snippets.runner import SnippetRunner
runner = SnippetRunner(sys.argv[1], cache_dir=sys.argv[2])
runner.run_all()
print("ready", flush=True)
sys.stdin.read()
"""


def _with_project_on_path() -> dict[str, str]:
    """The environment for a Python that imports this project's doc_snippets."""
    return dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))


def test_pruning_spares_the_entries_a_concurrent_build_uses(tmp_path):
    project = make_project(tmp_path / "project")
    cache = tmp_path / "cache"
    first = SnippetRunner(project, cache_dir=str(cache))
    first.run_all()
    old_key = first.key("demo/count.py")
    first.close()
    # another build, in another process, still using the old version's entries
    env = _with_project_on_path()
    other = subprocess.Popen(
        [sys.executable, "-c", LIVE_BUILD, str(project), str(cache)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env,
    )
    try:
        assert other.stdout.readline().strip() == "ready"
        _edit(project)
        second = SnippetRunner(project, cache_dir=str(cache))
        second.run_all()
        assert second.last_ran == ["demo/count.py"]
        assert second.prune() == []  # the old entry is in use by the other build
        assert (cache / old_key).is_dir()
    finally:
        other.send_signal(signal.SIGKILL)  # it ends without tidying up, as a crash would
        other.wait()
    assert second.prune() == [old_key]  # its lock died with it
    assert not (cache / old_key).exists()
    assert second.get("demo/count.py").stdout.count("epoch") == 4
    assert not list((cache / ".builds").glob(f"{other.pid}-*"))
    second.close()


# -- memory ---------------------------------------------------------------------------
ALLOCATE = {
    "torch": "import torch\n\nbig = torch.ones(2**30)  # 4 GiB at once\nprint(big.sum())\n",
    "numpy": "import numpy as np\n\nbig = np.ones(2**29)  # 4 GiB at once\nprint(big.sum())\n",
    "unbounded": "chunks = []\nwhile True:\n    chunks.append(bytearray(2**20))  # a MiB at a time, for ever\n",
}
ALLOCATE_LINE = {"torch": 3, "numpy": 3, "unbounded": 3}

HELD = """\
from doc_snippets import child
child.preload()
child.warm_up()
print(child.data_memory())
"""


@functools.lru_cache(maxsize=1)
def cap_with_room() -> int:
    """A cap 512 MiB above the data memory a snippet's process holds before its first line
    (that of the fork server's, with torch and matplotlib imported and warmed up), rounded up
    to 256 MiB: about 1 GiB with torch's CPU build, 1.5 GiB with its CUDA build (Python 3.12
    and 3.13 here), which holds about 900 MiB once imported."""
    env = _with_project_on_path()
    held = int(subprocess.run([sys.executable, "-c", HELD], capture_output=True, text=True, env=env, check=True).stdout)
    step = 256 * 2**20
    return -(-(held + 512 * 2**20) // step) * step


@pytest.mark.parametrize("how", list(ALLOCATE))
def test_a_snippet_over_the_memory_cap_fails_naming_the_file(tmp_path, how):
    project = make_project(tmp_path / "project")
    (project / "snippets" / "demo" / "other.py").write_text(ALLOCATE[how], encoding="utf-8")
    write_catalog(project, KO_ENTRIES + [("comment", "4 GiB at once", "한 번에 4 GiB"),
                                         ("comment", "a MiB at a time, for ever", "1 MiB씩 끝없이")])
    cap = cap_with_room()
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + f"      memory_limit: {cap // 2**20} MiB\n", encoding="utf-8")
    proc = mkdocs_build(project, tmp_path / "site")
    assert proc.returncode != 0
    assert (
        f"snippets/demo/other.py:{ALLOCATE_LINE[how]}: snippet ran out of memory: it may use at most {format_memory(cap)} "
        "(the plugin's 'memory_limit' option in mkdocs.yml)"
    ) in log_of(proc)


def test_a_cap_below_what_a_process_holds_at_its_start_is_reported_as_such(tmp_path):
    """torch's CUDA build holds about 900 MiB of data memory once imported: under a cap
    below that, a snippet fails before its first line, and says so (before, its first
    figure failed to load matplotlib's renderer, an ImportError that named no memory)."""
    project = make_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "      memory_limit: 64 MiB\n", encoding="utf-8")
    proc = mkdocs_build(project, tmp_path / "site")
    log = log_of(proc)
    assert proc.returncode != 0
    assert re.search(
        r"snippets/demo/count\.py: snippet ran out of memory: it may use at most 64 MiB \(the plugin's 'memory_limit' "
        r"option in mkdocs\.yml\); MemoryError: its process held \d+ MiB of data memory before the snippet's first line",
        log,
    ), log
    assert "Traceback" not in log


MAPPED = """\
import resource
from doc_snippets import child
exc = ImportError("/x/_backend_agg.so: failed to map segment from shared object")
print(child.out_of_memory(exc))
child.limit_memory(64 * 2**30)
print(child.out_of_memory(exc))
"""


def test_a_library_that_cannot_be_mapped_is_out_of_memory_only_under_a_cap():
    """The loader's "failed to map segment" is a cap's doing only where a cap is set
    (elsewhere it has other causes, such as a folder mounted noexec)."""
    env = _with_project_on_path()
    out = subprocess.run([sys.executable, "-c", MAPPED], capture_output=True, text=True, env=env, check=True).stdout
    assert out.split() == ["False", "True"]


PEAK = """\
import resource, sys
from doc_snippets.runner import SnippetRunner, SnippetError
runner = SnippetRunner(sys.argv[1], cache_dir=sys.argv[2], memory_limit=int(sys.argv[3]))
try:
    runner.get("demo/other.py")
except SnippetError as exc:
    print("failed:", str(exc).splitlines()[0])
runner.close()
print("peak MiB", resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)
"""


def test_the_cap_holds_the_snippet_below_it(tmp_path):
    """The machine stays usable: the runaway snippet's process never grew past the cap."""
    project = make_project(tmp_path / "project")
    (project / "snippets" / "demo" / "other.py").write_text(ALLOCATE["unbounded"], encoding="utf-8")
    env = _with_project_on_path()
    out = subprocess.run(
        [sys.executable, "-c", PEAK, str(project), str(tmp_path / "cache"), str(cap_with_room())],
        capture_output=True, text=True, env=env, timeout=600,
    ).stdout
    assert "failed: snippets/demo/other.py:3: snippet ran out of memory" in out
    peak = int(out.split("peak MiB")[1])
    assert peak <= cap_with_room() // 2**20, f"a process of the run peaked at {peak} MiB"


def test_a_memory_limit_that_is_no_size_is_reported(tmp_path):
    with pytest.raises(ValueError, match="'lots' is not a memory size"):
        parse_memory("lots")
    assert parse_memory("512 MiB") == 512 * 2**20 and parse_memory("4 GiB") == 4 * 2**30
    assert parse_memory(0) is None and parse_memory("none") is None
    project = make_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "      memory_limit: lots\n", encoding="utf-8")
    proc = mkdocs_build(project, tmp_path / "site")
    assert proc.returncode != 0
    assert "mkdocs.yml: snippets: memory_limit: 'lots' is not a memory size" in log_of(proc)


# -- a snippet that raises, hangs, dies, or draws untranslated text -------------------
def test_a_snippet_that_raises_fails_the_build_with_path_line_and_traceback(tmp_path):
    project = make_project(tmp_path / "project")
    (project / "snippets" / "demo" / "other.py").write_text(
        "import torch\n\nx = torch.zeros(2, 3)\ny = x @ x  # shapes do not match\n", encoding="utf-8"
    )
    write_catalog(project, KO_ENTRIES + [("comment", "shapes do not match", "크기가 맞지 않는다")])
    proc = mkdocs_build(project, tmp_path / "site")
    assert proc.returncode != 0
    log = log_of(proc)
    assert "snippets/demo/other.py:4: snippet raised RuntimeError" in log
    assert "Traceback (most recent call last)" in log and "y = x @ x" in log


def sleeping_project(tmp_path, fork: bool, timeout: float):
    """The demo project whose other.py starts ``sleep 600`` and sleeps too, writing both
    pids to the returned file; ``fork: false`` in its config where ``fork`` is False."""
    project = make_project(tmp_path / "project", timeout=timeout)
    if not fork:
        config = project / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8") + "      fork: false\n", encoding="utf-8")
    pid_file = tmp_path / "pids"
    (project / "snippets" / "demo" / "other.py").write_text(
        "import os, subprocess, time\nsleeper = subprocess.Popen(['sleep', '600'])\n"
        f"open({str(pid_file)!r}, 'w').write(f'{{os.getpid()}} {{sleeper.pid}}')\ntime.sleep(600)\n",
        encoding="utf-8",
    )
    return project, pid_file


@pytest.mark.parametrize("fork", [True, False], ids=["forked", "fresh-interpreter"])
def test_a_snippet_that_hangs_is_stopped_and_fails_the_build(tmp_path, fork):
    project, pid_file = sleeping_project(tmp_path, fork, timeout=20)
    proc = mkdocs_build(project, tmp_path / "site")
    assert proc.returncode != 0
    assert "snippets/demo/other.py: snippet still running after 20 s and was stopped" in log_of(proc)
    snippet_pid, sleeper_pid = map(int, pid_file.read_text().split())
    time.sleep(1)
    with pytest.raises(ProcessLookupError):
        os.kill(snippet_pid, 0)  # the hung process is gone, not left running
    state = running(sleeper_pid)  # ... and so is the process it started
    assert not state, f"the process the hung snippet started is still running ({state})"


@pytest.mark.parametrize("fork", [True, False], ids=["forked", "fresh-interpreter"])
def test_ctrl_c_stops_the_build_and_the_snippets_it_runs(tmp_path, fork):
    """Ctrl-C while a snippet runs: the build ends at once, and the snippet's process and
    what it started end with it (they run in process groups of their own, which the
    terminal's SIGINT does not reach)."""
    project, pid_file = sleeping_project(tmp_path, fork, timeout=300)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    build = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "-d", str(tmp_path / "site")],
        cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while not (pid_file.is_file() and len(pid_file.read_text().split()) == 2):
            assert time.monotonic() < deadline and build.poll() is None, "the snippet did not start"
            time.sleep(0.2)
        snippet_pid, sleeper_pid = map(int, pid_file.read_text().split())
        build.send_signal(signal.SIGINT)
        build.communicate(timeout=60)  # not the snippet's 600 s
        assert build.returncode != 0
        time.sleep(1)
        for pid in (snippet_pid, sleeper_pid):
            state = running(pid)
            assert not state, f"process {pid} still runs after Ctrl-C ({state})"
    finally:
        build.kill()
        subprocess.run(["pkill", "-f", "sleep 600"], capture_output=True)  # whatever a failure left


def test_a_snippet_killed_by_a_signal_fails_the_build_and_the_others_still_run(tmp_path):
    project = make_project(tmp_path / "project")
    (project / "snippets" / "demo" / "other.py").write_text(
        "import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)\n", encoding="utf-8"
    )
    runner = SnippetRunner(project, cache_dir=str(tmp_path / "cache"), jobs=1)
    from doc_snippets.runner import SnippetError

    with pytest.raises(SnippetError, match=r"snippets/demo/other.py: snippet process was killed by SIGSEGV"):
        runner.get("demo/other.py")
    assert "epoch 2" in runner.get("demo/count.py").stdout  # the same server runs the next one
    runner.close()


def test_an_untranslated_figure_text_fails_the_build(tmp_path):
    project = make_project(tmp_path / "project")
    write_catalog(project, KO_ENTRIES[:2])
    proc = mkdocs_build(project, tmp_path / "site")
    assert proc.returncode != 0
    assert "snippets/demo/count.py" in log_of(proc) and "'A falling line' has no 'ko' translation" in log_of(proc)

