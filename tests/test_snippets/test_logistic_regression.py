"""What the logistic regression chapter says about its snippets, checked on their real output.

Expectations are computed independently (numpy, scikit-learn), never copied from an output.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from sklearn.linear_model import LogisticRegression

LINE_VS_SIGMOID = "logistic_regression/line_vs_sigmoid.py"
SIGMOID_SHAPE = "logistic_regression/sigmoid_shape.py"
BCE = "logistic_regression/bce.py"
TRAIN = "logistic_regression/train.py"

# The six samples of the page, as the issue and the source post give them.
X_SIX = np.array([[1, 2], [2, 3], [3, 1], [4, 3], [5, 3], [6, 2]], dtype=float)
Y_SIX = np.array([0, 0, 0, 1, 1, 1])

FLOAT = r"-?\d+(?:\.\d+)?"
LOG_LINE = re.compile(rf"^Epoch\s+(\d+)/(\d+) Cost: ({FLOAT}) Accuracy ({FLOAT})%$", re.M)
NEW_POINT = re.compile(rf"^x = \[({FLOAT}), ({FLOAT})\]  H\(x\) = ({FLOAT})  class = (\d)$", re.M)


def np_sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def np_bce(p, y):
    p, y = np.asarray(p, dtype=float), np.asarray(y, dtype=float)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


# -- the training program -----------------------------------------------------------


def train_log(stdout: str) -> list[tuple[int, int, float, float]]:
    rows = [(int(e), int(n), float(c), float(a)) for e, n, c, a in LOG_LINE.findall(stdout)]
    assert rows, "no training log on the page"
    return rows


def test_train_logs_every_100_epochs_of_1000(snippet):
    rows = train_log(snippet(TRAIN).stdout)
    assert [r[0] for r in rows] == list(range(0, 1001, 100))
    assert all(r[1] == 1000 for r in rows)


def test_train_cost_keeps_falling_and_ends_below_003(snippet):
    costs = [r[2] for r in train_log(snippet(TRAIN).stdout)]
    assert all(later < earlier for earlier, later in zip(costs, costs[1:]))
    assert costs[-1] < 0.03


def test_train_reaches_100_percent_early_and_stays(snippet):
    accuracies = [r[3] for r in train_log(snippet(TRAIN).stdout)]
    assert accuracies[-1] == 100.0
    first = accuracies.index(100.0)
    assert first <= len(accuracies) // 2, "the page says all six are right early on"
    assert all(a == 100.0 for a in accuracies[first:])


def test_trained_model_classifies_all_six_and_its_cost_is_below_003(run_module):
    module = run_module(TRAIN)
    model = module["model"]
    assert np.array_equal(module["x_train"].numpy(), X_SIX)
    assert np.array_equal(module["y_train"].numpy().ravel(), Y_SIX)
    assert module["nb_epochs"] == 1000
    assert module["optimizer"].param_groups[0]["lr"] == 1
    with torch.no_grad():
        p = model(module["x_train"]).numpy().ravel()
    assert np.array_equal((p >= 0.5).astype(int), Y_SIX)
    assert np_bce(p, Y_SIX) < 0.03  # the model after the last step, with numpy's BCE


def test_printed_w_and_b_are_the_models(snippet, run_module):
    stdout = snippet(TRAIN).stdout
    w = re.search(rf"^W: tensor\(\[\[({FLOAT}), ({FLOAT})\]\]\)$", stdout, re.M)
    b = re.search(rf"^b: tensor\(\[({FLOAT})\]\)$", stdout, re.M)
    assert w and b, "the page shows no W or b"
    linear = run_module(TRAIN)["model"][0]
    assert linear.weight.shape == (1, 2) and linear.bias.shape == (1,)
    assert linear.weight.detach().numpy().ravel() == pytest.approx([float(w[1]), float(w[2])], abs=1e-4)
    assert linear.bias.item() == pytest.approx(float(b[1]), abs=1e-4)


def test_decision_boundary_is_where_h_is_one_half_with_class_1_upper_right(run_module):
    module = run_module(TRAIN)
    (w1, w2), b = module["W"].numpy().ravel(), module["b"].item()
    # The line the figure draws: every point of it has H(x) = 0.5.
    x1, x2 = module["x1"].numpy(), module["x2"].numpy()
    assert np.allclose(np_sigmoid(w1 * x1 + w2 * x2 + b), 0.5, atol=1e-5)
    # "Above and to the right of the line is class 1": both weights positive.
    assert w1 > 0 and w2 > 0


def new_points(stdout: str) -> list[tuple[list[float], float, int]]:
    rows = [([float(a), float(b)], float(p), int(c)) for a, b, p, c in NEW_POINT.findall(stdout)]
    assert rows, "the page shows no predictions for new points"
    return rows


def test_new_points_probability_and_class_agree(snippet, run_module):
    rows = new_points(snippet(TRAIN).stdout)
    module = run_module(TRAIN)
    assert len(rows) == 4 == len(module["x_new"])  # "the last four lines"
    assert snippet(TRAIN).stdout.rstrip().splitlines()[-4:] == [
        line for line in snippet(TRAIN).stdout.splitlines() if NEW_POINT.match(line)
    ]
    assert [r[0] for r in rows] == module["x_new"].tolist()
    for (_, p, c), p_model in zip(rows, module["p_new"].tolist()):
        assert c == int(p >= 0.5)
        assert p == pytest.approx(p_model, abs=1e-4)
    # Both classes occur among the new points.
    assert {r[2] for r in rows} == {0, 1}


def test_new_points_far_from_the_boundary_are_more_certain(run_module):
    module = run_module(TRAIN)
    (w1, w2), b = module["W"].numpy().ravel(), module["b"].item()
    x = module["x_new"].numpy()
    distance = np.abs(x @ np.array([w1, w2]) + b) / np.hypot(w1, w2)
    certainty = np.abs(np.array(module["p_new"].tolist()) - 0.5)
    assert np.array_equal(np.argsort(distance), np.argsort(certainty))


@pytest.mark.parametrize("C", [1.0, 1e4], ids=["default C", "almost unregularised"])
def test_classes_agree_with_scikit_learn(snippet, run_module, C):
    sk = LogisticRegression(C=C, max_iter=10_000).fit(X_SIX, Y_SIX)
    module = run_module(TRAIN)
    with torch.no_grad():
        ours_six = (module["model"](module["x_train"]) >= 0.5).int().numpy().ravel()
    assert np.array_equal(ours_six, sk.predict(X_SIX))
    rows = new_points(snippet(TRAIN).stdout)
    page_classes = np.array([c for _, _, c in rows])
    assert np.array_equal(page_classes, sk.predict(np.array([x for x, _, _ in rows])))


def test_train_draws_the_decision_boundary(snippet):
    result = snippet(TRAIN)
    assert [f.alt["en"] for f in result.figures] == ["Learned decision boundary"]
    assert result.figures[0].alt["ko"] != result.figures[0].alt["en"]


# -- binary cross-entropy ---------------------------------------------------------------


def test_bce_page_shows_equal_values_by_hand_and_by_pytorch(snippet):
    stdout = snippet(BCE).stdout
    by_hand = re.search(rf"^by hand:\s+({FLOAT})$", stdout, re.M)
    by_torch = re.search(rf"^F\.binary_cross_entropy:\s+({FLOAT})$", stdout, re.M)
    assert by_hand and by_torch
    assert by_hand[1] == by_torch[1]


def test_bce_per_sample_costs_are_the_two_branches(snippet, run_module):
    module = run_module(BCE)
    H, y = module["H"].numpy().ravel(), module["y"].numpy().ravel()
    rows = re.findall(rf"^H\(x\) = ({FLOAT}), y = (\d): cost ({FLOAT})$", snippet(BCE).stdout, re.M)
    assert len(rows) == len(H)
    for (h, label, cost), h_true, y_true in zip(rows, H, y):
        assert float(h) == pytest.approx(h_true) and int(label) == y_true
        branch = -np.log(h_true) if y_true == 1 else -np.log(1 - h_true)
        assert float(cost) == pytest.approx(branch, abs=1e-4)
    # The printed mean is numpy's BCE of the same numbers.
    by_hand = float(re.search(rf"^by hand:\s+({FLOAT})$", snippet(BCE).stdout, re.M)[1])
    assert by_hand == pytest.approx(np_bce(H, y), abs=1e-6)
    # "A confidently wrong sample pulls the average up": the costliest sample is the most wrong one.
    assert np.argmax(np.abs(H - y)) == int(np.argmax([float(r[2]) for r in rows]))


def test_hand_written_bce_equals_pytorch_on_the_trained_model(run_module):
    hand = run_module(BCE)["binary_cross_entropy"]
    train = run_module(TRAIN)
    with torch.no_grad():
        hypothesis = train["model"](train["x_train"])
    ours = hand(hypothesis, train["y_train"])
    theirs = F.binary_cross_entropy(hypothesis, train["y_train"])
    assert torch.allclose(ours, theirs, rtol=1e-5, atol=1e-7)


def test_hand_written_bce_equals_pytorch_on_random_inputs(run_module):
    hand = run_module(BCE)["binary_cross_entropy"]
    generator = torch.Generator().manual_seed(12345)
    for _ in range(50):
        shape = (int(torch.randint(1, 20, (1,), generator=generator)), 1)
        H = torch.rand(shape, generator=generator, dtype=torch.float64).clamp(1e-6, 1 - 1e-6)
        y = torch.randint(0, 2, shape, generator=generator).double()
        assert torch.allclose(hand(H, y), F.binary_cross_entropy(H, y), rtol=1e-10, atol=1e-12)
        # soft labels between 0 and 1 too: the formula is the same
        y_soft = torch.rand(shape, generator=generator, dtype=torch.float64)
        assert torch.allclose(hand(H, y_soft), F.binary_cross_entropy(H, y_soft), rtol=1e-10, atol=1e-12)


def test_bce_draws_its_two_branches(snippet):
    result = snippet(BCE)
    assert [f.alt["en"] for f in result.figures] == ["Binary cross-entropy: the two branches"]


# -- the sigmoid and its shape ----------------------------------------------------------


def test_sigmoid_written_by_hand_matches_the_formula(snippet, run_module):
    assert "same as torch.sigmoid: True" in snippet(SIGMOID_SHAPE).stdout.splitlines()
    sigmoid = run_module(SIGMOID_SHAPE)["sigmoid"]
    z = np.linspace(-10, 10, 101)
    assert np.allclose(sigmoid(torch.tensor(z)).numpy(), np_sigmoid(z))
    assert sigmoid(torch.tensor(0.0)).item() == 0.5


def test_larger_w_means_a_steeper_slope_at_the_center(snippet, run_module):
    rows = re.findall(rf"^W = ({FLOAT}), b = 0: slope at the center x = 0 is ({FLOAT})$",
                      snippet(SIGMOID_SHAPE).stdout, re.M)
    Ws = run_module(SIGMOID_SHAPE)["Ws"]
    assert [float(w) for w, _ in rows] == Ws and Ws == sorted(Ws) and len(Ws) >= 2
    slopes = [float(s) for _, s in rows]
    assert all(a < b for a, b in zip(slopes, slopes[1:]))
    for W, slope in zip(Ws, slopes):
        # central finite difference of numpy's sigmoid, and the page's formula W/4
        h = 1e-5
        numeric = (np_sigmoid(W * h) - np_sigmoid(-W * h)) / (2 * h)
        assert slope == pytest.approx(numeric, abs=1e-3)
        assert slope == pytest.approx(W / 4, abs=1e-3)


def test_b_moves_the_half_point_to_minus_b_over_w(snippet, run_module):
    rows = re.findall(rf"^W = ({FLOAT}), b =\s*({FLOAT}): H = 0\.5 at x =\s*({FLOAT})  \(-b/W =\s*({FLOAT})\)$",
                      snippet(SIGMOID_SHAPE).stdout, re.M)
    module = run_module(SIGMOID_SHAPE)
    assert [int(b) for _, b, _, _ in rows] == module["bs"] and len(rows) >= 3
    for W, b, center, minus_b_over_w in rows:
        W, b = float(W), float(b)
        # where numpy's sigmoid crosses 0.5, found by interpolation on a fine grid
        xs = np.linspace(-10, 10, 200_001)
        crossing = np.interp(0.5, np_sigmoid(W * xs + b), xs)
        assert float(center) == pytest.approx(crossing, abs=0.03)
        assert float(minus_b_over_w) == pytest.approx(-b / W, abs=1e-9)
    # larger b, curve further left
    centers = [float(c) for _, _, c, _ in rows]
    order = np.argsort([float(b) for _, b, _, _ in rows])
    assert all(np.diff(np.array(centers)[order]) < 0)


def test_half_point_formula_holds_for_other_w_and_b(run_module):
    """The page states x = -b/W in general, not only for the W = 1 drawn."""
    sigmoid = run_module(SIGMOID_SHAPE)["sigmoid"]
    for W, b in [(2.0, 3.0), (0.5, -1.0), (3.0, -6.0), (-1.5, 2.0)]:
        x = torch.tensor(-b / W, dtype=torch.float64)
        assert sigmoid(W * x + b).item() == pytest.approx(0.5, abs=1e-12)


def test_sigmoid_shape_draws_two_figures(snippet):
    result = snippet(SIGMOID_SHAPE)
    assert [f.alt["en"] for f in result.figures] == [
        "Larger W, steeper sigmoid (b = 0)",
        "Changing b shifts the sigmoid (W = 1)",
    ]
    assert all(f.alt["ko"] != f.alt["en"] for f in result.figures)


# -- why not a straight line -------------------------------------------------------------

CHECK_LINE = re.compile(rf"^x = \s*({FLOAT})  line: \s*({FLOAT})  sigmoid: ({FLOAT})$", re.M)


def test_line_leaves_0_1_and_the_sigmoid_does_not(snippet):
    rows = [tuple(map(float, r)) for r in CHECK_LINE.findall(snippet(LINE_VS_SIGMOID).stdout)]
    assert rows, "the page shows no comparison"
    line_values = [r[1] for r in rows]
    sigmoid_values = [r[2] for r in rows]
    assert min(line_values) < 0 and max(line_values) > 1
    assert all(0 < s < 1 for s in sigmoid_values)


def test_line_is_the_least_squares_line(run_module):
    module = run_module(LINE_VS_SIGMOID)
    x = module["x_train"].numpy().ravel()
    y = module["y_train"].numpy().ravel()
    slope, intercept = np.polyfit(x, y, 1)
    assert module["line"].weight.item() == pytest.approx(slope, abs=1e-3)
    assert module["line"].bias.item() == pytest.approx(intercept, abs=1e-3)


def test_one_long_studying_student_moves_the_line_s_half_point(run_module):
    """The page's argument: one extra point far out moves where the line crosses 0.5."""
    module = run_module(LINE_VS_SIGMOID)
    x = module["x_train"].numpy().ravel()
    y = module["y_train"].numpy().ravel()
    slope, intercept = np.polyfit(x, y, 1)
    slope2, intercept2 = np.polyfit(np.append(x, 40.0), np.append(y, 1.0), 1)
    before = (0.5 - intercept) / slope
    after = (0.5 - intercept2) / slope2
    assert slope2 < slope and abs(after - before) > 1  # it tilts, and the half point shifts by over an hour


