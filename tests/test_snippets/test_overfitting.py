"""The overfitting page: the demonstration must demonstrate.

The ordering of the losses the page describes is asserted on the printed table, and the losses
themselves are recomputed independently with numpy's least squares from the snippet's own data.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from tests.drawn import lines_by_label

NAME = "overfitting/polynomial_fits.py"
LOW, FIT, HIGH = 1, 3, 12


def _table(stdout: str) -> dict[int, tuple[float, float]]:
    rows = re.findall(r"^\s*(\d+)\s+([0-9.]+)\s+([0-9.]+)$", stdout, re.M)
    return {int(d): (float(train), float(val)) for d, train, val in rows}


@pytest.fixture
def ns(run_module):
    return run_module(NAME)


def _numpy_losses(x_tr, y_tr, x_va, y_va, degree):
    X = np.vander(x_tr, degree + 1, increasing=True)
    w, *_ = np.linalg.lstsq(X, y_tr, rcond=None)
    train = np.mean((X @ w - y_tr) ** 2)
    val = np.mean((np.vander(x_va, degree + 1, increasing=True) @ w - y_va) ** 2)
    return train, val


def test_the_table_shows_the_three_models(snippet):
    table = _table(snippet(NAME).stdout)
    assert sorted(table) == [LOW, FIT, HIGH]


def test_printed_losses_are_the_least_squares_losses(ns, snippet):
    """Recomputed with numpy from the snippet's data: the table prints real MSEs."""
    x_tr, y_tr = ns["x_train"].numpy(), ns["y_train"].numpy()
    x_va, y_va = ns["x_val"].numpy(), ns["y_val"].numpy()
    table = _table(snippet(NAME).stdout)
    for degree, (train, val) in table.items():
        expected_train, expected_val = _numpy_losses(x_tr, y_tr, x_va, y_va, degree)
        assert train == round(expected_train, 4), degree
        assert val == pytest.approx(expected_val, abs=1e-4, rel=1e-6), degree


def test_data_is_noisy_samples_of_the_smooth_curve(ns):
    x_tr, y_tr = ns["x_train"].numpy(), ns["y_train"].numpy()
    x_va = ns["x_val"].numpy()
    assert len(x_tr) == 15 and len(x_va) == 30
    assert np.all(np.abs(x_tr) <= 1) and np.all(np.abs(x_va) <= 1), "features stay in [-1, 1]"
    residual = y_tr - np.sin(np.pi * x_tr)
    assert 0 < np.std(residual) < 2 * ns["noise"]


def test_high_degree_overfits(snippet):
    table = _table(snippet(NAME).stdout)
    train = {d: t for d, (t, _) in table.items()}
    val = {d: v for d, (_, v) in table.items()}
    # the lowest training loss of the three ...
    assert train[HIGH] < train[FIT] and train[HIGH] < train[LOW]
    # ... and still a higher validation loss than the fitting model
    assert val[HIGH] > val[FIT]


def test_low_degree_underfits(snippet):
    table = _table(snippet(NAME).stdout)
    assert table[LOW][0] > table[FIT][0], "low degree: higher training loss than the fitting one"
    assert table[LOW][1] > table[FIT][1], "low degree: higher validation loss than the fitting one"


def test_fitting_degree_has_the_lowest_validation_loss_of_the_three(snippet):
    table = _table(snippet(NAME).stdout)
    assert min(table, key=lambda d: table[d][1]) == FIT


def test_figure_one_curves(ns):
    """Degree 3 follows the true curve most closely; degree 12 strays most near the ends."""
    xs = ns["xs"].numpy()
    true = np.sin(np.pi * xs)
    deviation = {}
    for degree in (LOW, FIT, HIGH):
        curve = np.vander(xs, degree + 1, increasing=True) @ ns["models"][degree].numpy().ravel()
        deviation[degree] = np.abs(curve - true)
    assert max(deviation[FIT]) < max(deviation[LOW]) and max(deviation[FIT]) < max(deviation[HIGH])
    ends = np.abs(xs) > 0.8
    assert deviation[HIGH][ends].max() > deviation[HIGH][~ends].max()
    # "at times off the chart": the degree-12 curve leaves the plotted range
    curve = np.vander(xs, HIGH + 1, increasing=True) @ ns["models"][HIGH].numpy().ravel()
    assert np.abs(curve).max() > 2


