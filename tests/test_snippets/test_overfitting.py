"""The overfitting page: the demonstration must demonstrate.

The ordering of the losses the page describes is asserted on the printed table, and the losses
themselves are recomputed independently with numpy's least squares from the snippet's own data.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

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
