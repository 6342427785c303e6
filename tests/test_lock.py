"""The lock files (requirements/*.txt): every package pinned with hashes, in step with
pyproject.toml, and what `make site` / `make test` install, hash-checked."""

from __future__ import annotations

import copy
import hashlib
import json
import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("lock", ROOT / "scripts" / "lock.py")
lock = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(lock)

LOCK_FILES = [lock.lock_path(p, v) for v in lock.PYTHONS for p in ("site", "test")]


def test_supported_pythons_come_from_pyproject():
    data = lock.project()
    assert lock.PYTHONS == ("3.11", "3.12", "3.13")
    assert data["project"]["requires-python"].replace(" ", "").startswith(">=3.11")
    assert "<3.14" in data["project"]["requires-python"]
    # the Python the published site is built with is one of them, and is a full version
    assert re.fullmatch(r"3\.\d+\.\d+", lock.SITE_PYTHON)
    assert lock.SITE_PYTHON.rsplit(".", 1)[0] in lock.PYTHONS


def test_the_locks_agree_with_pyproject():
    found = lock.check()
    assert not found, "\n".join(found) + f"\npyproject.toml and the lock disagree: run `{lock.REFRESH}`"


def test_the_agreement_check_notices_an_edit():
    """Adding, changing or removing a dependency without `make lock` is caught, with the fix."""
    data = lock.project()
    added = copy.deepcopy(data)
    added["project"]["dependencies"].append("polib==1.2.0")
    found = lock.problems("3.12", "site", added)
    assert any("lacks polib" in p for p in found), found
    assert any("another pyproject.toml" in p for p in found), found

    changed = copy.deepcopy(data)
    changed["project"]["dependencies"] = [
        "numpy==1.26.4" if d.startswith("numpy==") else d for d in data["project"]["dependencies"]
    ]
    found = lock.problems("3.11", "site", changed)
    assert any("numpy==" in p and "asks for numpy==1.26.4" in p for p in found), found

    removed = copy.deepcopy(data)
    removed["project"]["optional-dependencies"]["test"] = [
        d for d in data["project"]["optional-dependencies"]["test"] if not d.startswith("zizmor")
    ]
    assert lock.problems("3.13", "test", removed), "a removed test tool went unnoticed"
    # the site lock does not depend on the test tools
    assert not lock.problems("3.13", "site", removed)


def test_the_check_tells_which_command_to_run(tmp_path):
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(text.replace('"PyYAML==6.0.4",', '"PyYAML==6.0.4", "polib==1.2.0",'))
    err = subprocess.run(
        [sys.executable, "-c", f"import sys; sys.path.insert(0, {str(ROOT / 'scripts')!r}); import lock;"
         f"from pathlib import Path; lock.PYPROJECT = Path({str(tmp_path / 'pyproject.toml')!r});"
         "sys.exit(lock.main(['--check']))"],
        capture_output=True, text=True,
    )
    assert err.returncode == 1
    assert "lacks polib (pyproject.toml: polib==1.2.0)" in err.stderr
    assert "run `make lock`" in err.stderr


