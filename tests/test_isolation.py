"""Snippets forked from one warm interpreter are as isolated, and give the same bytes,
as snippets each run in a brand-new interpreter."""

from __future__ import annotations

import pytest

from doc_snippets import runner as runner_module
from doc_snippets.forkserver import fork_unavailable
from doc_snippets.runner import SnippetRunner
from doc_snippets import code_text
from tests.conftest import ROOT, mkdocs_build
from tests.test_build import KO_ENTRIES, add_descriptions, log_of, make_project, write_catalog

needs_fork = pytest.mark.skipif(fork_unavailable() is not None, reason=f"{fork_unavailable()}")

#: changes every kind of process state a snippet can reach
MEDDLER = """\
import os, random, sys, warnings
import numpy as np
import torch
import matplotlib
import matplotlib.pyplot as plt

random.seed(123)
np.random.seed(123)
torch.manual_seed(123)
torch.set_default_dtype(torch.float64)
torch.set_printoptions(precision=10)
np.set_printoptions(precision=1)
torch.set_num_threads(2)
plt.rcParams["lines.linewidth"] = 9
matplotlib.rcParams["font.size"] = 30
torch.LEAK = "from the meddler"   # a global of a module the warm interpreter imported
np.LEAK = "from the meddler"
sys.path.append("/meddler")
sys.modules["meddler_module"] = sys
warnings.simplefilter("ignore")
os.environ["MEDDLER"] = "1"
os.environ["PYTHONHASHSEED"] = "7"
os.makedirs("/tmp/meddler-cwd", exist_ok=True)
os.chdir("/tmp/meddler-cwd")
plt.figure(); plt.plot([1, 2]); plt.title("left open")
print("meddled")
"""

#: prints that state, the same way in any run
OBSERVER = """\
import os, random, sys, warnings
import numpy as np
import torch
import matplotlib.pyplot as plt

print("random", random.random(), np.random.rand(), torch.rand(1).item())
print("dtype", torch.get_default_dtype(), torch.tensor([1 / 3]))
print("numpy", np.array([1 / 3]))
print("threads", torch.get_num_threads())
print("rc", plt.rcParams["lines.linewidth"], plt.rcParams["font.size"], plt.rcParams["svg.hashsalt"])
print("globals", hasattr(torch, "LEAK"), hasattr(np, "LEAK"), "meddler_module" in sys.modules)
print("path", "/meddler" in sys.path, sys.path[1] == os.getcwd())
print("warnings", warnings.filters[:1] == [("ignore", None, Warning, None, 0)])
print("env", os.environ.get("MEDDLER"), os.environ.get("PYTHONHASHSEED"), hash("abc"))
print("cwd", os.listdir("."), os.getcwd() != "/tmp/meddler-cwd")
print("figures", plt.get_fignums())
"""


def _project(tmp_path):
    project = make_project(tmp_path / "project")
    demo = project / "snippets" / "demo"
    (demo / "a_meddler.py").write_text(MEDDLER, encoding="utf-8")
    (demo / "b_observer.py").write_text(OBSERVER, encoding="utf-8")
    write_catalog(project, KO_ENTRIES + [("figure text", "left open", "열린 채")])
    return project


@needs_fork
def test_nothing_one_forked_snippet_sets_reaches_the_next(tmp_path):
    project = _project(tmp_path)
    # one job: the observer runs after the meddler, in the same server
    forked = SnippetRunner(project, cache_dir=str(tmp_path / "fork"), jobs=1)
    results = forked.run_all(["demo/a_meddler.py", "demo/b_observer.py"])
    assert forked.execution == "fork"
    assert results["demo/a_meddler.py"].stdout == "meddled\n"
    seen = dict(line.split(" ", 1) for line in results["demo/b_observer.py"].stdout.splitlines())
    # the defaults a new interpreter has, as the build sets them up
    assert seen["dtype"].startswith("torch.float32 tensor([0.3333])")
    assert seen["numpy"] == "[0.33333333]"
    assert seen["threads"] == "1"
    assert seen["rc"] == "1.5 10.0 doc-snippets"
    assert seen["globals"] == "False False False"
    assert seen["path"] == "False True"
    assert seen["warnings"] == "False"
    assert seen["env"].startswith("None 0 ")
    assert seen["cwd"] == "[] True"
    assert seen["figures"] == "[]"
    # and, to the byte, what the observer prints alone in a brand-new interpreter
    fresh = SnippetRunner(project, cache_dir=str(tmp_path / "fresh"), fork=False)
    alone = fresh.get("demo/b_observer.py")
    assert results["demo/b_observer.py"].stdout == alone.stdout
    forked.close()
    fresh.close()


