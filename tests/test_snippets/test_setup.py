"""Set-up page: the installation check prints this build's versions and a right product."""

from __future__ import annotations

import platform
import re
from pathlib import Path

import numpy as np
import torch

NAME = "setup/check_install.py"
DOCS = Path(__file__).resolve().parents[2] / "docs"


def _line(stdout: str, label: str) -> str:
    found = [line for line in stdout.splitlines() if line.startswith(label)]
    assert len(found) == 1, f"{label!r} printed {len(found)} times"
    return found[0][len(label):].strip()


def test_prints_the_installed_versions(snippet):
    out = snippet(NAME).stdout
    assert _line(out, "PyTorch:") == torch.__version__
    assert _line(out, "Python :") == platform.python_version()
    # the page says the build ran with the versions it shows in its run info
    assert snippet(NAME).versions["torch"].split("+")[0] == torch.__version__.split("+")[0]


def test_matrix_product_is_right(snippet, run_module):
    out = snippet(NAME).stdout
    ns = run_module(NAME)
    expected = np.array(ns["a"].tolist()) @ np.array(ns["b"].tolist())
    printed = out.split("a @ b =\n", 1)[1].split("CUDA", 1)[0]
    assert printed.strip().startswith("tensor(")
    numbers = [float(x) for x in re.findall(r"-?\d+\.?\d*", printed)]
    assert np.allclose(np.array(numbers).reshape(expected.shape), expected)
    # the page explains the first entry as row 1 of a times column 1 of b
    a, b = np.array(ns["a"].tolist()), np.array(ns["b"].tolist())
    assert numbers[0] == a[0, 0] * b[0, 0] + a[0, 1] * b[1, 0]


def test_cuda_line(snippet):
    out = snippet(NAME).stdout
    shown = _line(out, "CUDA available:")
    assert shown == str(torch.cuda.is_available())
    # the page: the CPU build of PyTorch answers False
    if torch.__version__.endswith("+cpu") or torch.version.cuda is None:
        assert shown == "False"


def test_pages_never_type_a_version():
    """Versions on these pages come from [[ version: ... ]], never typed by hand."""
    typed = [torch.__version__, torch.__version__.split("+")[0], platform.python_version()]
    for page in ("index", "setup"):
        for lang in ("ko", "en"):
            text = (DOCS / f"{page}.{lang}.md").read_text(encoding="utf-8")
            assert "[[ version: torch ]]" in text, f"{page}.{lang}.md does not name the torch version"
            for version in typed:
                assert version not in text, f"{page}.{lang}.md types the version {version}"


#: import name -> the pip package that provides it, and packages a pip package brings along
PIP_NAME = {"sklearn": "scikit-learn"}
BROUGHT_ALONG = {"numpy": "matplotlib"}  # matplotlib depends on numpy


def _snippet_imports() -> set[str]:
    import ast
    import sys

    snippets = DOCS.parent / "snippets"
    local = {p.stem for p in snippets.rglob("*.py")}
    found = set()
    for path in snippets.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top not in local:
                    found.add(top)
    return found


def _installed_by_page(lang: str) -> set[str]:
    text = (DOCS / f"setup.{lang}.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```(?:bash|powershell)\n(.*?)^```", text, re.S | re.M)
    assert len(blocks) == 3, f"setup.{lang}.md: expected one block of commands per OS"
    per_os = []
    for block in blocks:
        packages = set()
        for line in block.splitlines():
            if line.startswith("pip install "):
                words = line.split()[2:]
                packages |= {w for w in words if not w.startswith("-") and not w.startswith("http")}
        per_os.append(packages)
    assert all(p == per_os[0] for p in per_os), f"setup.{lang}.md installs other packages on other systems: {per_os}"
    return per_os[0]


def test_setup_installs_exactly_what_the_snippets_import():
    """The page: these commands are all the site's examples need (and nothing they do not use)."""
    imports = _snippet_imports()
    needed = {PIP_NAME.get(name, name) for name in imports if name not in BROUGHT_ALONG}
    for name in imports & set(BROUGHT_ALONG):
        needed.add(BROUGHT_ALONG[name])
    for lang in ("ko", "en"):
        installed = _installed_by_page(lang)
        assert needed <= installed, f"setup.{lang}.md does not install {sorted(needed - installed)}"
        assert installed <= needed, f"setup.{lang}.md installs {sorted(installed - needed)}, which no example imports"


def test_setup_names_the_pythons_the_examples_are_tested_on():
    """The page's list of Python versions is pyproject.toml's (one lock each, one CI job each)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("lock", DOCS.parent / "scripts" / "lock.py")
    lock = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(lock)
    for lang in ("ko", "en"):
        text = (DOCS / f"setup.{lang}.md").read_text(encoding="utf-8")
        named = tuple(dict.fromkeys(re.findall(r"\b(3\.\d{1,2})\b", text)))
        assert named == lock.PYTHONS, f"setup.{lang}.md names Python {named}, the project supports {lock.PYTHONS}"
