"""What the linear regression chapter says about its snippets, checked on their real output."""

from __future__ import annotations

import re

import numpy as np
import pytest

from tests.drawn import lines_by_label

SIMPLE = "linear_regression/simple.py"
COST_CURVE = "linear_regression/cost_curve.py"
MULTIPLE = "linear_regression/multiple.py"

LOG_LINE = re.compile(r"Epoch\s+(\d+)/(\d+) W: (-?\d+\.\d+), b: (-?\d+\.\d+) Cost: (\d+\.\d+)")


def simple_log(stdout: str) -> list[tuple[int, float, float, float]]:
    rows = [(int(e), float(w), float(b), float(c)) for e, _, w, b, c in LOG_LINE.findall(stdout)]
    assert rows, "no log lines on the page"
    return rows


def _numpy_descent(updates: int):
    """Gradient descent on the page's data, written with numpy: (W, b) before each update."""
    x = np.array([1.0, 2.0, 3.0])
    y = np.array([2.0, 4.0, 6.0])
    W = b = 0.0
    history = []
    for _ in range(updates):
        history.append((W, b, np.mean((W * x + b - y) ** 2)))
        error = W * x + b - y
        W, b = W - 0.01 * np.mean(2 * error * x), b - 0.01 * np.mean(2 * error)
    return history, (W, b)


def test_simple_logs_every_100_epochs_up_to_2000(snippet):
    epochs = [row[0] for row in simple_log(snippet(SIMPLE).stdout)]
    assert epochs == list(range(0, 2001, 100))


def test_simple_log_pairs_the_cost_with_the_w_and_b_it_used(snippet):
    """Backs "Both start at 0" and "each line shows the W and b the cost was computed
    with, before that epoch's update": the log equals an independent numpy descent's
    values before each update; the first line reads W 0, b 0."""
    rows = simple_log(snippet(SIMPLE).stdout)
    assert rows[0][1:3] == (0.0, 0.0)
    history, _ = _numpy_descent(2001)
    for epoch, w, b, cost in rows:
        W, B, C = history[epoch]
        assert (w, b) == (round(W, 3) + 0.0, round(B, 3) + 0.0), epoch
        assert cost == pytest.approx(C, rel=1e-4, abs=2e-6), epoch


def test_simple_makes_2001_updates_and_prints_the_result(snippet, run_module):
    """Backs "epochs 0 to 2000: the loop runs 2,001 times, one update each" and the
    "after training" line (the values after the last update, drawn in the first figure)."""
    module = run_module(SIMPLE)
    assert len(module["costs"]) == module["nb_epochs"] + 1 == 2001
    _, (W, b) = _numpy_descent(2001)
    printed = re.search(r"^after training: W = (-?[\d.]+), b = (-?[\d.]+)$", snippet(SIMPLE).stdout, re.M)
    assert printed and float(printed[1]) == round(W, 3) and float(printed[2]) == round(b, 3)


def test_simple_cost_falls(snippet, run_module):
    """Backs "the cost keeps falling on a log scale": every epoch's cost, not only the printed."""
    costs = [row[3] for row in simple_log(snippet(SIMPLE).stdout)]
    assert all(later <= earlier for earlier, later in zip(costs, costs[1:]))
    assert costs[-1] < costs[0] / 1000
    every = run_module(SIMPLE)["costs"]
    assert all(b <= a for a, b in zip(every, every[1:]))


def test_simple_figures_draw_what_was_printed(run_figures, snippet):
    """The fitted line's legend and slope are the printed "after training" W and b; the
    cost curve passes through every printed cost at its epoch."""
    module, figures = run_figures(SIMPLE)
    stdout = snippet(SIMPLE).stdout
    printed = re.search(r"^after training: W = (-?[\d.]+), b = (-?[\d.]+)$", stdout, re.M)
    fitted = [line for label, line in lines_by_label(figures[0]).items() if label.startswith("Fitted line")]
    assert len(fitted) == 1
    assert fitted[0].get_label() == f"Fitted line: H(x) = {printed[1]}x + {printed[2]}"
    xs, ys = fitted[0].get_xydata().T
    assert np.polyfit(xs, ys, 1) == pytest.approx([module["W"].item(), module["b"].item()], abs=1e-5)
    # "The fitted line passes through the three points"
    slope, intercept = np.polyfit(xs, ys, 1)
    for x, y in ((1, 2), (2, 4), (3, 6)):
        assert abs(slope * x + intercept - y) < 0.01
    (cost_line,) = figures[1].axes[0].get_lines()
    ex, ey = cost_line.get_xydata().T
    for epoch, _, _, cost in simple_log(stdout):
        assert ex[epoch] == epoch
        assert f"{ey[epoch]:.6f}" == f"{cost:.6f}", epoch


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
    assert all(b > a for (_, _, a), (_, _, b) in zip(paths[0.25], paths[0.25][1:]))