#: registers what a process runs as it ends
AT_EXIT = """\
import atexit, sys, weakref
import torch

class Resource:
    pass

sys.kept = Resource()  # alive until the process ends
weakref.finalize(sys.kept, print, "finalizer ran")
atexit.register(print, "atexit ran")
print("ran", torch.tensor([1.0]).item())
"""


@needs_fork
def test_a_snippet_s_own_exit_functions_run_as_in_a_fresh_interpreter(tmp_path):
    """The server leaves its imports' exit finalizers out of its children (torch's cost
    28 ms a child); a snippet's own finalizers and exit functions still run as it ends."""
    project = _project(tmp_path)
    (project / "snippets" / "demo" / "c_at_exit.py").write_text(AT_EXIT, encoding="utf-8")
    forked = SnippetRunner(project, cache_dir=str(tmp_path / "fork"), jobs=1)
    fresh = SnippetRunner(project, cache_dir=str(tmp_path / "fresh"), fork=False)
    a, b = forked.get("demo/c_at_exit.py"), fresh.get("demo/c_at_exit.py")
    assert forked.execution == "fork"
    assert a.stdout == b.stdout
    assert a.stdout.splitlines()[0] == "ran 1.0" and {"finalizer ran", "atexit ran"} <= set(a.stdout.splitlines())
    forked.close()
    fresh.close()


@needs_fork
def test_forked_runs_are_byte_identical_to_fresh_interpreters(tmp_path):
    """Every real snippet: the same output and the same SVG bytes both ways."""
    forked = SnippetRunner(ROOT, cache_dir=str(tmp_path / "fork"))
    fresh = SnippetRunner(ROOT, cache_dir=str(tmp_path / "fresh"), fork=False)
    a = forked.run_all()
    assert forked.execution == "fork" and sorted(forked.last_ran) == sorted(a)
    b = fresh.run_all()
    assert fresh.execution.startswith("fresh") and sorted(fresh.last_ran) == sorted(b)
    for name in a:
        assert a[name].stdout == b[name].stdout, f"{name}: output differs between fork and a fresh interpreter"
        assert [f.alt for f in a[name].figures] == [f.alt for f in b[name].figures], name
        for fa, fb in zip(a[name].figures, b[name].figures, strict=True):
            for lang in fa.files:
                assert fa.files[lang].read_bytes() == fb.files[lang].read_bytes(), f"{name}: figure differs ({lang})"
    forked.close()
    fresh.close()


def test_without_fork_each_snippet_gets_a_fresh_interpreter_and_says_why(tmp_path, monkeypatch):
    monkeypatch.setattr(runner_module, "fork_unavailable", lambda: "os.fork does not exist on testos")
    project = make_project(tmp_path / "project")
    runner = SnippetRunner(project, cache_dir=str(tmp_path / "cache"))
    assert runner.execution == "fresh interpreters (os.fork does not exist on testos)"
    assert runner.get("demo/other.py").stdout == "other 42\n"
    assert runner._server is None


def test_the_build_log_names_the_fallback(tmp_path):
    project = make_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "      fork: false\n", encoding="utf-8")
    proc = mkdocs_build(project, tmp_path / "site")
    assert proc.returncode == 0, log_of(proc)
    assert "snippets ran in fresh interpreters (fork=False): torch imported once per snippet" in log_of(proc)


