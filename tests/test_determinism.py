"""Two clean runs give the same outputs and figures, byte for byte."""

from __future__ import annotations

import re

from doc_snippets.runner import SnippetRunner
from tests.conftest import ROOT


def test_a_clean_run_reproduces_every_output_and_figure(runner, tmp_path):
    clean = SnippetRunner(ROOT, cache_dir=str(tmp_path / "clean-cache"))
    first = runner.run_all()
    second = clean.run_all()
    assert sorted(clean.last_ran) == sorted(first)  # really ran everything again
    for name, a in first.items():
        b = second[name]
        assert a.stdout == b.stdout, f"{name}: output differs between two runs"
        assert len(a.figures) == len(b.figures), name
        for fa, fb in zip(a.figures, b.figures):
            for lang in fa.files:
                assert fa.files[lang].read_bytes() == fb.files[lang].read_bytes(), f"{name}: figure differs ({lang})"


def test_figures_carry_no_date_or_random_ids(snippet, runner):
    for name in runner.discover():
        for figure in snippet(name).figures:
            for path in figure.files.values():
                svg = path.read_text(encoding="utf-8")
                assert "<dc:date>" not in svg, f"{name}: a date in {path.name}"
                assert not re.search(r"\b20\d\d-\d\d-\d\d", svg), f"{name}: a date in {path.name}"
