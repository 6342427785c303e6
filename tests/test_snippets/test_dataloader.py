"""What the mini-batch chapter says about its snippets, checked on their real output.

Oracles: the count of iterations is ceil(n / B) by arithmetic; "every sample once per epoch" is
checked on the printed batches and on further epochs of the snippet's own loader; the solution both
trainings approach is numpy's least squares on the standardized data, computed here from the raw
quiz scores. Each test names the sentence it backs.
"""

from __future__ import annotations

import math
import re
from collections import Counter

import numpy as np
import pytest
import torch
from torch.utils.data import DataLoader, Dataset

CUSTOM = "dataloader/custom_dataset.py"
BATCHES = "dataloader/batches.py"
MINIBATCH = "dataloader/minibatch.py"

# The quiz-score data of the multiple linear regression chapter, as the wikidocs book gives it.
X_QUIZ = np.array([[73, 80, 75], [93, 88, 93], [89, 91, 90], [96, 98, 100], [73, 66, 70]], dtype=float)
Y_QUIZ = np.array([152, 185, 180, 196, 142], dtype=float)

FLOAT = r"-?\d+(?:\.\d+)?"


# -- Dataset ---------------------------------------------------------------------------------------


def test_custom_dataset_and_tensor_dataset_hand_out_the_same_samples(snippet, run_module):
    """"Both datasets hold 5 samples and return the same sample for the same index"."""
    module = run_module(CUSTOM)
    dataset, tensor_dataset = module["dataset"], module["tensor_dataset"]
    assert isinstance(dataset, Dataset) and type(dataset).__name__ == "CustomDataset"
    assert len(dataset) == len(tensor_dataset) == len(X_QUIZ)
    for i in range(len(X_QUIZ)):
        x, y = dataset[i]
        assert np.array_equal(x.numpy(), X_QUIZ[i]) and y.tolist() == [Y_QUIZ[i]]
        assert all(torch.equal(a, b) for a, b in zip(dataset[i], tensor_dataset[i]))
    lines = snippet(CUSTOM).stdout.splitlines()
    assert "len(dataset): 5" in lines and "len(tensor_dataset): 5" in lines
    assert "same samples: True" in lines


# -- DataLoader -----------------------------------------------------------------------------------


def printed_epochs(stdout: str) -> list[list[list[float]]]:
    """[[labels of iteration 1, labels of iteration 2, ...] per epoch] as the page prints them."""
    epochs: list[list[list[float]]] = []
    for line in stdout.splitlines():
        if re.match(r"^epoch \d+$", line):
            epochs.append([])
        elif m := re.match(r"^  iteration (\d+): batch of (\d+), labels \[(.*)\]$", line):
            labels = [float(v) for v in m[3].split(",")]
            assert int(m[1]) == len(epochs[-1]) + 1 and int(m[2]) == len(labels)
            epochs[-1].append(labels)
    assert epochs, "the page shows no batches"
    return epochs


def test_iterations_per_epoch_is_n_over_batch_size_rounded_up(snippet, run_module):
    """"len(dataloader) is the number of iterations per epoch: ... ceil(5/2) = 3"."""
    module = run_module(BATCHES)
    n, batch_size = len(module["dataset"]), module["dataloader"].batch_size
    assert (n, batch_size) == (5, 2)
    lines = snippet(BATCHES).stdout.splitlines()
    assert f"iterations per epoch: {math.ceil(n / batch_size)}" in lines
    assert len(module["dataloader"]) == math.ceil(n / batch_size) == 3
    assert all(len(epoch) == 3 for epoch in printed_epochs(snippet(BATCHES).stdout))


def test_each_printed_epoch_visits_every_sample_exactly_once(snippet):
    """"within an epoch each of the five students appears exactly once"; "The order changes"."""
    epochs = printed_epochs(snippet(BATCHES).stdout)
    assert len(epochs) == 3
    for epoch in epochs:
        assert Counter(label for batch in epoch for label in batch) == Counter(Y_QUIZ.tolist())
        assert [len(batch) for batch in epoch] == [2, 2, 1]  # "The last mini-batch holds only the 1 sample left over"
    orders = [tuple(label for batch in epoch for label in batch) for epoch in epochs]
    assert len(set(orders)) == len(orders)


def test_the_loader_keeps_visiting_every_sample_once_per_epoch(run_module):
    """The same on 20 more epochs of the snippet's own shuffled loader, by sample identity."""
    module = run_module(BATCHES)
    loader = module["dataloader"]
    assert loader.generator is module["generator"]  # shuffled by the seeded generator
    for _ in range(20):
        seen = torch.cat([x for x, _ in loader])
        rows = sorted(map(tuple, seen.tolist()))
        assert rows == sorted(map(tuple, X_QUIZ.tolist()))


def test_shuffle_is_reproducible_from_the_seed(run_module):
    """"Passing one with a fixed seed makes every run shuffle the same way"."""
    dataset = run_module(BATCHES)["dataset"]

    def orders(seed: int) -> list[list[float]]:
        loader = DataLoader(dataset, batch_size=2, shuffle=True, generator=torch.Generator().manual_seed(seed))
        return [torch.cat([y for _, y in loader]).squeeze(1).tolist() for _ in range(5)]

    assert orders(0) == orders(0)
    assert orders(0) != orders(1)