def test_line_vs_sigmoid_draws_one_figure(snippet):
    assert [f.alt["en"] for f in snippet(LINE_VS_SIGMOID).figures] == ["A line vs a sigmoid on pass/fail data"]


# -- BCEWithLogitsLoss ---------------------------------------------------------------------

LOGITS = "logistic_regression/logits.py"
LOGITS_ROW = re.compile(rf"^\s*(\d+)\s+({FLOAT})\s+({FLOAT})$", re.M)


def test_bce_with_logits_trains_the_same_as_sigmoid_and_bce(snippet):
    """Backs "the two columns are the same training": equal costs at every printed epoch,
    equal to the costs train.py printed for those epochs, and the same W and b."""
    stdout = snippet(LOGITS).stdout
    rows = [(int(e), float(a), float(b)) for e, a, b in LOGITS_ROW.findall(stdout)]
    assert [r[0] for r in rows] == list(range(0, 1001, 200))
    assert all(a == pytest.approx(b, abs=2e-6) for _, a, b in rows)
    train_costs = {e: c for e, _, c, _ in train_log(snippet(TRAIN).stdout)}
    for epoch, cost, _ in rows:
        assert cost == pytest.approx(train_costs[epoch], abs=2e-6), epoch
    params = re.findall(rf"^(?:with sigmoid|logits only ): W = (tensor\(.*?\)), b = (tensor\(.*?\))$", stdout, re.M)
    assert len(params) == 2 and params[0] == params[1]


