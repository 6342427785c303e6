"""The datasets page: the split, the parameters, the tasks and the students' table."""

from __future__ import annotations

import numpy as np
import torch
from sklearn.datasets import load_iris
from torch.utils.data import random_split


def _printed(out: str, label: str) -> str:
    """The value printed after ``label`` on its line."""
    for line in out.splitlines():
        if line.strip().startswith(label):
            return line.strip()[len(label):].strip()
    raise AssertionError(f"no line starting with {label!r} in:\n{out}")


def test_split_sizes_add_up_and_parts_are_disjoint(snippet, run_module):
    ns = run_module("datasets/split.py")
    out = snippet("datasets/split.py").stdout
    dataset, parts = ns["dataset"], [ns["train_set"], ns["val_set"], ns["test_set"]]
    sizes = [len(p) for p in parts]
    assert sum(sizes) == len(dataset)
    # the printed sizes are the parts' real sizes, in the page's order
    assert int(_printed(out, "dataset   :")) == len(dataset)
    assert [int(_printed(out, k)) for k in ("training  :", "validation:", "test      :")] == sizes
    assert int(_printed(out, "sum       :")) == len(dataset)
    # 60/20/20, as the page says
    assert sizes == [round(len(dataset) * f) for f in (0.6, 0.2, 0.2)]
    # disjoint, and together every sample exactly once
    indices = [set(p.indices) for p in parts]
    assert sum(len(s) for s in indices) == len(dataset)
    assert set().union(*indices) == set(range(len(dataset)))
    # shuffled, not the first 60 / next 20 / last 20
    assert list(parts[0].indices) != list(range(sizes[0]))
    assert _printed(out, "first test indices:") == str(parts[2].indices[:8])
    x0, y0 = parts[2][0]
    assert torch.equal(x0, dataset[parts[2].indices[0]][0]) and torch.equal(y0, dataset[parts[2].indices[0]][1])


def test_split_is_reproducible_with_the_same_seed(run_module):
    ns = run_module("datasets/split.py")
    dataset = ns["dataset"]
    again = random_split(dataset, [0.6, 0.2, 0.2], generator=torch.Generator().manual_seed(42))
    assert [p.indices for p in again] == [ns[k].indices for k in ("train_set", "val_set", "test_set")]
    other = random_split(dataset, [0.6, 0.2, 0.2], generator=torch.Generator().manual_seed(43))
    assert [p.indices for p in other] != [p.indices for p in again]


def test_parameters_are_learned_hyperparameters_are_chosen(snippet, run_module):
    ns = run_module("datasets/parameters.py")
    out = snippet("datasets/parameters.py").stdout
    model = ns["model"]
    n_in, n_out = model.in_features, model.out_features
    # counted independently: a weight per input and output, a bias per output
    assert sum(p.numel() for p in model.parameters()) == n_in * n_out + n_out
    assert int(_printed(out, "number of parameters:")) == n_in * n_out + n_out
    before, after = out.split("after ")
    assert f"after {ns['epochs']} epochs:" in out
    for name, p in model.named_parameters():
        shape = str(tuple(p.shape))
        assert f"{name:6} shape {shape:6}  values [" in before
        # the values after training are the model's final ones
        final = ", ".join(f"{v:.4f}" for v in p.detach().flatten().tolist())
        assert f"{name:6} shape {shape:6}  values [{final}]" in after
    # training changed the parameters but not the learning rate
    first = [line.split("values")[1] for line in before.splitlines() if "values" in line]
    last = [line.split("values")[1] for line in after.splitlines() if "values" in line]
    assert len(first) == len(last) == 2 and all(a != b for a, b in zip(first, last))
    assert ns["optimizer"].param_groups[0]["lr"] == ns["learning_rate"]
    assert _printed(out, "learning rate is still") == str(ns["learning_rate"])


def test_tasks_have_the_label_kinds_the_page_names(snippet, run_module):
    ns = run_module("datasets/tasks.py")
    out = snippet("datasets/tasks.py").stdout
    # regression: real-valued scores
    assert ns["final"].is_floating_point()
    assert _printed(out, "regression labels (final score):") == str(ns["final"].tolist())
    # binary: exactly two classes, pass = score >= 170, computed with numpy
    final = np.array(ns["final"].tolist())
    assert ns["passed"].tolist() == (final >= 170).astype(int).tolist()
    assert _printed(out, "binary labels (pass = 1, fail = 0):") == str((final >= 170).astype(int).tolist())
    assert len(set(ns["passed"].tolist())) == 2
    # multi-class: iris, three species, counted with numpy
    target = load_iris().target
    assert _printed(out, "classes: [0, 1, 2] =") == str(load_iris().target_names.tolist())
    assert len(np.unique(target)) == 3
    assert _printed(out, "flowers per class:") == str(np.bincount(target).tolist())


def test_students_table_names_a_sample_a_feature_and_a_label(snippet, run_module):
    ns = run_module("datasets/students.py")
    out = snippet("datasets/students.py").stdout
    x, y = ns["x"], ns["y"]
    # the chapter's data, as the linear regression chapter uses it
    assert x.tolist() == [[73, 80, 75], [93, 88, 93], [89, 91, 90], [96, 98, 100], [73, 66, 70]]
    assert y.tolist() == [152, 185, 180, 196, 142]
    # the table shows every sample (row) with its features and label
    rows = [line for line in out.splitlines() if line.strip()[:1].isdigit() and "|" in line]
    assert len(rows) == len(x) == len(y)
    for i, row in enumerate(rows):
        student, features, label = (part.split() for part in row.split("|"))
        assert int(student[0]) == i
        assert [float(v) for v in features] == x[i].tolist()
        assert float(label[0]) == y[i].item()
    # (samples, features) = 5 students, 3 quizzes
    assert tuple(x.shape) == (len(rows), len(features))
    assert _printed(out, "x.shape:") == f"{tuple(x.shape)} -> (samples, features)"
    assert _printed(out, "sample  x[1]    =") == f"{x[1].tolist()}  label y[1] = {y[1].item()}"
    assert _printed(out, "feature x[:, 0] =").startswith(str([row[0] for row in x.tolist()]))
    assert _printed(out, "labels  y       =") == str(y.tolist())


def test_choosing_by_validation_score_flatters_it(snippet, run_module):
    ns = run_module("datasets/validation_bias.py")
    out = snippet("datasets/validation_bias.py").stdout
    val_acc = (ns["val_preds"].numpy() == ns["y_val"].numpy()).mean(axis=1)
    test_acc = (ns["test_preds"].numpy() == ns["y_test"].numpy()).mean(axis=1)
    best = int(np.argmax(val_acc))
    assert int(_printed(out, "chosen model:")) == best
    assert float(_printed(out, "its validation accuracy:")) == round(val_acc[best], 2)
    assert float(_printed(out, "its test accuracy:")) == round(test_acc[best], 2)
    # the page's claim: the chosen model's validation score overstates it; on new data
    # it is no better than the coin-flipping crowd (within three binomial standard errors)
    assert val_acc[best] > test_acc[best]
    n = ns["y_test"].numel()
    assert abs(test_acc[best] - 0.5) <= 3 * np.sqrt(0.25 / n)
    assert float(_printed(out, f"mean test accuracy of all {ns['n_models']} models:")) == round(test_acc.mean(), 2)
    assert abs(test_acc.mean() - 0.5) <= 3 * np.sqrt(0.25 / (n * ns["n_models"]))
