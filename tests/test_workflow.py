"""The GitHub workflow: zizmor (offline) finds nothing, actions are pinned to commits, the tests
run on every supported Python and the site is built with the one pinned Python."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
GITHUB = ROOT / ".github"
WORKFLOW = GITHUB / "workflows" / "docs.yml"
_spec = importlib.util.spec_from_file_location("lock", ROOT / "scripts" / "lock.py")
lock = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(lock)


def _zizmor() -> str:
    here = Path(sys.executable).parent / "zizmor"
    found = str(here) if here.exists() else shutil.which("zizmor")
    assert found, "zizmor is not installed: it is a test dependency (make test installs it)"
    return found


def _audit(folder: Path) -> subprocess.CompletedProcess:
    """zizmor at its default level, offline (no GitHub API): exit 0 means no findings."""
    return subprocess.run([_zizmor(), "--offline", "--no-progress", "--format", "plain", str(folder)],
                          capture_output=True, text=True, cwd=ROOT)


def test_zizmor_finds_nothing():
    run = _audit(GITHUB)
    assert run.returncode == 0, f"zizmor --offline .github/ reports:\n{run.stdout}\n{run.stderr}"
    assert "No findings" in run.stdout


def test_zizmor_would_catch_a_regression(tmp_path):
    """The audit is live: a tag instead of a commit and persisted credentials are reported."""
    copy = tmp_path / ".github"
    shutil.copytree(GITHUB, copy)
    broken = re.sub(r"actions/checkout@[0-9a-f]{40} # \S+", "actions/checkout@v4", WORKFLOW.read_text(encoding="utf-8"))
    broken = re.sub(r"\n +with:\n +persist-credentials: false", "", broken)
    assert "persist-credentials" not in broken
    (copy / "workflows" / "docs.yml").write_text(broken, encoding="utf-8")
    run = subprocess.run([_zizmor(), "--offline", "--no-progress", "--format", "json", str(copy)],
                         capture_output=True, text=True)
    assert run.returncode != 0
    found = {finding["ident"] for finding in json.loads(run.stdout)}
    assert {"unpinned-uses", "artipacked"} <= found, found


def _workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def _steps():
    for name, job in _workflow()["jobs"].items():
        for step in job.get("steps", []):
            yield name, step


def test_actions_are_pinned_to_commits_with_the_version_named():
    lines = [line for line in WORKFLOW.read_text(encoding="utf-8").splitlines() if "uses:" in line]
    assert len(lines) >= 5
    for line in lines:
        assert re.search(r"uses: [\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$", line), line


def test_checkout_keeps_no_credentials_and_jobs_get_least_permissions():
    checkouts = [step for _, step in _steps() if step.get("uses", "").startswith("actions/checkout@")]
    assert checkouts and all(step["with"]["persist-credentials"] is False for step in checkouts)
    workflow = _workflow()
    assert workflow["permissions"] == {}
    for name, job in workflow["jobs"].items():
        allowed = {"pages": "write", "id-token": "write"} if name == "deploy" else {"contents": "read"}
        assert job["permissions"] == allowed, name


def test_tests_run_on_every_supported_python_and_the_site_on_the_pinned_one():
    jobs = _workflow()["jobs"]
    assert tuple(jobs["test"]["strategy"]["matrix"]["python"]) == lock.PYTHONS
    assert any(step.get("run", "").startswith("make test") for step in jobs["test"]["steps"])
    setup = [step for step in jobs["build"]["steps"] if step.get("uses", "").startswith("actions/setup-python@")]
    assert setup[0]["with"] == {"python-version-file": ".python-version"}
    assert any(step.get("run", "") == "make site" for step in jobs["build"]["steps"])
    # the published build runs every snippet itself: no cache is restored into it
    assert not [s for s in jobs["build"]["steps"] if s.get("uses", "").startswith("actions/cache@")]
    assert jobs["deploy"]["needs"] == "build" and jobs["build"]["needs"] == "test"


def test_dependabot_moves_the_action_pins_and_the_python_packages():
    config = yaml.safe_load((GITHUB / "dependabot.yml").read_text(encoding="utf-8"))
    assert {u["package-ecosystem"] for u in config["updates"]} >= {"github-actions", "pip"}


def test_ci_runs_readmes_test_command():
    run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert [line for line in run.splitlines() if line.startswith("make")] == ["make test"]
    assert "make test" in (ROOT / "README.md").read_text(encoding="utf-8")