def test_the_isolation_project_also_passes_through_a_build(tmp_path):
    """The meddler and the observer on one page, through mkdocs (fork where available)."""
    project = _project(tmp_path)
    for lang in ("ko", "en"):
        page = project / "docs" / f"index.{lang}.md"
        page.write_text(
            page.read_text(encoding="utf-8") + "\n[[ snippet: demo/a_meddler.py ]]\n\n[[ snippet: demo/b_observer.py ]]\n",
            encoding="utf-8",
        )
    # the build asks a Korean translation of every comment: give one (the text itself will do)
    texts = [t for src in (MEDDLER, OBSERVER) for t in code_text.texts(src)]
    write_catalog(project, KO_ENTRIES + [("figure text", "left open", "열린 채")]
                  + [(t.kind, t.text, "(ko) " + t.text) for t in texts if code_text.has_words(t.text)])
    add_descriptions(project, {"en": "The figure the meddler leaves open.", "ko": "간섭하는 스니펫이 열어 둔 그림입니다."},
                     title="left open")
    proc = mkdocs_build(project, tmp_path / "site")
    assert proc.returncode == 0, log_of(proc)
    html = (tmp_path / "site" / "en" / "index.html").read_text(encoding="utf-8")
    assert "globals False False False" in html and "threads 1" in html


@needs_fork
def test_start_warms_the_server_only_when_a_snippet_is_to_run(tmp_path):
    """``start`` has the fork server import torch before the run (while the build
    translates the sources), only if a snippet is to run; ``run_all`` reports each result."""
    project = make_project(tmp_path / "project")
    runner = SnippetRunner(project, cache_dir=str(tmp_path / "cache"))
    assert sorted(runner.start()) == ["demo/count.py", "demo/other.py"]
    assert runner._server is not None
    seen = {}
    results = runner.run_all(on_result=lambda name, result: seen.setdefault(name, result))
    assert seen == results and sorted(runner.last_ran) == sorted(results)
    runner.close()

    again = SnippetRunner(project, cache_dir=str(tmp_path / "cache"))
    assert again.to_run() == [] and again.start() == []
    assert again._server is None, "nothing to run: torch is not imported"
    again.close()


def test_start_starts_the_server_as_soon_as_it_finds_a_snippet_to_run(tmp_path, monkeypatch):
    """In a cold build the server starts after the first snippet's key, before the others
    are made (test_start_warms_the_server_only_when_a_snippet_is_to_run: not at all when
    every result is cached)."""
    project = make_project(tmp_path / "project")
    runner = SnippetRunner(project, cache_dir=str(tmp_path / "cache"))
    keys: list[str] = []
    started: list[list[str]] = []
    key = runner.key
    monkeypatch.setattr(runner, "key", lambda name: keys.append(name) or key(name))
    monkeypatch.setattr(runner, "_fork_server", lambda replace_stale=False: started.append(list(keys)))
    assert runner.start() == ["demo/count.py", "demo/other.py"]
    assert started == [["demo/count.py"]] and keys == ["demo/count.py", "demo/other.py"]
    runner.close()


@needs_fork
def test_a_server_let_end_ends_by_itself_and_a_later_run_starts_another(tmp_path):
    """``let_server_end`` (a build once its snippets have run) closes the server's input
    and does not wait: the server ends by itself; a run after it starts a new server."""
    project = make_project(tmp_path / "project")
    runner = SnippetRunner(project, cache_dir=str(tmp_path / "cache"))
    try:
        runner.run_all(["demo/other.py"])
        first = runner._server
        runner.let_server_end()
        assert first.proc.wait(timeout=30) == 0
        (project / "snippets" / "demo" / "other.py").write_text("print('again')\n", encoding="utf-8")
        assert runner.run_all(["demo/other.py"])["demo/other.py"].stdout == "again\n"
        assert runner.execution == "fork" and runner._server is not first and runner._server.proc.poll() is None
    finally:
        runner.close()
    assert runner._server is None and runner._ending == []


#: whether the server's warm-up had run when this snippet's process was forked
WARMED = "import sys\nprint('torch._dynamo' in sys.modules)\n"