@pytest.mark.parametrize("path", LOCK_FILES, ids=lambda p: p.name)
def test_every_package_is_pinned_with_a_hash(path):
    text = path.read_text(encoding="utf-8")
    logical = [line for line in text.replace("\\\n", " ").splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert len(logical) > 50, f"{path.name}: only {len(logical)} packages"
    for line in logical:
        assert re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*==\S+ ", line), f"{path.name}: not an exact pin: {line[:80]}"
        assert "--hash=sha256:" in line, f"{path.name}: no hash: {line[:80]}"
        assert not re.search(r"(^|\s)-(e|-editable|-index-url|-extra-index-url|-find-links|f|i)\b", line), line
    # what the virtualenv and the editable install need is locked too
    entries = lock.parse(path)
    assert {"pip", "setuptools"} <= set(entries)


def test_test_lock_holds_the_site_lock_at_the_same_versions():
    for python in lock.PYTHONS:
        site = lock.parse(lock.lock_path("site", python))
        test = lock.parse(lock.lock_path("test", python))
        assert {n: v for n, (v, _) in site.items()} == {n: test[n][0] for n in site}
        assert {"pytest", "zizmor", "playwright"} <= set(test) - set(site)


def test_torch_is_the_cpu_build_on_311_and_pypis_elsewhere():
    """How the lock differs per Python: 3.11 takes torch's CPU wheel (one file, one hash),
    3.12 and 3.13 PyPI's build of the same release, which brings NVIDIA's CUDA libraries."""
    pinned = next(d for d in lock.project()["project"]["dependencies"] if d.startswith("torch=="))
    release = pinned.split("==")[1]
    cpu = lock.parse(lock.lock_path("site", "3.11"))
    assert cpu["torch"][0] == f"{release}+cpu"
    assert len(cpu["torch"][1]) == 1
    assert not [n for n in cpu if n.startswith("nvidia-")]
    for python in ("3.12", "3.13"):
        entries = lock.parse(lock.lock_path("site", python))
        assert entries["torch"][0] == release
        assert [n for n in entries if n.startswith("nvidia-")]


def test_the_cpu_torch_hash_is_the_wheel_pip_installs_from():
    """The locked hash of torch's CPU build is the sha256 of the file pip takes it from."""
    version, (digest,) = lock.parse(lock.lock_path("site", "3.11"))["torch"]
    wheels = [
        path
        for link in lock.find_links()
        if Path(link).is_dir()
        for path in Path(link).glob(f"torch-{version}-cp311-*.whl")
    ]
    if not wheels:
        pytest.skip("no local folder holds torch's CPU wheel here; pip's hash check does this job")
    for wheel in wheels:
        assert hashlib.sha256(wheel.read_bytes()).hexdigest() == digest, wheel


def test_make_installs_only_from_the_locks_with_hashes(tmp_path):
    """`make site` and `make test` (dry run): every pip install is hash-checked from a lock,
    except the project itself, which is installed without dependencies and without an index."""
    venv = tmp_path / "venv"
    out = subprocess.run(["make", "-n", "-B", "test", f"VENV={venv}", f"PYTHON={sys.executable}", "CHROMIUM=/bin/true"],
                         cwd=ROOT, capture_output=True, text=True, check=True).stdout
    installs = [line for line in out.splitlines() if "pip install" in line]
    assert len(installs) == 3, out
    version = "%d.%d" % sys.version_info[:2]
    for line in installs:
        if " -e ." in line:
            assert "--no-deps" in line and "--no-index" in line and "--no-build-isolation" in line
        else:
            assert "--require-hashes" in line and "--no-deps" in line and "--only-binary :all:" in line
            assert re.search(rf"-r requirements/(site|test)-py{version}\.txt$", line), line
    assert "scripts/lock.py --check" in out
    assert out.count("scripts/lock.py --check-env") == 2


def test_the_running_environment_is_exactly_the_lock():
    """In the virtualenv `make test` made, nothing is installed that the lock does not hold."""
    if not (Path(sys.prefix) / ".test-deps").exists():  # the Makefile's mark of its virtualenv
        pytest.skip("checks the virtualenv `make test` installs (this run uses another Python environment)")
    version = "%d.%d" % sys.version_info[:2]
    found = lock.environment_problems(lock.lock_path("test", version))
    assert not found, "\n".join(found)


def test_the_npm_check_notices_a_stale_package_lock(tmp_path, monkeypatch):
    """When the browser tests have npm packages, package-lock.json must match package.json."""
    monkeypatch.setattr(lock, "ROOT", tmp_path)
    assert lock.npm_problems() == []  # no package.json: nothing to lock
    (tmp_path / "package.json").write_text('{"devDependencies": {"axe-core": "4.14.1"}}')
    assert lock.npm_problems() == ["package.json has no package-lock.json"]
    entry = {"version": "4.14.0", "integrity": "sha512-x"}
    (tmp_path / "package-lock.json").write_text(json.dumps({"packages": {
        "": {"devDependencies": {"axe-core": "4.14.0"}}, "node_modules/axe-core": entry}}))
    assert lock.npm_problems() == ["package-lock.json's devDependencies are not package.json's"]
    del entry["integrity"]
    (tmp_path / "package-lock.json").write_text(json.dumps({"packages": {
        "": {"devDependencies": {"axe-core": "4.14.1"}}, "node_modules/axe-core": entry}}))
    assert lock.npm_problems() == ["package-lock.json: node_modules/axe-core has no integrity hash"]
