"""What the linear regression chapter says about its snippets, checked on their real output."""

from __future__ import annotations

import re

import numpy as np
import pytest

SIMPLE = "linear_regression/simple.py"
COST_CURVE = "linear_regression/cost_curve.py"
MULTIPLE = "linear_regression/multiple.py"

LOG_LINE = re.compile(r"Epoch\s+(\d+)/(\d+) W: (-?\d+\.\d+), b: (-?\d+\.\d+) Cost: (\d+\.\d+)")


def simple_log(stdout: str) -> list[tuple[int, float, float, float]]:
    rows = [(int(e), float(w), float(b), float(c)) for e, _, w, b, c in LOG_LINE.findall(stdout)]
    assert rows, "no log lines on the page"
    return rows


def test_simple_logs_every_100_epochs_up_to_2000(snippet):
    epochs = [row[0] for row in simple_log(snippet(SIMPLE).stdout)]
    assert epochs == list(range(0, 2001, 100))


def test_simple_cost_falls(snippet):
    costs = [row[3] for row in simple_log(snippet(SIMPLE).stdout)]
    assert all(later <= earlier for earlier, later in zip(costs, costs[1:]))
    assert costs[-1] < costs[0] / 1000


def test_simple_lands_on_least_squares_solution(snippet, run_module):
    # The closed-form least-squares line, computed independently with numpy.
    x = np.array([1.0, 2.0, 3.0])
    y = np.array([2.0, 4.0, 6.0])
    A = np.stack([x, np.ones_like(x)], axis=1)
    (w_ls, b_ls), *_ = np.linalg.lstsq(A, y, rcond=None)

    _, w_page, b_page, _ = simple_log(snippet(SIMPLE).stdout)[-1]  # what the page prints
    assert abs(w_page - 2) <= 0.01 and abs(b_page) <= 0.01
    assert abs(w_page - w_ls) <= 0.01 and abs(b_page - b_ls) <= 0.01

    module = run_module(SIMPLE)  # the tensors themselves
    assert module["W"].item() == pytest.approx(w_ls, abs=0.01)
    assert module["b"].item() == pytest.approx(b_ls, abs=0.01)
    assert module["W"].shape == (1,)  # torch.zeros(1) has shape (1,), as the page says


def test_simple_draws_fitted_line_and_cost_figures(snippet):
    result = snippet(SIMPLE)
    assert [f.alt["en"] for f in result.figures] == ["Training data and the fitted line", "Cost over the epochs"]
    assert all(f.alt["ko"] != f.alt["en"] for f in result.figures)


def cost_paths(stdout: str) -> dict[float, list[tuple[int, float, float]]]:
    paths: dict[float, list[tuple[int, float, float]]] = {}
    current = None
    for line in stdout.splitlines():
        if m := re.match(r"lr = ([\d.]+)", line):
            current = paths.setdefault(float(m.group(1)), [])
        elif m := re.match(r"\s+step\s+(\d+)\s+W =\s+(-?[\d.]+)\s+cost =\s+([\d.]+)", line):
            current.append((int(m.group(1)), float(m.group(2)), float(m.group(3))))
    return paths


def test_cost_is_quadratic_in_w_with_minimum_at_2(run_module):
    module = run_module(COST_CURVE)
    Ws, costs = module["Ws"].numpy(), module["costs"].numpy()
    assert np.allclose(costs, 14 / 3 * (Ws - 2) ** 2, rtol=1e-4, atol=1e-4)  # the page's formula
    assert Ws[costs.argmin()] == pytest.approx(2.0, abs=0.05)


def test_learning_rates_behave_as_the_page_says(snippet):
    paths = cost_paths(snippet(COST_CURVE).stdout)
    assert sorted(paths) == [0.01, 0.1, 0.2, 0.25]
    final = {lr: path[-1] for lr, path in paths.items()}
    # small: steady, monotone progress towards W = 2 without reaching it
    small = [w for _, w, _ in paths[0.01]]
    assert all(a < b < 2 for a, b in zip(small, small[1:]))
    # 0.1 gets closest of all
    assert min(final, key=lambda lr: abs(final[lr][1] - 2)) == 0.1
    # too large: every step crosses W = 2, the cost still falls
    big = [w for _, w, _ in paths[0.2]]
    assert all((a - 2) * (b - 2) < 0 for a, b in zip(big, big[1:]))
    assert final[0.2][2] < paths[0.2][0][2]
    # larger still: the cost grows, gradient descent diverges
    assert final[0.25][2] > paths[0.25][0][2]


def test_multiple_regression_cost_falls_by_orders_of_magnitude(snippet):
    costs = [float(c) for c in re.findall(r"Epoch\s+\d+/2000 Cost: ([\d.]+)", snippet(MULTIPLE).stdout)]
    assert len(costs) == 21
    assert costs[-1] < costs[0] / 1e4


def test_multiple_regression_predicts_close_to_152(snippet, run_module):
    printed = re.search(r"prediction for \[73, 80, 75\]: ([\d.]+)", snippet(MULTIPLE).stdout)
    assert printed, "the page shows no prediction"
    assert abs(float(printed.group(1)) - 152) < 2
    module = run_module(MULTIPLE)
    assert module["model"].in_features == 3 and module["model"].out_features == 1
    assert module["pred_y"].item() == pytest.approx(float(printed.group(1)), abs=1e-4)