@needs_fork
def test_the_first_jobs_run_beside_the_server_s_warm_up(tmp_path):
    """The jobs the build sends as soon as the server has imported torch (one per core)
    are forked before the server's warm-up and run beside it; the later ones after it.
    Both kinds print what a new interpreter prints (the snippets of this project, and
    every real one: the tests above)."""
    project = _project(tmp_path)
    for name in ("p1", "p2", "p3", "p4"):
        (project / "snippets" / "demo" / f"{name}.py").write_text(WARMED, encoding="utf-8")
    forked = SnippetRunner(project, cache_dir=str(tmp_path / "fork"), jobs=2)
    results = forked.run_all([f"demo/{name}.py" for name in ("p1", "p2", "p3", "p4")])
    assert forked.execution == "fork"
    seen = [results[f"demo/{name}.py"].stdout for name in ("p1", "p2", "p3", "p4")]
    # the first job always (the server waits 0.2 s for it), the second if it follows within
    # 20 ms (a loaded machine may send it later: it then waits for the warm-up)
    early = seen.count("False\n")
    assert 1 <= early <= 2 and seen == ["False\n"] * early + ["True\n"] * (4 - early), seen
    forked.close()


#: a server whose warm-up takes 4 s more (installed in its interpreter through sitecustomize)
SLOW_WARM_UP = """\
import time
import doc_snippets.child as child

warm_up = child.warm_up

def slow():
    warm_up()
    time.sleep(4)

child.warm_up = slow
"""


def _on_path(tmp_path, monkeypatch, modules: dict[str, str]) -> None:
    """Modules (name -> source) on the PYTHONPATH of the processes a runner starts."""
    import os

    hook = tmp_path / "hook"
    hook.mkdir(exist_ok=True)
    for name, code in modules.items():
        (hook / f"{name}.py").write_text(code, encoding="utf-8")
    before = os.environ.get("PYTHONPATH", "")
    if str(hook) not in before.split(os.pathsep):
        monkeypatch.setenv("PYTHONPATH", os.pathsep.join(p for p in (str(hook), before) if p))


def _through_sitecustomize(tmp_path, monkeypatch, code: str) -> None:
    _on_path(tmp_path, monkeypatch, {"sitecustomize": code})


@needs_fork
def test_the_first_jobs_results_come_as_they_end_not_after_the_warm_up(tmp_path, monkeypatch):
    """The jobs forked before the warm-up are reported as they end: the build has their
    results (and renders their pages) while the server warms up. The run time it records
    is each snippet's, not the warm-up's: neither theirs nor that of the jobs the build
    sent next, which waited for the warm-up before they were forked."""
    import time

    _through_sitecustomize(tmp_path, monkeypatch, SLOW_WARM_UP)
    project = _project(tmp_path)
    names = [f"demo/{name}.py" for name in ("p1", "p2", "p3", "p4")]
    for name in names:
        (project / "snippets" / name).write_text(WARMED, encoding="utf-8")
    forked = SnippetRunner(project, cache_dir=str(tmp_path / "fork"), jobs=2)
    started = time.perf_counter()
    came: dict[str, float] = {}
    results = forked.run_all(names, on_result=lambda name, result: came.setdefault(name, time.perf_counter() - started))
    forked.close()
    monkeypatch.undo()
    early = [name for name in names if results[name].stdout == "False\n"]
    late = [name for name in names if results[name].stdout == "True\n"]
    assert early and len(early) + len(late) == len(names), {name: results[name].stdout for name in names}
    for name in early:
        assert all(came[name] < came[other] - 2 for other in late), came
    for name in names:  # a print: far less than the 4 s the warm-up sleeps
        assert results[name].seconds < 2.5, (name, results[name].seconds)


#: a server whose warm-up fails (installed in its interpreter through sitecustomize)
BROKEN_WARM_UP = """\
import doc_snippets.child as child

def broken():
    raise RuntimeError("warm-up broken on purpose")

child.warm_up = broken
"""


@needs_fork
def test_a_failed_warm_up_leaves_every_snippet_to_a_new_interpreter(tmp_path, monkeypatch):
    """The first jobs are forked before the warm-up; if it then fails, the server stops
    them (none goes on writing into its folder) and exits, and the build runs every
    snippet, those included, in new interpreters, saying why."""
    _through_sitecustomize(tmp_path, monkeypatch, BROKEN_WARM_UP)
    project = _project(tmp_path)
    names = ["demo/count.py", "demo/other.py", "demo/a_meddler.py", "demo/b_observer.py"]
    broken = SnippetRunner(project, cache_dir=str(tmp_path / "broken"), jobs=2)
    results = broken.run_all(names)
    assert broken.execution.startswith("fresh interpreters") and "warm-up" in broken.execution, broken.execution
    monkeypatch.undo()
    fresh = SnippetRunner(project, cache_dir=str(tmp_path / "fresh"), fork=False)
    for name in names:
        assert results[name].stdout == fresh.get(name).stdout, name
    broken.close()
    fresh.close()


