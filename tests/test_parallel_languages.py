"""The other language built in a forked process (doc_snippets.parallel_languages): the same
site, the same log and the same failures as when one process builds both."""

from __future__ import annotations

import filecmp
import logging
import os
import re
import sys
import time
import warnings
from pathlib import Path

import pytest

from doc_snippets import parallel_languages
from tests.conftest import mkdocs_build
from tests.test_build import log_of, make_project

SECOND_PROCESS = "'en' built in a second process"


def one_process(project: Path) -> None:
    """The project's mkdocs.yml with the languages built one after another."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  - snippets:\n", "  - snippets:\n      parallel_languages: false\n"), encoding="utf-8")


def _files(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())


def _log_lines(proc) -> list[str]:
    """The build's log without what differs by run: folders, times, the second process's line."""
    lines = []
    for line in log_of(proc).splitlines():
        if SECOND_PROCESS in line or "Documentation built in" in line:
            continue
        lines.append(re.sub(r"directory: \S+", "directory: <site>", line))
    return lines


def _build_in_this_process(project: Path, site: Path, monkeypatch) -> None:
    """``mkdocs build`` of ``project`` in the test's own process (so a test can patch it)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    monkeypatch.chdir(project)
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


@pytest.fixture
def project(tmp_path) -> Path:
    return make_project(tmp_path / "project")


def test_the_other_language_builds_beside_the_first_and_the_site_is_the_same(project, tmp_path):
    assert mkdocs_build(project, tmp_path / "warm").returncode == 0  # the snippets run once
    side_by_side = mkdocs_build(project, tmp_path / "side-by-side")
    one_process(project)
    sequential = mkdocs_build(project, tmp_path / "one-process")
    assert side_by_side.returncode == 0 and sequential.returncode == 0, log_of(side_by_side) + log_of(sequential)

    assert SECOND_PROCESS in log_of(side_by_side)
    assert SECOND_PROCESS not in log_of(sequential)
    assert _log_lines(side_by_side) == _log_lines(sequential)

    a, b = tmp_path / "side-by-side", tmp_path / "one-process"
    names = _files(a)
    assert names == _files(b)
    assert "en/index.html" in names and "index.html" in names
    # the files every language's build writes at the site's root: the sitemap lists both
    # languages; the root's 404 page is the first language's, each language has its own
    korean, english = (a / "404.html").read_text(encoding="utf-8"), (a / "en" / "404.html").read_text(encoding="utf-8")
    assert 'lang="ko"' in korean and "<h1>404 - 페이지를 찾을 수 없습니다</h1>" in korean
    assert 'lang="en"' in english and "<h1>404 - Not found</h1>" in english
    assert (a / "sitemap.xml").read_text(encoding="utf-8").count("<url>") == 2  # both languages' page
    _, mismatch, errors = filecmp.cmpfiles(a, b, names, shallow=False)
    assert mismatch == [] and errors == []


def _build_with_english_line(project: Path, site: Path, parallel: bool, line: str):
    """Build with ``line`` added to the English page (the language a child builds)."""
    page = project / "docs" / "index.en.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    if not parallel:
        one_process(project)
    return mkdocs_build(project, site)


@pytest.mark.parametrize("parallel", [True, False], ids=["side-by-side", "one-process"])
def test_a_warning_on_the_other_languages_page_fails_the_strict_build(project, tmp_path, parallel):
    proc = _build_with_english_line(project, tmp_path / "site", parallel, "See [the missing page](gone.md).")
    log = log_of(proc)
    assert proc.returncode != 0
    warnings = [line for line in log.splitlines() if line.startswith("WARNING")]
    assert len(warnings) == 1 and "index.en.md" in warnings[0] and "gone.md" in warnings[0], log
    assert "Aborted with 1 warnings in strict mode!" in log
    assert "Traceback" not in log
    assert (SECOND_PROCESS in log) is False  # the language failed: no report of it built