def test_cost_curve_figure_draws_every_printed_learning_rate(run_figures, snippet):
    """Backs "Compare the paths in the figure" and, on the multiple-regression section,
    "diverges, as lr = 0.25 does in the figure above": every learning rate of the output
    is drawn, through the printed steps, and the first steps of lr = 0.25 are in view."""
    paths = cost_paths(snippet(COST_CURVE).stdout)
    _, figures = run_figures(COST_CURVE)
    drawn = {}
    for label, line in lines_by_label(figures[0]).items():
        if m := re.fullmatch(r"gradient descent, lr = ([\d.]+)", label):
            drawn[float(m[1])] = line
    assert sorted(drawn) == sorted(paths)
    for lr, rows in paths.items():
        xy = drawn[lr].get_xydata()
        assert drawn[lr].get_drawstyle() == "default"
        for step, w, cost in rows:
            assert f"{xy[step, 0]:6.3f}" == f"{w:6.3f}" and f"{xy[step, 1]:8.4f}" == f"{cost:8.4f}", (lr, step)
    ax = figures[0].axes[0]
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    for step, w, cost in paths[0.25][:4]:
        assert x0 <= w <= x1 and y0 <= cost <= y1, step
    # "leaves the chart at its fourth step"
    w4, cost4 = drawn[0.25].get_xydata()[4]
    assert not (x0 <= w4 <= x1 and y0 <= cost4 <= y1)


def _multiple_costs(stdout: str) -> list[float]:
    costs = [float(c) for c in re.findall(r"Epoch\s+\d+/2000 Cost: ([\d.]+)", stdout)]
    assert len(costs) == 21
    return costs


def test_multiple_regression_cost_falls_below_a_hundred_thousandth(snippet):
    """Backs "by the end of training it has fallen below a hundred-thousandth of its first
    value" (ko: 처음 비용의 10만 분의 1보다 작아집니다), and not by another order."""
    costs = _multiple_costs(snippet(MULTIPLE).stdout)
    assert costs[0] / 1e6 < costs[-1] < costs[0] / 1e5


X_QUIZ = np.array([[73, 80, 75], [93, 88, 93], [89, 91, 90], [96, 98, 100], [73, 66, 70]], dtype=float)
Y_FINAL = np.array([152, 185, 180, 196, 142], dtype=float)


def test_multiple_regression_stalls_near_0_2_above_the_least_squares_cost(snippet):
    """Backs "after epoch 100 the cost hardly moves: it is still about 0.2 at epoch 2000,
    while the lowest cost a plane can reach on this data is about 0.1"."""
    costs = _multiple_costs(snippet(MULTIPLE).stdout)
    assert costs[1] < 0.3 and 0.19 < costs[-1] < 0.21
    assert all(b < a for a, b in zip(costs[1:], costs[2:]))  # still falling, slowly
    assert (costs[1] - costs[-1]) / costs[1] < 0.15
    A = np.hstack([X_QUIZ, np.ones((5, 1))])
    w, *_ = np.linalg.lstsq(A, Y_FINAL, rcond=None)
    lowest = np.mean((A @ w - Y_FINAL) ** 2)
    assert 0.09 < lowest < 0.11
    assert costs[-1] > 1.8 * lowest


def test_why_the_unscaled_inputs_stall_gradient_descent(run_module):
    """Backs the explanation of the stall: the cost's curvature (Hessian of the MSE in
    w1, w2, w3, b) is huge along "all three weights together" and tiny along the other
    directions; lr must stay below 2 / (largest curvature), "about 4.5e-5", so 1e-5 is
    stable, and with it the flat directions barely move in 2000 epochs. Scaled features fix it."""
    module = run_module(MULTIPLE)
    lr = module["optimizer"].param_groups[0]["lr"]
    A = np.hstack([X_QUIZ, np.ones((5, 1))])
    curvature, directions = np.linalg.eigh(2 / len(A) * A.T @ A)
    steepest = directions[:, -1]
    assert np.allclose(np.abs(steepest[:3]), 1 / np.sqrt(3), atol=0.02)  # all three weights together
    assert 4e-5 < 2 / curvature[-1] < 5e-5 and lr < 2 / curvature[-1]
    # what is left of the error along each flatter direction after 2000 epochs
    assert all((1 - lr * c) ** 2000 > 0.5 for c in curvature[:-1])
    # the same descent on standardised features reaches the least-squares cost
    Z = (X_QUIZ - X_QUIZ.mean(0)) / X_QUIZ.std(0)
    B = np.hstack([Z, np.ones((5, 1))])
    w = np.zeros(4)
    step = 1 / np.linalg.eigvalsh(2 / 5 * B.T @ B)[-1]
    for _ in range(2000):
        w -= step * 2 / 5 * B.T @ (B @ w - Y_FINAL)
    best, *_ = np.linalg.lstsq(A, Y_FINAL, rcond=None)
    assert np.mean((B @ w - Y_FINAL) ** 2) < 1.01 * np.mean((A @ best - Y_FINAL) ** 2)


def test_nn_linear_stores_w_as_out_by_in_and_computes_x_w_transposed(run_module):
    """Backs "nn.Linear(3, 1) keeps its weight as (outputs, inputs) = (1, 3) and computes
    H(X) = XWᵀ + b"."""
    module = run_module(MULTIPLE)
    model, x = module["model"], module["x_train"]
    assert tuple(model.weight.shape) == (1, 3) and tuple(model.bias.shape) == (1,)
    with __import__("torch").no_grad():
        assert np.allclose(model(x).numpy(), (x @ model.weight.T + model.bias).numpy())


def test_multiple_regression_predicts_close_to_152(snippet, run_module):
    printed = re.search(r"prediction for \[73, 80, 75\]: ([\d.]+)", snippet(MULTIPLE).stdout)
    assert printed, "the page shows no prediction"
    assert abs(float(printed.group(1)) - 152) < 2
    module = run_module(MULTIPLE)
    assert module["model"].in_features == 3 and module["model"].out_features == 1
    assert module["pred_y"].item() == pytest.approx(float(printed.group(1)), abs=1e-4)