#: (in a fork server's process only) the warm-up first waits for any child and reaps
#: it, as a library calling ``os.wait()`` would: the server can no longer learn how
#: that snippet's process ended
REAPING_WARM_UP = """\
import os
import doc_snippets.child as child

_warm_up = child.warm_up


def warm_up():
    reaped, _ = os.wait()
    with open(os.environ["REAPED_PID_FILE"], "w") as f:
        f.write(str(reaped))
    _warm_up()


child.warm_up = warm_up
"""


@needs_fork
def test_a_snippet_whose_exit_another_wait_took_runs_again_in_a_new_interpreter(tmp_path, monkeypatch):
    """The fork server's warm-up reaps one of the first children (a library's ``os.wait()``):
    the server says it lost that exit, and the build runs the snippet again in a new
    interpreter at once, instead of waiting for it until its time runs out."""
    import time

    _through_sitecustomize(tmp_path, monkeypatch, REAPING_WARM_UP)
    monkeypatch.setenv("REAPED_PID_FILE", str(tmp_path / "reaped"))
    project = make_project(tmp_path / "project")
    runner = SnippetRunner(project, cache_dir=str(tmp_path / "cache"), timeout=120)
    started = time.monotonic()
    try:
        results = runner.run_all()
    finally:
        runner.close()
    assert (tmp_path / "reaped").read_text().isdigit()  # the warm-up did take a child's exit
    assert time.monotonic() - started < 60  # not the snippet's 120 s
    assert runner.execution.startswith("fresh interpreters (the fork server lost how the process of ")
    assert "epoch 2" in results["demo/count.py"].stdout
    assert results["demo/other.py"].stdout == "other 42\n"
    assert not any(result.from_cache for result in results.values())


#: a module that writes, as it is imported, the process importing it
LOGGED_IMPORT = """\
import os
with open(os.environ["IMPORT_LOG"], "a") as f:
    f.write("{name} %d\\n" % os.getpid())
"""


def _imports(tmp_path) -> list[tuple[str, int]]:
    log = tmp_path / "imports.log"
    lines = log.read_text().split("\n") if log.is_file() else []
    return [(name, int(pid)) for name, pid in (line.split() for line in lines if line)]


#: a snippet's line that logs the process it was forked from
LOG_PARENT = 'import os\nwith open(os.environ["IMPORT_LOG"], "a") as f:\n    f.write("parent %d\\n" % os.getppid())\n'


