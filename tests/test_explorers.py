"""The explorers' data: a snippet run's saved values, the directive that hands them to a page.

What the explorers compute in the browser is tested in ``test_browser_explorers.py``;
here: the values a run saves are the run's own, the directive fails with page:line on
a bad line, and what the pages say about the explorers' data holds (the cost
(14/3)(W - 2)^2 the descent explorer draws, the page's learning rates among its choices).
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import numpy as np
import pytest
import torch

from doc_snippets import explorer, values
from doc_snippets.directives import DirectiveError, PageContext, expand

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "docs" / "javascripts" / "explorers.js"
PAGES = {
    "linear-regression": ("descent", "linear_regression/cost_curve.py"),
    "logistic-regression": ("sigmoid", "logistic_regression/train.py"),
    "confusion-matrix": ("threshold", "confusion_matrix/threshold.py"),
}


# -- what a run saves --------------------------------------------------------------
def test_to_json_keeps_numbers_lists_and_small_tensors():
    import numpy

    saved = values.collect(
        {
            "n": 3,
            "rate": 0.25,
            "flag": True,
            "name": "spam",
            "pairs": [(1, 2.5), (3, 4.0)],
            "table": {"a": [1, 2]},
            "t": torch.tensor([[0.1, 0.2]]),
            "ints": torch.tensor([1, 0, 1]),
            "bools": torch.tensor([True, False]),
            "arr": numpy.arange(4).reshape(2, 2),
            "scalar": numpy.float32(0.5),
        }
    )
    assert saved["n"] == 3 and saved["rate"] == 0.25 and saved["flag"] is True and saved["name"] == "spam"
    assert saved["pairs"] == [[1, 2.5], [3, 4.0]]
    assert saved["table"] == {"a": [1, 2]}
    # a float32 is saved as the double it equals exactly: the page computes with the run's numbers
    assert saved["t"] == [[float(np.float32(0.1)), float(np.float32(0.2))]]
    assert saved["ints"] == [1, 0, 1] and saved["bools"] == [True, False]
    assert saved["arr"] == [[0, 1], [2, 3]] and saved["scalar"] == 0.5
    json.dumps(saved, allow_nan=False)


def test_to_json_leaves_out_what_json_cannot_hold_or_is_too_large():
    import math as math_module

    saved = values.collect(
        {
            "math": math_module,
            "f": lambda x: x,
            "model": torch.nn.Linear(2, 1),
            "nan": float("nan"),
            "inf_list": [1.0, float("inf")],
            "big": torch.zeros(values.MAX_ITEMS + 1),
            "long_list": list(range(values.MAX_ITEMS + 1)),
            "keys": {1: 2},
            "complex": torch.zeros(2, dtype=torch.complex64),
            "_private": 1,
            "kept": 1,
        }
    )
    assert saved == {"kept": 1}


def test_a_run_saves_its_module_level_values(snippet, run_module):
    result = snippet("confusion_matrix/threshold.py")
    saved = values.load(result.entry)
    namespace = run_module("confusion_matrix/threshold.py")
    assert saved["scores"] == namespace["scores"].tolist()
    assert saved["labels"] == namespace["labels"].tolist()
    assert saved["n"] == namespace["n"]
    assert "precision_recall" not in saved and "torch" not in saved and "plt" not in saved


# -- the directive ---------------------------------------------------------------------
def _page(snippets):
    context = PageContext(
        src_path="topic.en.md", src_uri="topic.md", language="en", languages=["ko", "en"],
        glossary=ROOT / "data" / "glossary.yml",
    )
    return context, snippets


@pytest.fixture(scope="module")
def results(runner):
    return {name: runner.get(name) for _, name in PAGES.values()}


def test_directive_embeds_the_named_values_as_json(results):
    context, _ = _page(results)
    markdown = "# T\n\n[[ explorer: threshold | confusion_matrix/threshold.py: scores labels ]]\n"
    html, shown = expand(markdown, context, results)
    assert shown == set()
    match = re.search(
        r'<div class="explorer" data-explorer="threshold" data-lang="en"[^>]*>\n'
        r'<script type="application/json">(.*?)</script>', html
    )
    assert match, html
    embedded = json.loads(match.group(1))
    saved = values.load(results["confusion_matrix/threshold.py"].entry)
    assert embedded == {"scores": saved["scores"], "labels": saved["labels"]}


@pytest.mark.parametrize(
    "line, message",
    [
        ("[[ explorer: threshold | confusion_matrix/threshold.py: scores labels nope ]]",
         "topic.en.md:3: snippets/confusion_matrix/threshold.py has no module-level value 'nope'"),
        ("[[ explorer: threshold | confusion_matrix/threshold.py: scores ]]",
         "topic.en.md:3: the threshold explorer draws scores, labels; the line does not name labels"),
        ("[[ explorer: wobble | confusion_matrix/threshold.py: scores ]]",
         "topic.en.md:3: unknown explorer 'wobble'"),
        ("[[ explorer: threshold | confusion_matrix/nothere.py: scores labels ]]",
         "topic.en.md:3: no snippet 'confusion_matrix/nothere.py'"),
        ("[[ explorer: threshold confusion_matrix/threshold.py ]]",
         "topic.en.md:3: malformed explorer line"),
        # precision_recall is a function: it has no JSON form, so it is not a value
        ("[[ explorer: threshold | confusion_matrix/threshold.py: scores labels precision_recall ]]",
         "has no module-level value 'precision_recall'"),
    ],
)
def test_a_bad_explorer_line_fails_with_page_and_line(results, line, message):
    context, _ = _page(results)
    with pytest.raises(DirectiveError) as caught:
        expand(f"# T\n\n{line}\n", context, results)
    assert message in str(caught.value)


def test_explorer_lines_inside_code_fences_are_left_alone(results):
    context, _ = _page(results)
    markdown = "```text\n[[ explorer: threshold | confusion_matrix/threshold.py: nope ]]\n```\n"
    html, _ = expand(markdown, context, results)
    assert html == markdown


def test_payload_cannot_close_its_script_element():
    match = explorer.DIRECTIVE.match("[[ explorer: threshold | a.py: s ]]")
    html = explorer.render(match, {"s": "</script><!--"}, "en")
    inside = html.split('<script type="application/json">', 1)[1].rsplit("</script>", 1)[0]
    assert "<" not in inside and json.loads(inside) == {"s": "</script><!--"}


# -- the pages ----------------------------------------------------------------------------
@pytest.mark.parametrize("stem", sorted(PAGES))
def test_each_page_has_its_explorer_in_both_languages(stem):
    kind, name = PAGES[stem]
    for language in ("ko", "en"):
        text = (ROOT / "docs" / f"{stem}.{language}.md").read_text(encoding="utf-8")
        lines = [m for line in text.splitlines() if (m := explorer.DIRECTIVE.match(line))]
        assert [(m.group("kind"), m.group("name")) for m in lines] == [(kind, name)], f"{stem}.{language}.md"


def test_the_descent_explorer_draws_the_cost_the_page_states(snippet):
    """cost(W) = (14/3)(W - 2)^2: the explorer computes mean((x W - y)^2) from the run's data."""
    saved = values.load(snippet("linear_regression/cost_curve.py").entry)
    x, y = np.array(saved["x_train"]), np.array(saved["y_train"])
    for W in np.linspace(-3, 7, 11):
        assert np.mean((x * W - y) ** 2) == pytest.approx(14 / 3 * (W - 2) ** 2, rel=1e-12, abs=1e-12)
    # the curvature 2 * mean(x^2) sets where descent diverges: lr > 1 / mean(x^2) = 3/14
    assert 1 / np.mean(x**2) == pytest.approx(3 / 14)
    # ...and the run's own cost curve is that parabola too
    Ws, costs = np.array(saved["Ws"]), np.array(saved["costs"])
    assert np.allclose(costs, 14 / 3 * (Ws - 2) ** 2, rtol=1e-5, atol=1e-5)


