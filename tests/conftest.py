"""Shared fixtures: the snippets' results, exactly as the pages show them."""

from __future__ import annotations

import contextlib
import os
import subprocess
import io
import runpy
import sys
import time
from pathlib import Path

import pytest

from doc_snippets.runner import SnippetResult, SnippetRunner

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def runner() -> SnippetRunner:
    """The build's runner, sharing its cache: a test sees what the page shows."""
    return SnippetRunner(ROOT)


@pytest.fixture(scope="session")
def snippet(runner):
    """``snippet("linear_regression/simple.py")`` -> the result the pages show."""

    def get(name: str) -> SnippetResult:
        return runner.get(name)

    return get


_NUMPY_PRINT = None


def _reset_global_state() -> None:
    """Undo what an earlier in-process run may have set globally (the build runs each
    snippet in a fresh process; here they share one)."""
    global _NUMPY_PRINT
    import matplotlib
    import numpy as np
    import torch

    if _NUMPY_PRINT is None:
        _NUMPY_PRINT = np.get_printoptions()
    np.set_printoptions(**_NUMPY_PRINT)
    torch.set_printoptions(profile="default")
    torch.set_default_dtype(torch.float32)
    matplotlib.rcdefaults()


def _run_in_process(runner, name: str, keep_figures: bool = False) -> dict:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from doc_snippets.child import _seed_everything

    path = runner.path(name)
    plt.close("all")
    _reset_global_state()
    _seed_everything()
    out = io.StringIO()
    sys.path.insert(0, str(path.parent))
    try:
        with contextlib.redirect_stdout(out):
            namespace = runpy.run_path(str(path), run_name="__main__")
    except BaseException:
        plt.close("all")
        raise
    finally:
        sys.path.remove(str(path.parent))
        if not keep_figures:
            plt.close("all")
    assert out.getvalue() == runner.get(name).stdout, f"{name}: in-process run printed other output than the page"
    return namespace


@pytest.fixture
def run_module(runner):
    """Run a snippet in this process and return its globals (tensors, models...).

    The run is seeded as the build's is, and its printed output must equal the
    page's, so the values a test reads are the ones the page reports.
    """

    def run(name: str) -> dict:
        return _run_in_process(runner, name)

    return run


@pytest.fixture
def run_figures(runner):
    """Like ``run_module``, but the figures the snippet left open stay open.

    ``namespace, figures = run_figures(name)``: ``figures`` are the matplotlib figures
    the build saves as the page's images (in ``plt.get_fignums()`` order), so a test
    can read what was drawn (``line.get_xydata()``, ``line.get_drawstyle()``) and
    compare it with what the same run printed. They are closed after the test.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    def run(name: str):
        namespace = _run_in_process(runner, name, keep_figures=True)
        return namespace, [plt.figure(num) for num in plt.get_fignums()]

    yield run
    plt.close("all")


def running(pid: int) -> str:
    """``pid``'s process state (ps's STAT) if it is running, else "". A zombie counts as
    gone: a killed process whose parent died waits as one until PID 1 reaps it, which
    some containers' PID 1 never does, and it runs nothing."""
    state = subprocess.run(["ps", "-o", "stat=", "-p", str(pid)], capture_output=True, text=True).stdout.strip()
    return "" if state.startswith("Z") else state


#: the build date of every site this test run builds (MkDocs reads SOURCE_DATE_EPOCH): the
#: sitemap's lastmod of two builds on either side of midnight UTC would differ otherwise
BUILD_DATE = os.environ.get("SOURCE_DATE_EPOCH") or str(int(time.time()))


def mkdocs_build(project: Path, site_dir: Path, *extra: str, site_url: str | None = None) -> subprocess.CompletedProcess:
    """``mkdocs build --strict`` of ``project`` into ``site_dir``; returns the finished process.
    ``site_url``: the address the site is built for (mkdocs.yml reads SITE_URL)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONUNBUFFERED="1", SOURCE_DATE_EPOCH=BUILD_DATE)
    if site_url is not None:
        env["SITE_URL"] = site_url
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site_dir), *extra],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )


@pytest.fixture(scope="session")
def _served_folder(tmp_path_factory):
    """A folder served on localhost from before the site is built into it, so that the build
    can be told the address it is served at, as the deploy workflow tells it (SITE_URL).

    It matters to the language switch: Material looks the page up in the other language's
    sitemap, whose addresses it corrects to the browser's protocol and host but not its port.
    A site served on another port than it was built for sends a reader to the other language's
    home page, not to the same page, whenever that sitemap happens to arrive first."""
    from tests.browser import serve_site

    site = tmp_path_factory.mktemp("site")
    with serve_site(site) as base:
        yield site, base


@pytest.fixture(scope="session")
def built_site(_served_folder) -> Path:
    """The real site, built once per test run with ``--strict`` (sharing the snippet cache),
    for the address ``site_url`` serves it at."""
    site, base = _served_folder
    proc = mkdocs_build(ROOT, site, site_url=f"{base}/")
    assert proc.returncode == 0, f"mkdocs build --strict failed:\n{proc.stdout}\n{proc.stderr}"
    return site


@pytest.fixture(scope="session")
def site_url(_served_folder, built_site) -> str:
    """Where the built site is served on localhost (no trailing slash), for the browser tests."""
    return _served_folder[1]


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium through Playwright (tests/browser.py)."""
    from tests.browser import launch

    with launch() as browser:
        yield browser
