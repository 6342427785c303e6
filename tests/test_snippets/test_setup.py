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