@needs_fork
@pytest.mark.parametrize("first_jobs", [False, True], ids=["after the warm-up", "first jobs"])
def test_a_module_two_snippets_import_is_imported_once_by_the_process_they_are_forked_from(tmp_path, monkeypatch, first_jobs):
    """A module two snippets to run import (``sklearn.datasets`` here) is imported once,
    before the first of them is forked: by a branch of the fork server, which forks both
    (the server goes on forking the other jobs meanwhile), or, for the first jobs, which
    the server takes before its warm-up, by the server itself. A module one snippet alone
    imports, and a project module (the snippet's own code) however many import it, are
    imported in the snippet's own process."""
    _on_path(tmp_path, monkeypatch, {name: LOGGED_IMPORT.format(name=name) for name in ("shared_lib", "solo_lib")})
    monkeypatch.setenv("IMPORT_LOG", str(tmp_path / "imports.log"))
    project = make_project(tmp_path / "project")
    demo = project / "snippets" / "demo"
    (demo / "_helper.py").write_text(LOGGED_IMPORT.format(name="_helper") + "VALUE = 7\n", encoding="utf-8")
    (demo / "first.py").write_text(LOG_PARENT + "import shared_lib\nfrom _helper import VALUE\nprint('first', VALUE)\n", encoding="utf-8")
    (demo / "second.py").write_text(LOG_PARENT + "from shared_lib import __name__ as lib\nimport _helper\nprint('second', lib)\n", encoding="utf-8")
    (demo / "third.py").write_text("import solo_lib\nprint('third')\n", encoding="utf-8")
    names = ["demo/first.py", "demo/second.py", "demo/third.py", "demo/other.py"]
    runner = SnippetRunner(project, cache_dir=str(tmp_path / "cache"), jobs=2)
    try:
        results = runner.run_all(names if first_jobs else names[2:] + names[:2])
        server = runner._server.proc.pid
    finally:
        runner.close()
    assert runner.execution == "fork"
    assert [results[name].stdout for name in names] == ["first 7\n", "second shared_lib\n", "third\n", "other 42\n"]
    imports = _imports(tmp_path)
    importer = [pid for name, pid in imports if name == "shared_lib"]
    assert len(importer) == 1 and (importer == [server]) == first_jobs
    assert [pid for name, pid in imports if name == "parent"] == importer * 2
    helper = [pid for name, pid in imports if name == "_helper"]
    solo = [pid for name, pid in imports if name == "solo_lib"]
    assert len(helper) == 2 and not set(helper) & {server, *importer} and len(set(helper)) == 2
    assert len(solo) == 1 and solo != [server]
    # a snippet run on its own imports what it imports itself
    (tmp_path / "imports.log").unlink()
    (demo / "first.py").write_text("import shared_lib\nfrom _helper import VALUE\nprint('first again', VALUE)\n", encoding="utf-8")
    alone = SnippetRunner(project, cache_dir=str(tmp_path / "cache"))
    try:
        assert alone.run_all(["demo/first.py"])["demo/first.py"].stdout == "first again 7\n"
        server = alone._server.proc.pid
    finally:
        alone.close()
    assert server not in [pid for _, pid in _imports(tmp_path)]


@needs_fork
def test_the_server_forks_other_jobs_while_a_branch_imports(tmp_path, monkeypatch):
    """A shared module that takes 3 s to import holds up only the jobs that need it: the
    server forks the others meanwhile (it stopped every fork while it imported)."""
    clock = tmp_path / "clock.log"
    slow = f"import time\ntime.sleep(3)\nwith open({str(clock)!r}, 'a') as f:\n    f.write('imported %f\\n' % time.time())\n"
    _on_path(tmp_path, monkeypatch, {"slow_lib": slow})
    monkeypatch.setenv("DOC_SNIPPETS_WARM_UP", "0")  # no first jobs, taken before it
    project = make_project(tmp_path / "project")
    demo = project / "snippets" / "demo"
    for name in ("first", "second"):
        (demo / f"{name}.py").write_text(f"import slow_lib\nprint('{name}')\n", encoding="utf-8")
    for name in ("quick", "quicker"):
        (demo / f"{name}.py").write_text(f"import time\nwith open({str(clock)!r}, 'a') as f:\n    f.write('{name} %f\\n' % time.time())\n", encoding="utf-8")
    runner = SnippetRunner(project, cache_dir=str(tmp_path / "cache"), jobs=2)
    try:
        results = runner.run_all(["demo/first.py", "demo/quick.py", "demo/second.py", "demo/quicker.py"])
    finally:
        runner.close()
    assert runner.execution == "fork" and results["demo/second.py"].stdout == "second\n"
    times = dict(line.split() for line in clock.read_text().splitlines())
    assert set(times) == {"imported", "quick", "quicker"}
    assert float(times["quick"]) < float(times["imported"]), times


def test_a_job_names_only_the_shared_modules_the_server_lacks(tmp_path):
    """Modules of torch and matplotlib (the server imports them first) and of the standard
    library are never a job's shared imports: only the snippets that share another
    module carry one."""
    project = make_project(tmp_path / "project")
    demo = project / "snippets" / "demo"
    sources = {
        "a_first.py": "import math\nimport sklearn.datasets\nimport torch\n",
        "b_torch.py": "import copy, math\nimport matplotlib.pyplot as plt\nimport torch.nn as nn\nfrom torch import optim\n",
        "c_second.py": "from sklearn.datasets import load_digits\nimport copy\nimport numpy as np\n",
        "d_plots.py": "import copy, math\nimport matplotlib.pyplot as plt\nfrom matplotlib import ticker\n",
    }
    for name, source in sources.items():
        (demo / name).write_text(source, encoding="utf-8")
    runner = SnippetRunner(project, cache_dir=str(tmp_path / "cache"))
    assert runner._shared_imports([f"demo/{name}" for name in sources]) == {
        "demo/a_first.py": ["sklearn.datasets"],
        "demo/b_torch.py": [],
        "demo/c_second.py": ["sklearn.datasets"],
        "demo/d_plots.py": [],
    }