def test_drop_last_drops_the_short_batch(run_module):
    """"Pass drop_last=True to the DataLoader to drop it"."""
    dataset = run_module(BATCHES)["dataset"]
    loader = DataLoader(dataset, batch_size=2, shuffle=True, generator=torch.Generator().manual_seed(0), drop_last=True)
    assert len(loader) == 5 // 2 and [len(x) for x, _ in loader] == [2, 2]


# -- mini-batch training -----------------------------------------------------------------------------


def least_squares() -> tuple[np.ndarray, float]:
    """Predictions and cost of numpy's least-squares fit on the standardized quiz scores."""
    x = (X_QUIZ - X_QUIZ.mean(axis=0)) / X_QUIZ.std(axis=0, ddof=1)  # torch.std is the sample std
    A = np.hstack([x, np.ones((len(x), 1))])
    solution, *_ = np.linalg.lstsq(A, Y_QUIZ, rcond=None)
    prediction = A @ solution
    return prediction, float(np.mean((prediction - Y_QUIZ) ** 2))


FINAL = re.compile(rf"^(full batch|mini-batches|least squares): cost on all data ({FLOAT})\n  predictions \[(.*)\]$", re.M)


def final_lines(stdout: str) -> dict[str, tuple[float, list[float]]]:
    rows = {name: (float(cost), [float(p) for p in preds.split(",")]) for name, cost, preds in FINAL.findall(stdout)}
    assert set(rows) == {"full batch", "mini-batches", "least squares"}, "the page shows no final comparison"
    return rows


def test_the_snippets_least_squares_line_is_numpys(snippet, run_module):
    """The dotted line and the last two output lines: torch.linalg.lstsq agrees with numpy's lstsq."""
    prediction, minimum = least_squares()
    cost, preds = final_lines(snippet(MINIBATCH).stdout)["least squares"]
    assert cost == pytest.approx(minimum, abs=1e-4)
    assert preds == [pytest.approx(p, abs=0.051) for p in prediction]
    assert run_module(MINIBATCH)["best_cost"] == pytest.approx(minimum, rel=1e-3)


def test_standardized_features_have_mean_0_and_std_1(run_module):
    """"brings all three features to similar sizes around 0"."""
    x = run_module(MINIBATCH)["x_train"].numpy()
    assert np.allclose(x.mean(axis=0), 0, atol=1e-5) and np.allclose(x.std(axis=0, ddof=1), 1, atol=1e-5)


def test_iteration_counts_full_batch_and_mini_batches(snippet, run_module):
    """"over 100 epochs the full-batch run updates the parameters 100 times, the mini-batch run 300 times"."""
    module = run_module(MINIBATCH)
    n = len(module["dataset"])
    assert len(module["full_costs"]) == 100 * math.ceil(n / 5) == 100
    assert len(module["mini_costs"]) == 100 * math.ceil(n / 2) == 300
    out = snippet(MINIBATCH).stdout
    assert "iterations: full batch 100 | mini-batches 300" in out.splitlines()
    log = re.findall(r"^Epoch\s+(\d+)/100 Batch (\d+)/(\d+) Cost", out, re.M)
    full, mini = log[: len(log) // 4], log[len(log) // 4 :]
    assert all(total == "1" for _, _, total in full) and all(total == "3" for _, _, total in mini)
    assert [b for _, b, _ in mini][:3] == ["1", "2", "3"]  # "as Batch 1/3 in the log says, an epoch is three iterations"


def test_full_batch_cost_falls_smoothly_and_mini_batch_cost_wanders(run_module):
    """"The full-batch cost ... falls smoothly"; mini-batches' "cost wanders up and down"."""
    module = run_module(MINIBATCH)
    full, mini = np.array(module["full_costs"]), np.array(module["mini_costs"])
    assert np.all(np.diff(full) <= 0)
    assert np.sum(np.diff(mini) > 0) >= 10
    # "No linear model can go below that line": numpy's least-squares cost bounds every recorded cost
    _, minimum = least_squares()
    assert min(full.min(), mini.min()) >= minimum - 1e-4


def test_both_trainings_reach_the_least_squares_neighbourhood(snippet, run_module):
    """"both are close to the predictions of ... the least-squares solution" (numpy oracle)."""
    prediction, minimum = least_squares()
    rows = final_lines(snippet(MINIBATCH).stdout)
    for name in ("full batch", "mini-batches"):
        cost, preds = rows[name]
        assert minimum <= cost + 1e-4, f"{name}: below the least-squares minimum?"
        assert cost - minimum < 0.05, f"{name}: cost {cost} not near the least-squares minimum {minimum}"
        assert np.max(np.abs(np.array(preds) - prediction)) < 0.5, f"{name}: {preds} vs {prediction}"
    # "The two models predict almost the same"
    assert np.max(np.abs(np.array(rows["full batch"][1]) - np.array(rows["mini-batches"][1]))) < 0.5
    # the printed numbers are the models'
    module = run_module(MINIBATCH)
    with torch.no_grad():
        for name, model in (("full batch", module["full_model"]), ("mini-batches", module["mini_model"])):
            cost = torch.nn.functional.mse_loss(model(module["x_train"]), module["y_train"]).item()
            assert rows[name][0] == pytest.approx(cost, abs=1e-4)


def test_minibatch_draws_the_cost_over_iterations(snippet):
    result = snippet(MINIBATCH)
    assert [f.alt["en"] for f in result.figures] == ["Cost over iterations: full batch vs mini-batches"]
    assert result.figures[0].alt["ko"] != result.figures[0].alt["en"]