def test_bce_with_logits_is_sigmoid_then_bce_computed_stably(run_module, snippet):
    """Backs "BCEWithLogitsLoss computes the sigmoid and the BCE in one step" and "with a
    large logit the sigmoid rounds to 1 and BCELoss can only clamp (100), while the logits
    version gives the exact cost": the cost of label 0 at logit z is log(1 + e^z)."""
    module = run_module(LOGITS)
    z = module["z"].numpy().astype(float)
    exact = np.logaddexp(0, z)  # -log(1 - sigmoid(z)), computed stably by numpy
    stdout = snippet(LOGITS).stdout
    with_logits = F.binary_cross_entropy_with_logits(module["z"], module["y"], reduction="none")
    assert np.allclose(with_logits.numpy(), exact, rtol=1e-6)
    assert torch.all(torch.sigmoid(module["z"]) == 1.0)
    clamped = F.binary_cross_entropy(torch.sigmoid(module["z"]), module["y"], reduction="none")
    assert torch.all(clamped == 100.0)
    assert f"BCELoss(sigmoid(z), y):    {clamped}" in stdout
    assert f"BCEWithLogitsLoss(z, y):   {with_logits}" in stdout
    # on moderate logits the two agree
    logits = torch.linspace(-5, 5, 11)
    labels = (logits > 0).float()
    assert torch.allclose(F.binary_cross_entropy(torch.sigmoid(logits), labels),
                          F.binary_cross_entropy_with_logits(logits, labels), rtol=1e-5)


def test_sgd_here_is_full_batch(run_module):
    """Backs "optim.SGD runs full-batch here: every update uses all six samples"."""
    module = run_module(TRAIN)
    assert module["x_train"].shape[0] == 6 == module["hypothesis"].shape[0]


def test_each_log_line_is_the_model_before_that_epochs_update(snippet):
    """Backs "Each log line is measured on the model as it was just before that epoch's update":
    the epoch-0 line is the BCE (numpy) of the untrained model, seeded as the snippet seeds it."""
    torch.manual_seed(1)
    linear = torch.nn.Linear(2, 1)  # the snippet's first random draw after manual_seed(1)
    w, b = linear.weight.detach().numpy().ravel(), linear.bias.item()
    p = np_sigmoid(X_SIX @ w + b)
    epoch0 = train_log(snippet(TRAIN).stdout)[0]
    assert epoch0[0] == 0 and epoch0[2] == pytest.approx(np_bce(p, Y_SIX), abs=1e-6)
    accuracy = 100 * np.mean((p >= 0.5).astype(int) == Y_SIX)
    assert epoch0[3] == pytest.approx(accuracy, abs=0.01)