def _two_snippets(tmp_path, source: str) -> SnippetRunner:
    """A runner of the demo project with ``demo/first.py`` and ``demo/second.py`` added,
    each ``source`` with its ``{name}``."""
    project = make_project(tmp_path / "project")
    for name in ("first", "second"):
        (project / "snippets" / "demo" / f"{name}.py").write_text(source.format(name=name), encoding="utf-8")
    return SnippetRunner(project, cache_dir=str(tmp_path / "cache"))


#: the order of a run of demo/first.py and demo/second.py (which share an import) and two
#: others: the shared import made by the server before its warm-up (for one of the first
#: jobs), or by a branch of it after
SHARED_ORDERS = pytest.mark.parametrize(
    "order",
    [["demo/count.py", "demo/first.py", "demo/second.py", "demo/other.py"], ["demo/count.py", "demo/other.py", "demo/first.py", "demo/second.py"]],
    ids=["in the server", "in a branch"],
)


@needs_fork
@SHARED_ORDERS
def test_forking_stops_if_a_shared_import_leaves_a_thread(tmp_path, monkeypatch, order):
    """Fork is unsafe in a process with threads: a shared module that starts one as it is
    imported sends its snippets, and every later one, to new interpreters, saying why."""
    _on_path(tmp_path, monkeypatch, {"threaded_lib": "import threading, time\nthreading.Thread(target=time.sleep, args=(300,), daemon=True).start()\n"})
    runner = _two_snippets(tmp_path, "import threaded_lib\nprint('{name}')\n")
    try:
        results = runner.run_all(order)
    finally:
        runner.close()
    assert runner.execution.startswith("fresh interpreters (importing threaded_lib for the snippets left 2 threads"), runner.execution
    assert results["demo/first.py"].stdout == "first\n" and results["demo/second.py"].stdout == "second\n"
    assert "epoch 2" in results["demo/count.py"].stdout and results["demo/other.py"].stdout == "other 42\n"


@needs_fork
def test_a_branch_that_ends_in_its_import_has_its_jobs_run_in_new_interpreters(tmp_path, monkeypatch):
    """A shared module whose import ends the process (a crash in an extension module) ends
    the branch that imports it: the server answers that branch's jobs at once, and the
    build runs them in new interpreters, where the snippet's own import fails with its
    status; it does not wait for them until their time runs out."""
    import time

    from doc_snippets.runner import SnippetError

    _on_path(tmp_path, monkeypatch, {"crash_lib": "import os\nos._exit(3)\n"})
    runner = _two_snippets(tmp_path, "print('{name}')\nimport crash_lib\n")
    runner.timeout = 120
    started = time.monotonic()
    try:
        with pytest.raises(SnippetError, match=r"snippets/demo/first\.py: snippet process exited with status 3"):
            runner.run_all(["demo/count.py", "demo/other.py", "demo/first.py", "demo/second.py"])
    finally:
        runner.close()
    assert time.monotonic() - started < 60
    assert runner.execution.startswith("fresh interpreters (the fork server's branch that imported crash_lib for the snippets ended (status 3)"), runner.execution


@needs_fork
@SHARED_ORDERS
def test_a_shared_import_that_fails_is_the_snippet_s_error(tmp_path, order):
    """The server's import of a module that does not exist fails quietly; each snippet's own
    import then fails as in a new interpreter, naming the snippet and its line."""
    from doc_snippets.runner import SnippetError

    runner = _two_snippets(tmp_path, "print('{name}')\nimport no_such_module_here\n")
    try:
        with pytest.raises(SnippetError, match=r"snippets/demo/first\.py:2: snippet raised ModuleNotFoundError: No module named 'no_such_module_here'"):
            runner.run_all(order)
        assert runner.execution == "fork"
        with pytest.raises(SnippetError, match=r"snippets/demo/second\.py:2: snippet raised ModuleNotFoundError"):
            runner.get("demo/second.py")
    finally:
        runner.close()