def test_loss_over_the_degree(ns):
    train, val = ns["sweep_train"], ns["sweep_val"]
    assert ns["all_degrees"] == list(range(len(train)))
    # training loss never goes up as the degree rises
    assert all(b <= a * (1 + 1e-9) for a, b in zip(train, train[1:]))
    # validation loss falls, then climbs again: its minimum is strictly inside the range
    best = int(np.argmin(val))
    assert 0 < best < len(val) - 1
    assert val[-1] > val[best] and val[0] > val[best]
    # the sweep agrees with the printed table
    x_tr, y_tr = ns["x_train"].numpy(), ns["y_train"].numpy()
    x_va, y_va = ns["x_val"].numpy(), ns["y_val"].numpy()
    for degree in (LOW, FIT, HIGH):
        expected_train, expected_val = _numpy_losses(x_tr, y_tr, x_va, y_va, degree)
        assert train[degree] == pytest.approx(expected_train, rel=1e-6)
        assert val[degree] == pytest.approx(expected_val, rel=1e-6)


def test_two_titled_figures_in_both_languages(snippet):
    figures = snippet(NAME).figures
    assert len(figures) == 2
    for figure in figures:
        assert figure.alt["en"] and figure.alt["ko"] and figure.alt["en"] != figure.alt["ko"]


# -- over the epochs: the same degree-12 model, trained by gradient descent ---------------

TIME = "overfitting/training_time.py"
EPOCH_ROW = re.compile(r"^\s*(\d+)\s+([0-9.]+)\s+([0-9.]+)$", re.M)
BEST = re.compile(r"^lowest validation loss at epoch (\d+): train ([0-9.]+), validation ([0-9.]+)$", re.M)


def _epoch_table(stdout: str) -> list[tuple[int, float, float]]:
    rows = [(int(e), float(t), float(v)) for e, t, v in EPOCH_ROW.findall(stdout)]
    assert len(rows) >= 6, "the page shows no loss table"
    return rows


def test_training_time_uses_the_same_data(run_module, ns):
    """Backs "the same data as before"."""
    other = run_module(TIME)
    for name in ("x_train", "y_train", "x_val", "y_val"):
        np.testing.assert_array_equal(other[name].numpy(), ns[name].numpy(), err_msg=name)


def test_legendre_features_are_the_same_degree_12_model(run_module, snippet):
    """Backs "the same degree-12 polynomials as 1, x, ..., x^12": least squares on the
    Legendre features gives the degree-12 losses the first table printed."""
    module = run_module(TIME)
    X = np.hstack([np.ones((15, 1)), np.polynomial.legendre.legvander(module["x_train"].numpy(), 12)[:, 1:]])
    V = np.hstack([np.ones((30, 1)), np.polynomial.legendre.legvander(module["x_val"].numpy(), 12)[:, 1:]])
    y, y_val = module["y_train"].numpy(), module["y_val"].numpy()
    w, *_ = np.linalg.lstsq(X, y, rcond=None)
    train, val = _table(snippet(NAME).stdout)[HIGH]
    assert round(np.mean((X @ w - y) ** 2), 4) == train
    assert np.mean((V @ w - y_val) ** 2) == pytest.approx(val, abs=1e-4)
    # the snippet's features are numpy's Legendre polynomials
    np.testing.assert_allclose(module["X_train"].numpy(), X[:, 1:], atol=1e-6)


def test_losses_over_the_epochs_underfit_then_best_then_overfit(snippet):
    """Backs the page's reading of the table: early both losses are high (underfitting);
    the validation loss falls to its lowest in between; later the training loss keeps
    falling while the validation loss climbs far above its lowest (overfitting)."""
    rows = _epoch_table(snippet(TIME).stdout)
    epochs = [r[0] for r in rows]
    train = [r[1] for r in rows]
    val = [r[2] for r in rows]
    assert epochs[0] == 0 and epochs == sorted(epochs)
    best = int(np.argmin(val))
    assert 0 < best < len(rows) - 1, "the lowest validation loss lies in between"
    # early: both high, several times the best validation loss
    assert train[0] > 5 * val[best] and val[0] > 5 * val[best]
    # training loss never rises
    assert all(b <= a for a, b in zip(train, train[1:]))
    # late: validation rises after the best, and ends several times above it
    assert all(b >= a for a, b in zip(val[best:], val[best + 1:]))
    assert val[-1] > 5 * val[best]
    assert train[-1] < train[best] / 5


