"""The lock files: every package the site and the tests install, with versions and hashes.

    python scripts/lock.py                # (make lock) refresh requirements/*.txt from pyproject.toml
    python scripts/lock.py --upgrade      # (make lock-upgrade) also move unpinned packages to their newest
    python scripts/lock.py --check        # pyproject.toml and the lock files agree (exit 1 if not)
    python scripts/lock.py --check-env requirements/site-py3.11.txt
                                          # the running environment holds exactly that lock

Standard library only (Python 3.11+), so the Makefile can run it before any virtualenv exists.
Resolution is done by uv (``uv pip compile --generate-hashes``), run from a small virtualenv
``.venv-lock`` that holds only uv, itself installed from the hash-pinned ``requirements/uv.txt``.

One lock per Python version and purpose, for Linux x86-64 (manylinux_2_28: CI's Ubuntu and
Debian): ``requirements/site-py3.X.txt`` (what ``make site`` installs) and
``requirements/test-py3.X.txt`` (the same packages at the same versions plus the test tools;
what ``make test`` installs). Each records a fingerprint of the pyproject.toml fields it was
made from, so a dependency edited without a new lock is caught (``--check``, tests/test_lock.py).
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = ROOT / "pyproject.toml"
LOCKS = ROOT / "requirements"
#: the supported Pythons: pyproject.toml's "Programming Language :: Python :: 3.X" classifiers
PYTHONS = tuple(
    c.rsplit("::", 1)[1].strip()
    for c in tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"].get("classifiers", [])
    if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)
)
#: the Python the published site is built with (the workflow reads .python-version too)
SITE_PYTHON = (ROOT / ".python-version").read_text(encoding="utf-8").strip()
PLATFORM = "x86_64-manylinux_2_28"
#: packages a virtualenv brings and the editable install needs; locked like the rest
TOOLING = ("pip",)
REFRESH = "make lock"

FINGERPRINT = re.compile(r"^# pyproject-fingerprint: ([0-9a-f]{64})$", re.M)
ENTRY = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)", re.M)


class LockError(Exception):
    """pyproject.toml and a lock file disagree (the message says how to fix it)."""


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def project() -> dict:
    return tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))


def inputs(purpose: str, data: dict | None = None) -> dict:
    """The pyproject.toml fields a lock of this purpose ("site" or "test") is made from."""
    data = data or project()
    fields = {
        "requires-python": data["project"].get("requires-python", ""),
        "build-system": sorted(data.get("build-system", {}).get("requires", [])),
        "dependencies": sorted(data["project"].get("dependencies", [])),
        "classifiers": sorted(c for c in data["project"].get("classifiers", []) if ":: Python ::" in c),
    }
    if purpose == "test":
        extras = data["project"].get("optional-dependencies", {})
        fields["test"] = sorted(extras.get("test", []))
    return fields


def fingerprint(purpose: str, data: dict | None = None) -> str:
    text = json.dumps(inputs(purpose, data), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def lock_path(purpose: str, python: str) -> Path:
    return LOCKS / f"{purpose}-py{python}.txt"


def parse(path: Path) -> dict[str, tuple[str, list[str]]]:
    """``{canonical name: (version, [sha256 hashes])}`` of one lock file."""
    text = path.read_text(encoding="utf-8")
    entries: dict[str, tuple[str, list[str]]] = {}
    # one requirement per logical line (continuations joined)
    for line in text.replace("\\\n", " ").splitlines():
        match = ENTRY.match(line)
        if match:
            hashes = re.findall(r"--hash=sha256:([0-9a-f]{64})", line)
            entries[canonical(match[1])] = (match[2], hashes)
    return entries


# --- agreement --------------------------------------------------------------------------


def problems(python: str, purpose: str, data: dict | None = None) -> list[str]:
    """Every way ``requirements/<purpose>-py<python>.txt`` disagrees with pyproject.toml."""
    path = lock_path(purpose, python)
    rel = path.relative_to(ROOT)
    if not path.exists():
        return [f"{rel} is missing"]
    text = path.read_text(encoding="utf-8")
    found = FINGERPRINT.search(text)
    out = []
    if not found:
        out.append(f"{rel} has no '# pyproject-fingerprint:' line (it was not made by `{REFRESH}`)")
    elif found[1] != fingerprint(purpose, data):
        out.append(f"{rel} was made from another pyproject.toml (its dependencies changed since)")
    entries = parse(path)
    data = data or project()
    wanted = list(data["project"]["dependencies"]) + list(data["build-system"]["requires"])
    if purpose == "test":
        wanted += data["project"].get("optional-dependencies", {}).get("test", [])
    for requirement in wanted:
        name, spec = _split(requirement)
        if name not in entries:
            out.append(f"{rel} lacks {name} (pyproject.toml: {requirement})")
        elif not _satisfies(entries[name][0], spec):
            out.append(f"{rel} has {name}=={entries[name][0]}, pyproject.toml asks for {requirement}")
    for name, (version, hashes) in entries.items():
        if not hashes:
            out.append(f"{rel}: {name}=={version} has no hash")
    if purpose == "test":
        site = lock_path("site", python)
        if site.exists():
            for name, (version, _) in parse(site).items():
                if name in entries and entries[name][0] != version:
                    out.append(f"{rel} has {name}=={entries[name][0]} but {site.name} has {version}")
                elif name not in entries:
                    out.append(f"{rel} lacks {name}, which {site.name} holds")
    return out


def _split(requirement: str) -> tuple[str, str]:
    """``"torch==2.13.0  # note"`` -> ``("torch", "==2.13.0")``."""
    requirement = requirement.split(";")[0].split("#")[0].strip()
    match = re.match(r"([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*(.*)", requirement)
    return canonical(match[1]), match[2].strip()


def _satisfies(version: str, spec: str) -> bool:
    """PEP 440, by ``packaging`` (in every lock; before a virtualenv exists the Makefile's check
    may lack it, and then relies on the fingerprint alone). ``==2.13.0`` admits ``2.13.0+cpu``."""
    try:
        from packaging.specifiers import SpecifierSet
    except ImportError:
        return True
    return SpecifierSet(spec).contains(version, prereleases=True)


def npm_problems() -> list[str]:
    """package.json (if any) and package-lock.json agree, and every package has its hash."""
    if not (ROOT / "package.json").exists():
        return []
    if not (ROOT / "package-lock.json").exists():
        return ["package.json has no package-lock.json"]
    wanted = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    locked = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    out = []
    for field in ("dependencies", "devDependencies"):
        if wanted.get(field, {}) != locked[""].get(field, {}):
            out.append(f"package-lock.json's {field} are not package.json's")
    for where, entry in locked.items():
        if where and not entry.get("link") and not entry.get("integrity"):
            out.append(f"package-lock.json: {where} has no integrity hash")
    return out


def check() -> list[str]:
    found = []
    for python in PYTHONS:
        for purpose in ("site", "test"):
            found += problems(python, purpose)
    return found + npm_problems()


def environment_problems(lock: Path) -> list[str]:
    """The running Python's installed distributions are exactly the lock's (plus this project)."""
    from importlib.metadata import distributions

    entries = parse(lock)
    own = canonical(project()["project"]["name"])
    installed = {canonical(d.metadata["Name"]): d.version for d in distributions()}
    out = []
    for name, version in sorted(installed.items()):
        if name == own:
            continue
        if name not in entries:
            out.append(f"{name}=={version} is installed but not in {lock.name}")
        elif entries[name][0] != version:
            out.append(f"{name}=={version} is installed, {lock.name} has {entries[name][0]}")
    for name, (version, _) in sorted(entries.items()):
        if name not in installed:
            out.append(f"{name}=={version} is in {lock.name} but not installed")
    return out


# --- refresh ----------------------------------------------------------------------------


@functools.cache
def find_links() -> tuple[str, ...]:
    """The folders/pages pip is configured to take wheels from (this machine: the CPU torch)."""
    links = os.environ.get("PIP_FIND_LINKS", "").split()
    try:
        listed = subprocess.run([sys.executable, "-m", "pip", "config", "list"],
                                capture_output=True, text=True, check=False).stdout
    except OSError:
        listed = ""
    for line in listed.splitlines():
        key, _, value = line.partition("=")
        if key.endswith(".find-links"):
            links += value.strip().strip("'\"").split()
    return tuple(dict.fromkeys(links))


def run_uv(command: list[str], path: Path, upgrade: bool) -> None:
    """Run ``uv pip compile``. Keeping pins (no --upgrade), uv's cache usually knows every
    package already: try it offline first (seconds) and ask the index only when something is
    missing from the cache (about a minute)."""
    env = dict(os.environ, UV_NO_CONFIG="1")
    if not upgrade and not subprocess.run(command + ["--offline"], cwd=ROOT, env=env,
                                          capture_output=True).returncode:
        return
    if subprocess.run(command, cwd=ROOT, env=env).returncode:
        raise LockError(f"uv could not make {path.relative_to(ROOT)} (its message is above)")


def target_python(python: str, data: dict) -> str:
    """``3.11`` -> ``3.11.5`` when requires-python starts there (uv resolves for >= this)."""
    low = re.search(r">=\s*(\d+\.\d+(?:\.\d+)?)", data["project"].get("requires-python", ""))
    if low and low[1].startswith(python + "."):
        return low[1]
    return python


#: Packages published only as a source distribution: the one exception to wheels only.
#: kiwipiepy_model is the Korean analyzer's model data (88 MB), which its authors ship as
#: an sdist with no code to compile; its hash is locked like any other file's. The Makefile
#: passes the same names to pip (SOURCE_ONLY there).
SOURCE_ONLY = ("kiwipiepy-model",)


def compile_lock(uv: str, python: str, purpose: str, upgrade: bool) -> None:
    path = lock_path(purpose, python)
    data = project()
    extra_inputs = LOCKS / f".inputs-{purpose}-py{python}.in"
    lines = list(data["build-system"]["requires"]) + list(TOOLING)
    extra_inputs.write_text("\n".join(lines) + "\n", encoding="utf-8")
    command = [
        uv, "pip", "compile", "--quiet", "--generate-hashes", "--only-binary", ":all:",
        *[arg for name in SOURCE_ONLY for arg in ("--no-binary", name)],
        "--python-version", target_python(python, data), "--python-platform", PLATFORM,
        "--custom-compile-command", REFRESH,
        "--output-file", str(path), str(PYPROJECT), str(extra_inputs),
    ]
    if purpose == "test":
        command += ["--extra", "test", "--constraint", str(lock_path("site", python))]
    for link in find_links():
        command += ["--find-links", link]
    if upgrade:
        command.append("--upgrade")
    try:
        run_uv(command, path, upgrade)
    finally:
        extra_inputs.unlink(missing_ok=True)
    # uv names the temporary input file; say what it stood for, and record the fingerprint
    text = path.read_text(encoding="utf-8")
    text = text.replace(str(extra_inputs.relative_to(ROOT)), "pyproject.toml [build-system] and pip")
    text = text.replace(str(extra_inputs), "pyproject.toml [build-system] and pip")
    header = (
        f"# pyproject-fingerprint: {fingerprint(purpose, data)}\n"
        f"# Python {python}, Linux x86-64. Install: pip install --require-hashes --no-deps "
        f"--only-binary :all: {' '.join('--no-binary ' + name for name in SOURCE_ONLY)} -r {path.relative_to(ROOT)}\n"
    )
    path.write_text(header + text, encoding="utf-8")


def refresh(uv: str, upgrade: bool) -> None:
    """Every lock, the Pythons side by side (uv spends most of its time waiting on the index)."""
    from concurrent.futures import ThreadPoolExecutor

    LOCKS.mkdir(exist_ok=True)
    # the lock tool itself: requirements/uv.in pins it, uv.txt adds its hashes
    print("lock: requirements/uv.txt", flush=True)
    command = [uv, "pip", "compile", "--quiet", "--generate-hashes", "--only-binary", ":all:",
               "--custom-compile-command", REFRESH, "--output-file", str(LOCKS / "uv.txt"),
               str(LOCKS / "uv.in")]
    if upgrade:
        command.append("--upgrade")
    run_uv(command, LOCKS / "uv.txt", upgrade)

    def one_python(python: str) -> None:
        for purpose in ("site", "test"):  # test is constrained by site: same versions
            print(f"lock: {lock_path(purpose, python).relative_to(ROOT)}", flush=True)
            compile_lock(uv, python, purpose, upgrade)

    with ThreadPoolExecutor(len(PYTHONS)) as pool:
        for future in [pool.submit(one_python, python) for python in PYTHONS]:
            future.result()

    # the browser tests' npm packages, if any: package-lock.json (versions and integrity hashes)
    if (ROOT / "package.json").exists():
        print("lock: package-lock.json", flush=True)
        npm = ["npm", "install", "--package-lock-only", "--ignore-scripts", "--no-audit", "--no-fund"]
        try:
            failed = subprocess.run(npm, cwd=ROOT).returncode
        except FileNotFoundError:
            raise LockError("package.json needs npm to refresh package-lock.json; install npm") from None
        if failed:
            raise LockError("npm could not refresh package-lock.json (its message is above)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="pyproject.toml and the locks agree")
    parser.add_argument("--check-env", type=Path, metavar="LOCK",
                        help="the running environment holds exactly this lock")
    parser.add_argument("--upgrade", action="store_true", help="move every package to its newest")
    parser.add_argument("--uv", default="uv", help="the uv executable (make lock passes .venv-lock's)")
    args = parser.parse_args(argv)
    if args.check or args.check_env:
        found = check() if args.check else environment_problems(args.check_env)
        for line in found:
            print(f"lock: {line}", file=sys.stderr)
        if found:
            fix = REFRESH if args.check else "rm -rf .venv, then make site / make test"
            print(f"lock: run `{fix}` (see README.md, 'The lock files')", file=sys.stderr)
        return 1 if found else 0
    try:
        refresh(args.uv, args.upgrade)
    except LockError as error:
        print(f"lock: {error}", file=sys.stderr)
        return 1
    found = check()
    for line in found:
        print(f"lock: {line}", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