def test_the_page_learning_rates_are_among_the_explorer_choices(snippet):
    printed = [float(v) for v in re.findall(r"^lr = ([\d.]+)$", snippet("linear_regression/cost_curve.py").stdout, re.M)]
    assert printed == [0.01, 0.1, 0.2, 0.25]
    source = SCRIPT.read_text(encoding="utf-8")
    choices = json.loads(re.search(r"const LEARNING_RATES = (\[[^\]]*\]);", source).group(1))
    assert set(printed) <= set(choices)
    limit = 3 / 14  # 1 / mean(x^2), checked above against the run's data
    assert any(lr < limit for lr in choices) and any(lr > limit for lr in choices)
    assert any(0.2 < lr < limit for lr in choices) and any(limit < lr < 0.25 for lr in choices), "choices near the edge"


def test_the_sigmoid_explorer_marks_the_printed_trained_values(snippet):
    result = snippet("logistic_regression/train.py")
    saved = values.load(result.entry)
    w = [float(v) for v in re.search(r"W: tensor\(\[\[([-\d.]+), ([-\d.]+)\]\]\)", result.stdout).groups()]
    b = float(re.search(r"b: tensor\(\[([-\d.]+)\]\)", result.stdout).group(1))
    assert saved["W"][0] == pytest.approx(w, abs=5e-5) and saved["b"][0] == pytest.approx(b, abs=5e-5)
    assert len(saved["x_data"]) == len(saved["y_data"]) == 6
    assert math.isfinite(saved["W"][0][0])
