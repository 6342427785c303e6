"""The confusion-matrix page: every count and metric it shows, checked against scikit-learn.

The expectations are computed here, independently, from the snippets' own labels and scores
(read with ``run_module``); the numbers the page prints (parsed from the snippets' stdout) must
equal them.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
import yaml
from sklearn.metrics import (
    accuracy_score,
    confusion_matrix,
    f1_score,
    precision_recall_curve,
    precision_score,
    recall_score,
)

from doc_snippets.figure_text import Translator
from tests.drawn import drawn_value, lines_by_label

ROOT = Path(__file__).resolve().parents[2]
COUNTS = "confusion_matrix/counts.py"
METRICS = "confusion_matrix/metrics.py"
THRESHOLD = "confusion_matrix/threshold.py"


def _data(namespace: dict) -> tuple[np.ndarray, np.ndarray]:
    labels = namespace["labels"].numpy()
    scores = namespace["scores"].numpy()
    return labels, scores


def _sklearn_counts(labels: np.ndarray, predictions: np.ndarray) -> dict[str, int]:
    # labels=[1, 0]: positive (spam) first, as the page lays the matrix out
    (tp, fn), (fp, tn) = confusion_matrix(labels, predictions, labels=[1, 0])
    return {"TP": int(tp), "FP": int(fp), "FN": int(fn), "TN": int(tn)}


def _printed_counts(stdout: str) -> dict[str, int]:
    match = re.search(r"TP = (\d+), FP = (\d+), FN = (\d+), TN = (\d+)", stdout)
    assert match, "the counts line is missing from the output"
    return dict(zip(("TP", "FP", "FN", "TN"), map(int, match.groups())))


@pytest.fixture
def counts_ns(run_module):
    return run_module(COUNTS)


def test_the_data_is_a_real_binary_problem(counts_ns):
    labels, scores = _data(counts_ns)
    assert labels.shape == scores.shape and len(labels) >= 20
    assert set(np.unique(labels)) == {0, 1}, "both classes must occur"
    assert ((scores >= 0) & (scores <= 1)).all()


def test_all_three_snippets_use_the_same_emails(counts_ns, run_module):
    labels, scores = _data(counts_ns)
    for name in (METRICS, THRESHOLD):
        other_labels, other_scores = _data(run_module(name))
        np.testing.assert_array_equal(other_labels, labels, err_msg=name)
        np.testing.assert_array_equal(other_scores, scores, err_msg=name)


def test_printed_data_is_the_data(counts_ns, snippet):
    """The labels, scores and predictions the page prints are the values used (2-decimal scores)."""
    labels, scores = _data(counts_ns)
    stdout = snippet(COUNTS).stdout
    blocks = re.findall(r"(labels|scores|predictions):\ntensor\((\[\[.*?\]\])\)", stdout, re.S)
    printed = {name: np.array(eval(text)) for name, text in blocks}  # noqa: S307 - our own output
    np.testing.assert_array_equal(printed["labels"].ravel(), labels)
    np.testing.assert_array_equal(printed["scores"].ravel(), np.round(scores.astype(np.float64), 2))
    # the scores hold 2 decimals, so the printed values are the exact ones compared with 0.5
    np.testing.assert_allclose(scores, np.round(scores.astype(np.float64), 2), atol=1e-6)
    np.testing.assert_array_equal(printed["predictions"].ravel(), (scores >= np.float32(0.5)).astype(int))


def test_counts_match_scikit_learn(counts_ns, snippet):
    labels, scores = _data(counts_ns)
    threshold = counts_ns["threshold"]
    assert threshold == 0.5
    expected = _sklearn_counts(labels, (scores >= np.float32(threshold)).astype(int))
    assert _printed_counts(snippet(COUNTS).stdout) == expected
    assert {k: counts_ns[k] for k in expected} == expected
    assert f"N = {len(labels)}" in snippet(COUNTS).stdout


def test_matrix_rows_are_actual_and_columns_predicted(counts_ns, snippet):
    labels, scores = _data(counts_ns)
    predictions = (scores >= np.float32(0.5)).astype(int)
    expected = confusion_matrix(labels, predictions, labels=[1, 0])  # rows actual, columns predicted
    np.testing.assert_array_equal(counts_ns["cm"].numpy(), expected)
    printed = re.search(r"confusion matrix:\ntensor\((\[\[.*?\]\])\)", snippet(COUNTS).stdout, re.S)
    np.testing.assert_array_equal(np.array(eval(printed.group(1))), expected)  # noqa: S307
    # the note on the page: scikit-learn's default order puts the negative class first
    np.testing.assert_array_equal(confusion_matrix(labels, predictions), expected[::-1, ::-1])


def test_heatmap_is_labelled_in_both_languages(counts_ns, snippet):
    result = snippet(COUNTS)
    assert len(result.figures) == 1
    alt = result.figures[0].alt
    assert "Confusion matrix" in alt["en"] and "혼동 행렬" in alt["ko"]

    # rows actual, columns predicted, positive (spam) first; every text Korean on the Korean page
    table = yaml.safe_load((ROOT / "snippets/confusion_matrix/figure_text.yml").read_text("utf-8"))
    translator = Translator(table)
    fig, ax = counts_ns["fig"], counts_ns["ax"]

    def shown(language):
        with translator.translated(fig, language):
            fig.canvas.draw()
            return {
                "x": [t.get_text() for t in ax.get_xticklabels()],
                "y": [t.get_text() for t in ax.get_yticklabels()],
                "xlabel": ax.get_xlabel(),
                "ylabel": ax.get_ylabel(),
                "cells": sorted(t.get_text() for t in ax.texts),
            }

    en, ko = shown("en"), shown("ko")
    assert en["x"] == en["y"] == ["Spam", "Not spam"]
    assert (en["xlabel"], en["ylabel"]) == ("Predicted", "Actual")
    assert ko["x"] == ko["y"] == ["스팸", "정상 메일"], "tick labels must be Korean on the Korean page"
    assert (ko["xlabel"], ko["ylabel"]) == ("예측", "실제")
    cm = counts_ns["cm"]
    assert en["cells"] == sorted(
        [f"TP\n{cm[0, 0]}", f"FN\n{cm[0, 1]}", f"FP\n{cm[1, 0]}", f"TN\n{cm[1, 1]}"]
    )
    assert all(("양성" in text or "음성" in text) for text in ko["cells"])


def _printed_metric(stdout: str, label: str) -> float:
    match = re.search(rf"^{re.escape(label)}\s*=.*= ([0-9.]+)$", stdout, re.M)
    assert match, f"{label!r} is missing from the output"
    return float(match.group(1))


def test_metrics_match_scikit_learn(run_module, snippet):
    namespace = run_module(METRICS)
    labels, scores = _data(namespace)
    predictions = (scores >= np.float32(0.5)).astype(int)
    expected = {
        "accuracy": accuracy_score(labels, predictions),
        "precision": precision_score(labels, predictions),
        "recall": recall_score(labels, predictions),
        "f1": f1_score(labels, predictions),
    }
    # the values computed in the snippet
    assert namespace["accuracy"] == pytest.approx(expected["accuracy"])
    assert namespace["precision"] == pytest.approx(expected["precision"])
    assert namespace["recall"] == pytest.approx(expected["recall"])
    assert namespace["f1_harmonic"] == pytest.approx(expected["f1"])
    assert namespace["f1_counts"] == pytest.approx(expected["f1"])

    # the values the page prints (4 decimals)
    stdout = snippet(METRICS).stdout
    assert _printed_counts(stdout) == _sklearn_counts(labels, predictions)
    assert _printed_metric(stdout, "accuracy") == round(expected["accuracy"], 4)
    assert _printed_metric(stdout, "precision") == round(expected["precision"], 4)
    assert _printed_metric(stdout, "recall") == round(expected["recall"], 4)
    f1_lines = re.findall(r"^F1 = .*= ([0-9.]+)$", stdout, re.M)
    assert [float(v) for v in f1_lines] == [round(expected["f1"], 4)] * 2, "both F1 formulas, same value"
    assert "same value: True" in stdout
    torch_accuracy = re.search(r"^accuracy  = mean\(predictions == labels\) = ([0-9.]+)$", stdout, re.M)
    assert float(torch_accuracy.group(1)) == round(expected["accuracy"], 4)


def test_printed_fractions_are_the_counts(run_module, snippet):
    namespace = run_module(METRICS)
    labels, scores = _data(namespace)
    c = _sklearn_counts(labels, (scores >= np.float32(0.5)).astype(int))
    stdout = snippet(METRICS).stdout
    assert f"= {c['TP'] + c['TN']}/{len(labels)} =" in stdout
    assert f"= {c['TP']}/{c['TP'] + c['FP']} =" in stdout
    assert f"= {c['TP']}/{c['TP'] + c['FN']} =" in stdout
    assert f"= {2 * c['TP']}/{2 * c['TP'] + c['FP'] + c['FN']} =" in stdout


def _table(stdout: str) -> list[tuple[float, int, int, int, float, float]]:
    rows = re.findall(r"^\s*([0-9.]+)\s+(\d+)\s+(\d+)\s+(\d+)\s+([0-9.]+)\s+([0-9.]+)$", stdout, re.M)
    return [(float(t), int(tp), int(fp), int(fn), float(p), float(r)) for t, tp, fp, fn, p, r in rows]


def test_threshold_table_matches_scikit_learn(run_module, snippet):
    namespace = run_module(THRESHOLD)
    labels, scores = _data(namespace)
    rows = _table(snippet(THRESHOLD).stdout)
    assert len(rows) >= 5
    for threshold, tp, fp, fn, precision, recall in rows:
        predictions = (scores >= np.float32(threshold)).astype(int)
        c = _sklearn_counts(labels, predictions)
        assert (tp, fp, fn) == (c["TP"], c["FP"], c["FN"]), threshold
        assert precision == round(precision_score(labels, predictions), 4), threshold
        assert recall == round(recall_score(labels, predictions), 4), threshold


def test_threshold_curve_is_scikit_learns_precision_recall_curve(run_module, snippet):
    namespace = run_module(THRESHOLD)
    labels, scores = _data(namespace)
    precision, recall, thresholds = precision_recall_curve(labels, scores)
    np.testing.assert_allclose(namespace["thresholds"].numpy(), thresholds)
    np.testing.assert_allclose(namespace["precisions"], precision[:-1])
    np.testing.assert_allclose(namespace["recalls"], recall[:-1])
    result = snippet(THRESHOLD)
    assert len(result.figures) == 1
    assert "threshold" in result.figures[0].alt["en"] and "임계값" in result.figures[0].alt["ko"]


def test_the_trade_off_the_page_describes(snippet):
    rows = _table(snippet(THRESHOLD).stdout)
    thresholds = [row[0] for row in rows]
    precisions = [row[4] for row in rows]
    recalls = [row[5] for row in rows]
    assert thresholds == sorted(thresholds)
    # recall never rises as the threshold goes up
    assert all(a >= b for a, b in zip(recalls, recalls[1:]))
    assert recalls[-1] < recalls[0]
    # precision usually rises (the highest threshold beats the lowest) ...
    assert precisions[-1] > precisions[0]
    # ... but not always: the table shows a dip
    assert any(b < a for a, b in zip(precisions, precisions[1:])), "the page points at a dip in precision"


# -- the figure against the table: what is drawn at each threshold ------------------------


def _threshold_figure(run_figures):
    namespace, figures = run_figures(THRESHOLD)
    assert len(figures) == 1
    lines = lines_by_label(figures[0])
    return namespace, figures[0], lines


def test_threshold_figure_shows_the_printed_value_at_every_threshold(run_figures, snippet):
    """Backs "Two things can be read from the table and the figure": at every threshold of
    the printed table, the curves show that row's precision and recall, as drawn (step style
    included). With ``scores >= t`` the value at ``t`` holds on the interval up to ``t``."""
    _, _, lines = _threshold_figure(run_figures)
    precision, recall = lines["Precision"], lines["Recall"]
    assert precision.get_drawstyle() == recall.get_drawstyle() == "steps-pre"
    rows = _table(snippet(THRESHOLD).stdout)
    for threshold, _, _, _, p, r in rows:
        assert round(drawn_value(precision, threshold), 4) == p, threshold
        assert round(drawn_value(recall, threshold), 4) == r, threshold


def test_dashed_threshold_line_meets_the_metrics_page_values(run_figures, snippet):
    """Backs the dashed "Threshold 0.5" line: where it crosses the curves, they show the
    precision and recall that metrics.py prints for threshold 0.5."""
    _, _, lines = _threshold_figure(run_figures)
    marker = lines["Threshold 0.5"]
    x = float(np.unique(marker.get_xdata())[0])
    assert x == 0.5
    stdout = snippet(METRICS).stdout
    assert round(drawn_value(lines["Precision"], x), 4) == _printed_metric(stdout, "precision")
    assert round(drawn_value(lines["Recall"], x), 4) == _printed_metric(stdout, "recall")


def test_the_figure_check_catches_the_wrong_step_side(run_figures, snippet):
    """Not vacuous: drawn ``steps-post`` (the earlier bug), the curve shows another value at
    0.5 than the page prints, and the check above sees it."""
    _, _, lines = _threshold_figure(run_figures)
    precision = lines["Precision"]
    precision.set_drawstyle("steps-post")
    printed = _printed_metric(snippet(METRICS).stdout, "precision")
    assert round(drawn_value(precision, 0.5), 4) != printed


def test_counts_heatmap_shows_the_printed_matrix(run_figures, snippet):
    """The heatmap's cells are the printed confusion matrix (TP, FN / FP, TN)."""
    namespace, figures = run_figures(COUNTS)
    image = figures[0].axes[0].get_images()[0]
    np.testing.assert_array_equal(image.get_array(), namespace["cm"].numpy())
    counts = _printed_counts(snippet(COUNTS).stdout)
    texts = sorted(t.get_text() for t in figures[0].axes[0].texts)
    assert texts == sorted(f"{k}\n{counts[k]}" for k in ("TP", "FN", "FP", "TN"))


def test_the_source_posts_f1_formula_is_half_the_f1_score(snippet):
    """Backs "the source post's TP / (2TP + FN + FP) lost the 2 in the numerator, which halves
    the F1 score", on the page's own counts."""
    stdout = snippet(METRICS).stdout
    c = _printed_counts(stdout)
    f1 = [float(v) for v in re.findall(r"^F1 = .*= ([0-9.]+)$", stdout, re.M)][-1]
    slip = c["TP"] / (2 * c["TP"] + c["FN"] + c["FP"])
    assert round(2 * slip, 4) == f1