@pytest.mark.parametrize("parallel", [True, False], ids=["side-by-side", "one-process"])
def test_an_error_on_the_other_languages_page_names_the_file_and_line(project, tmp_path, parallel):
    proc = _build_with_english_line(project, tmp_path / "site", parallel, "[[ snippet: demo/nope.py ]]")
    assert proc.returncode != 0
    assert "index.en.md:7: no snippet 'demo/nope.py'" in log_of(proc)
    assert "Traceback" not in log_of(proc)


def test_a_second_process_that_dies_leaves_the_language_to_the_build(project, tmp_path, monkeypatch, caplog):
    from mkdocs.commands.build import build

    def dies(self, language, write_fd):
        os._exit(3)

    monkeypatch.setattr(parallel_languages.SideBySide, "_child", dies)
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        _build_in_this_process(project, tmp_path / "site", monkeypatch)
    assert "the 'en' build's process ended without a result (exit status 3); 'en' is built in this process" in caplog.text
    assert SECOND_PROCESS not in caplog.text
    english = (tmp_path / "site" / "en" / "index.html").read_text(encoding="utf-8")
    assert "epoch 2" in english and 'lang="en"' in english
    # mkdocs-static-i18n has its own build back
    from mkdocs_static_i18n import plugin as i18n_plugin

    assert i18n_plugin.build is build


def test_python_3_12_s_warning_at_a_fork_with_threads_stays_out_of_the_log(project, tmp_path, monkeypatch, caplog):
    """Python 3.12 and later warn at each fork of a process with threads (this build has
    some: the module's docstring says why they are safe): the build's log shows no such
    line. On 3.11, which does not warn, the warning is made the way 3.12 makes it."""
    fork = os.fork
    if sys.version_info < (3, 12):

        def fork_that_warns():
            pid = fork()
            if pid:
                message = f"This process (pid={os.getpid()}) is multi-threaded, use of fork() may lead to deadlocks in the child."
                warnings.warn(message, DeprecationWarning, stacklevel=2)
            return pid

        monkeypatch.setattr(os, "fork", fork_that_warns)
    with warnings.catch_warnings(record=True) as shown, caplog.at_level(logging.INFO, logger="mkdocs"):
        warnings.simplefilter("always")
        _build_in_this_process(project, tmp_path / "site", monkeypatch)
    assert SECOND_PROCESS in caplog.text  # the English pages were built in a forked process
    assert not [w for w in shown if "multi-threaded" in str(w.message)]
    assert "multi-threaded" not in caplog.text


def test_only_mkdocs_build_builds_languages_side_by_side(project):
    from mkdocs.config import load_config

    config = load_config(str(project / "mkdocs.yml"))
    expected = parallel_languages.fork_unavailable()
    assert parallel_languages.why_not(config, "build", dirty=False) == expected
    assert parallel_languages.why_not(config, "gh-deploy", dirty=False) == expected
    assert parallel_languages.why_not(config, "serve", dirty=False) == "not a `mkdocs build`"
    assert parallel_languages.why_not(config, None, dirty=False) == "not a `mkdocs build`"  # build() called directly
    assert parallel_languages.why_not(config, "build", dirty=True) == "--dirty"


def test_a_failed_first_language_ends_the_other_languages_process(project, tmp_path):
    """The Korean page fails after the English build was forked: the build fails with the
    Korean error, and no process of it is left (the child is killed, not left building)."""
    page = project / "docs" / "index.ko.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[[ snippet: demo/nope.py ]]\n", encoding="utf-8")
    site = tmp_path / "site-that-fails"
    proc = mkdocs_build(project, site)
    assert proc.returncode != 0
    assert "index.ko.md:7: no snippet 'demo/nope.py'" in log_of(proc)
    assert SECOND_PROCESS not in log_of(proc)
    time.sleep(2)  # what a child left building would write by then
    assert not (site / "en" / "index.html").exists()
    left = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if str(site).encode() in cmdline.read_bytes():
                left.append(cmdline.parent.name)
        except OSError:
            pass  # ended while being read
    assert left == []