def test_early_stopping_keeps_the_lowest_validation_loss(snippet, run_module):
    """Backs "early stopping keeps the model of epoch N" with its printed losses: N is the
    epoch of the lowest validation loss over all epochs, and the model left in `model` is
    that one."""
    import torch

    module = run_module(TIME)
    stdout = snippet(TIME).stdout
    best = BEST.search(stdout)
    assert best
    val = np.array(module["val_losses"])
    assert int(best[1]) == int(np.argmin(val)) == module["best_epoch"]
    assert float(best[3]) == round(float(val.min()), 4)
    assert float(best[2]) == round(module["train_losses"][int(best[1])], 4)
    with torch.no_grad():
        kept = torch.mean((module["model"](module["X_val"]) - module["Y_val"]) ** 2).item()
    assert kept == pytest.approx(val.min(), rel=1e-6)
    # the lowest printed row is near it, not the end of training
    rows = _epoch_table(stdout)
    assert int(best[1]) < rows[-1][0] / 10


def test_training_time_is_gradient_descent_as_numpy_computes_it(run_module):
    """The losses are those of plain full-batch gradient descent (lr 0.5, from zero),
    recomputed with numpy in float64."""
    module = run_module(TIME)
    X = np.hstack([np.ones((15, 1)), module["X_train"].numpy().astype(float)])
    V = np.hstack([np.ones((30, 1)), module["X_val"].numpy().astype(float)])
    y, y_val = module["Y_train"].numpy().ravel().astype(float), module["Y_val"].numpy().ravel().astype(float)
    w = np.zeros(13)
    train, val = [], []
    for _ in range(module["epochs"] + 1):
        train.append(np.mean((X @ w - y) ** 2))
        val.append(np.mean((V @ w - y_val) ** 2))
        w -= 0.5 * 2 / len(y) * X.T @ (X @ w - y)
    np.testing.assert_allclose(module["train_losses"], train, rtol=2e-3, atol=1e-6)
    np.testing.assert_allclose(module["val_losses"], val, rtol=2e-3, atol=1e-6)
    assert int(np.argmin(val)) == module["best_epoch"]


def test_training_time_figure_draws_the_printed_losses(run_figures, snippet):
    """The figure's two curves pass through every printed loss at its epoch, and the dashed
    line stands at the printed epoch of the lowest validation loss."""
    module, figures = run_figures(TIME)
    assert len(figures) == 1
    lines = lines_by_label(figures[0])
    stdout = snippet(TIME).stdout
    best = int(BEST.search(stdout)[1])
    (marker,) = [line for label, line in lines.items() if label.startswith("Lowest validation loss")]
    assert set(marker.get_xdata()) == {best}
    for epoch, train, val in _epoch_table(stdout):
        if epoch == 0:
            continue  # a log axis has no 0: the curves start at epoch 1
        for label, printed in (("Training loss", train), ("Validation loss", val)):
            xy = lines[label].get_xydata()
            row = xy[xy[:, 0] == epoch]
            assert len(row) == 1 and f"{row[0, 1]:.4f}" == f"{printed:.4f}", (label, epoch)
    assert snippet(TIME).figures[0].alt["ko"] != snippet(TIME).figures[0].alt["en"]


def test_legendre_features_make_gradient_descent_converge_much_faster(run_module):
    """Backs "no two of them are nearly alike ... with the features x^k the same training would take
    millions of times as many epochs": the number of gradient-descent steps a least-squares problem
    needs grows with the condition number of XᵀX, here over a million times larger for x^k."""
    module = run_module(TIME)
    x = module["x_train"].numpy()
    monomials = np.vander(x, 13, increasing=True)
    legendre = np.polynomial.legendre.legvander(x, 12)
    ratio = np.linalg.cond(monomials.T @ monomials) / np.linalg.cond(legendre.T @ legendre)
    assert ratio > 1e6


def test_trained_on_the_model_heads_for_the_least_squares_solution(run_module):
    """Backs "Trained on and on, the model heads for the least-squares solution above": along the
    run the weights get ever closer to the least-squares weights, and the validation loss climbs
    towards the degree-12 loss of the first table without passing it."""
    module = run_module(TIME)
    X = np.hstack([np.ones((15, 1)), module["X_train"].numpy().astype(float)])
    y = module["Y_train"].numpy().ravel().astype(float)
    target, *_ = np.linalg.lstsq(X, y, rcond=None)
    w = np.zeros(13)
    distances = []
    for _ in range(module["epochs"] + 1):
        distances.append(np.linalg.norm(w - target))
        w -= 0.5 * 2 / len(y) * X.T @ (X @ w - y)
    assert all(b < a for a, b in zip(distances, distances[1:]))
    V = np.hstack([np.ones((30, 1)), module["X_val"].numpy().astype(float)])
    y_val = module["Y_val"].numpy().ravel().astype(float)
    lstsq_val = np.mean((V @ target - y_val) ** 2)
    assert module["val_losses"][module["best_epoch"]] < module["val_losses"][-1] < lstsq_val
