"""What the softmax regression chapter says about its snippets, checked on their real output.

Oracles: numpy for one-hot encoding, softmax and cross-entropy; scikit-learn's confusion_matrix,
classification_report and precision_recall_fscore_support for every printed metric. Each test names
the sentence it backs.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from sklearn.datasets import load_digits
from sklearn.metrics import accuracy_score, classification_report, confusion_matrix, precision_recall_fscore_support

BY_HAND = "softmax_regression/softmax_by_hand.py"
DIGITS = "softmax_regression/digits.py"

FLOAT = r"-?\d+(?:\.\d+)?"


def np_softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def printed(stdout: str, label: str) -> float:
    return float(re.search(rf"^{re.escape(label)}\s+({FLOAT})$", stdout, re.M)[1])


# -- one-hot, softmax, cross-entropy -------------------------------------------------------------------


def test_one_hot_has_a_single_1_at_the_label(run_module):
    """"a vector of length k with a 1 in the place of the correct class"."""
    module = run_module(BY_HAND)
    y = module["y"].numpy()
    assert np.array_equal(module["y_one_hot"].numpy(), np.eye(3)[y])


def test_softmax_by_hand_is_numpys_and_rows_sum_to_1(snippet, run_module):
    """"The hand-written softmax equals F.softmax, and every row adds up to 1"."""
    module = run_module(BY_HAND)
    z = module["z"].numpy().astype(float)
    assert np.allclose(module["hypothesis"].numpy(), np_softmax(z), atol=1e-6)
    assert np.allclose(module["hypothesis"].sum(dim=1).numpy(), 1.0, atol=1e-6)
    assert np.all((module["hypothesis"] > 0).numpy() & (module["hypothesis"] < 1).numpy())
    lines = snippet(BY_HAND).stdout.splitlines()
    assert "same as F.softmax: True" in lines
    sums = re.search(r"^row sums: tensor\(\[(.*)\]\)$", snippet(BY_HAND).stdout, re.M)
    assert sums, "the page shows no row sums"
    assert [float(v) for v in sums[1].split(",")] == [pytest.approx(1.0, abs=5e-5)] * 3


def test_softmax_rows_sum_to_1_on_random_scores():
    """"the results lie between 0 and 1 and add up to exactly 1", for any scores, large ones too."""
    generator = torch.Generator().manual_seed(7)
    for scale in (1.0, 10.0, 50.0):
        z = scale * torch.randn(64, 10, generator=generator, dtype=torch.float64)
        p = F.softmax(z, dim=1)
        assert torch.allclose(p.sum(dim=1), torch.ones(64, dtype=torch.float64), atol=1e-12)
        assert np.allclose(p.numpy(), np_softmax(z.numpy()), atol=1e-12)


def test_hand_written_cross_entropy_equals_pytorchs_and_numpys(snippet, run_module):
    """"The hand-written cross-entropy gives the same value as F.cross_entropy"; the last line too."""
    out = snippet(BY_HAND).stdout
    by_hand = printed(out, "by hand:")
    assert by_hand == printed(out, "F.cross_entropy:") == printed(out, "F.nll_loss(F.log_softmax):")
    module = run_module(BY_HAND)
    z, y = module["z"].numpy().astype(float), module["y"].numpy()
    numpy_ce = float(-np.mean(np.log(np_softmax(z)[np.arange(len(y)), y])))
    assert by_hand == pytest.approx(numpy_ce, abs=1e-6)
    assert module["cost_by_hand"].item() == pytest.approx(module["cost"].item(), abs=1e-6)


def test_the_hand_written_formula_equals_f_cross_entropy_on_random_data():
    """The formula of the page, (y_one_hot * -log softmax).sum(1).mean(), on many random batches."""
    generator = torch.Generator().manual_seed(3)
    for _ in range(30):
        n, k = (int(v) for v in torch.randint(1, 20, (2,), generator=generator))
        k += 1
        z = 3 * torch.randn(n, k, generator=generator, dtype=torch.float64)
        y = torch.randint(0, k, (n,), generator=generator)
        hypothesis = torch.exp(z) / torch.exp(z).sum(dim=1, keepdim=True)
        by_hand = (F.one_hot(y, num_classes=k) * -torch.log(hypothesis)).sum(dim=1).mean()
        assert torch.allclose(by_hand, F.cross_entropy(z, y), rtol=1e-10, atol=1e-12)


def test_two_classes_softmax_is_the_sigmoid_and_cross_entropy_is_bce():
    """"With 2 classes, softmax does the same job as the sigmoid"; "For k = 2 this is the binary cross-entropy"."""
    z = torch.linspace(-6, 6, 25, dtype=torch.float64)
    two = torch.stack([z, torch.zeros_like(z)], dim=1)  # scores (z, 0)
    assert torch.allclose(F.softmax(two, dim=1)[:, 0], torch.sigmoid(z), atol=1e-12)
    y = (torch.arange(25) % 2).long()  # class 0 <=> label 1 of the sigmoid
    assert torch.allclose(F.cross_entropy(two, y), F.binary_cross_entropy(torch.sigmoid(z), (y == 0).double()), atol=1e-12)


def test_softmax_by_hand_draws_scores_and_probabilities(snippet):
    result = snippet(BY_HAND)
    assert [f.alt["en"] for f in result.figures] == ["Softmax turns scores into probabilities (first sample)"]
    assert result.figures[0].alt["ko"] != result.figures[0].alt["en"]


# -- the digits ------------------------------------------------------------------------------------------


def test_digits_are_scikit_learns_bundled_data_scaled_and_split(snippet, run_module):
    """8×8 images as 64 features, pixels divided by 16; 75% training, 25% test, disjoint."""
    module = run_module(DIGITS)
    digits = load_digits()
    assert np.allclose(module["X"].numpy(), digits.data / 16) and np.array_equal(module["y"].numpy(), digits.target)
    assert module["X"].shape == (1797, 64) and float(module["X"].max()) == 1.0
    train_idx, test_idx = module["train_idx"], module["test_idx"]
    assert len(train_idx) == int(len(digits.data) * 0.75) and len(train_idx) + len(test_idx) == len(digits.data)
    assert set(train_idx.tolist()).isdisjoint(test_idx.tolist())
    out = snippet(DIGITS).stdout.splitlines()
    assert f"training: {len(train_idx)}  test: {len(test_idx)}" in out
    assert module["model"].linear.in_features == 64 and module["model"].linear.out_features == 10


def test_digits_cost_falls_on_training_and_test_data(snippet):
    """"The cost keeps falling on both the training and the test data"."""
    rows = re.findall(rf"^Epoch\s+(\d+)/20 training cost: ({FLOAT}) test cost: ({FLOAT})$", snippet(DIGITS).stdout, re.M)
    assert [int(e) for e, _, _ in rows] == [5, 10, 15, 20]
    for column in (1, 2):
        costs = [float(r[column]) for r in rows]
        assert all(b < a for a, b in zip(costs, costs[1:]))


def test_prediction_is_the_argmax_of_scores_and_of_probabilities(run_module):
    """"Softmax does not change the order of the scores" so argmax of logits = argmax of probabilities."""
    module = run_module(DIGITS)
    with torch.no_grad():
        logits = module["model"](module["X_test"])
    assert torch.equal(module["y_pred"], logits.argmax(dim=1))
    assert torch.equal(module["y_pred"], F.softmax(logits, dim=1).argmax(dim=1))


def printed_confusion(stdout: str) -> np.ndarray:
    block = stdout[stdout.index("confusion matrix (rows: true, columns: predicted)") :]
    block = block[block.index("tensor(") : block.index("])") + 2]
    return np.array([[int(v) for v in row.split(",") if v.strip()] for row in re.findall(r"\[([\d,\s]+)\]", block)])


def test_printed_confusion_matrix_is_scikit_learns(snippet, run_module):
    """Every printed count equals sklearn.metrics.confusion_matrix (rows true, columns predicted)."""
    module = run_module(DIGITS)
    y_true, y_pred = module["y_test"].numpy(), module["y_pred"].numpy()
    expected = confusion_matrix(y_true, y_pred, labels=list(range(10)))
    assert np.array_equal(printed_confusion(snippet(DIGITS).stdout), expected)
    # "Most samples sit on the diagonal"
    assert np.trace(expected) > expected.sum() / 2
    # there are mistakes to show in the second figure
    assert expected.sum() - np.trace(expected) > 0


REPORT_ROW = re.compile(rf"^\s*(\d+|macro|micro)\s+({FLOAT})\s+({FLOAT})\s+({FLOAT})\s+(\d+)$", re.M)


def test_every_printed_metric_is_scikit_learns(snippet, run_module):
    """Per-class precision, recall, F1 and support; macro and micro averages; accuracy."""
    module = run_module(DIGITS)
    y_true, y_pred = module["y_test"].numpy(), module["y_pred"].numpy()
    report = classification_report(y_true, y_pred, output_dict=True, zero_division=0)
    out = snippet(DIGITS).stdout
    rows = {name: tuple(map(float, values[:3])) + (int(values[3]),) for name, *values in REPORT_ROW.findall(out)}
    assert set(rows) == {*(str(c) for c in range(10)), "macro", "micro"}
    for c in range(10):
        sk = report[str(c)]
        assert rows[str(c)] == (
            pytest.approx(sk["precision"], abs=5e-5),
            pytest.approx(sk["recall"], abs=5e-5),
            pytest.approx(sk["f1-score"], abs=5e-5),
            sk["support"],
        ), f"class {c}"
    macro = report["macro avg"]
    assert rows["macro"] == (
        pytest.approx(macro["precision"], abs=5e-5),
        pytest.approx(macro["recall"], abs=5e-5),
        pytest.approx(macro["f1-score"], abs=5e-5),
        macro["support"],
    )
    micro = precision_recall_fscore_support(y_true, y_pred, average="micro")
    assert rows["micro"][:3] == tuple(pytest.approx(v, abs=5e-5) for v in micro[:3])
    assert rows["micro"][3] == len(y_true)
    # "the micro-averaged precision, recall and F1 score are all equal to the accuracy"
    accuracy = accuracy_score(y_true, y_pred)
    assert printed(out, "accuracy:") == pytest.approx(accuracy, abs=5e-5) == pytest.approx(report["accuracy"])
    assert all(v == pytest.approx(accuracy, abs=1e-12) for v in micro[:3])


def test_digits_draws_the_heatmap_and_the_mistakes(snippet):
    result = snippet(DIGITS)
    assert [f.alt["en"] for f in result.figures] == [
        "Confusion matrix of the test data",
        "Misclassified test digits: true → predicted",
    ]
    assert all(f.alt["ko"] != f.alt["en"] for f in result.figures)
