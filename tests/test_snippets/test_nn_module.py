"""What the nn.Module chapter says about its snippets, checked on their real output.

The class-based models are compared with the earlier chapters' snippets run from the same seed
(linear_regression/multiple.py, logistic_regression/train.py), never with numbers copied from a page.
Each test names the sentence it backs.
"""

from __future__ import annotations

import re

import pytest
import torch

LINEAR_CLASS = "nn_module/linear_class.py"
LOGISTIC_CLASS = "nn_module/logistic_class.py"
SAVE_LOAD = "nn_module/save_load.py"
MULTIPLE = "linear_regression/multiple.py"
TRAIN = "logistic_regression/train.py"

FLOAT = r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?"


def last_parameter_block(stdout: str) -> str:
    """The text of the last ``print(list(model.parameters()))`` in an output."""
    start = stdout.rindex("[Parameter containing:")
    return stdout[start:].strip()


def cost_log(stdout: str, pattern: str) -> dict[int, float]:
    rows = {int(e): float(c) for e, c in re.findall(pattern, stdout, re.M)}
    assert rows, "no training log"
    return rows


# -- multiple linear regression as a class ----------------------------------------------------


def test_linear_class_trains_to_the_multiple_regression_parameters(run_module):
    """ko: "마지막 줄의 학습된 파라미터를 ... 비교해 보세요. 같은 값입니다." / en: "they are the same values"."""
    ours = run_module(LINEAR_CLASS)["model"]
    earlier = run_module(MULTIPLE)["model"]
    assert isinstance(ours, torch.nn.Module) and not isinstance(ours, torch.nn.Linear)
    assert torch.allclose(ours.linear.weight, earlier.weight, rtol=0, atol=1e-6)
    assert torch.allclose(ours.linear.bias, earlier.bias, rtol=0, atol=1e-6)


def test_linear_class_prints_the_same_last_line_as_the_earlier_chapter(snippet):
    """The last printed parameters, as the page shows them, equal the earlier chapter's last line."""
    assert last_parameter_block(snippet(LINEAR_CLASS).stdout) == last_parameter_block(snippet(MULTIPLE).stdout)


def test_linear_class_logs_the_earlier_chapters_costs(snippet):
    """Same data, seed, learning rate and epochs: every logged cost equals the earlier chapter's."""
    ours = cost_log(snippet(LINEAR_CLASS).stdout, r"^Epoch\s+(\d+)/2000 Cost: (" + FLOAT + ")$")
    earlier = cost_log(snippet(MULTIPLE).stdout, r"^Epoch\s+(\d+)/2000 Cost: (" + FLOAT + ")$")
    assert sorted(ours) == list(range(0, 2001, 500))
    assert all(ours[e] == earlier[e] for e in ours)


def test_linear_class_prints_its_structure_and_named_parameters(snippet, run_module):
    """"print(model) shows the layer under its name (linear)"; named_parameters() names and shapes."""
    out = snippet(LINEAR_CLASS).stdout
    model = run_module(LINEAR_CLASS)["model"]
    assert "(linear): Linear(in_features=3, out_features=1, bias=True)" in out
    expected = [f"{name} {tuple(p.shape)} {p.requires_grad}" for name, p in model.named_parameters()]
    assert expected == ["linear.weight (1, 3) True", "linear.bias (1,) True"]
    assert all(line in out.splitlines() for line in expected)
    # parameters() returns the same tensors without names
    assert [id(p) for p in model.parameters()] == [id(p) for _, p in model.named_parameters()]


def test_calling_the_model_calls_forward(run_module):
    """"model(x_train) makes PyTorch call forward"."""
    module = run_module(LINEAR_CLASS)
    model, x = module["model"], module["x_train"]
    with torch.no_grad():
        assert torch.equal(model(x), model.forward(x))
        assert torch.equal(model(x), x @ model.linear.weight.T + model.linear.bias)


# -- logistic regression as a class ------------------------------------------------------------


def test_logistic_class_trains_to_the_logistic_chapters_parameters(run_module):
    """"The two models end with the same weight and bias", and they are the previous chapter's model."""
    ours = run_module(LOGISTIC_CLASS)
    earlier = run_module(TRAIN)["model"][0]
    assert torch.equal(ours["model"].linear.weight, earlier.weight)
    assert torch.equal(ours["model"].linear.bias, earlier.bias)
    assert torch.equal(ours["sequential"][0].weight, earlier.weight)
    assert ours["costs_class"] == ours["costs_sequential"]  # "the two curves lie on top of each other"
    assert len(ours["costs_class"]) == 1001


def test_logistic_class_page_output_agrees(snippet, run_module):
    out = snippet(LOGISTIC_CLASS).stdout
    assert "same parameters: True" in out.splitlines()
    # the cost printed after epoch 1000 is the previous chapter's logged cost at epoch 1000
    ours = float(re.search(rf"^cost after epoch 1000: ({FLOAT})$", out, re.M)[1])
    earlier = cost_log(snippet(TRAIN).stdout, rf"^Epoch\s+(\d+)/1000 Cost: ({FLOAT}) Accuracy")
    assert ours == earlier[1000]
    # each parameter is printed once per model, equal
    model = run_module(LOGISTIC_CLASS)["model"]
    for name, p in model.named_parameters():
        assert f"{name}\n  class:      {p.data}\n  Sequential: {p.data}\n" in out


def test_sequential_names_its_parameters_by_position(run_module):
    """"in nn.Sequential ... the same parameters are called 0.weight and 0.bias"."""
    module = run_module(LOGISTIC_CLASS)
    assert [n for n, _ in module["sequential"].named_parameters()] == ["0.weight", "0.bias"]
    assert [n for n, _ in module["model"].named_parameters()] == ["linear.weight", "linear.bias"]


def test_logistic_class_draws_both_cost_curves(snippet):
    result = snippet(LOGISTIC_CLASS)
    assert [f.alt["en"] for f in result.figures] == ["Same seed, same training: two ways to write one model"]
    assert result.figures[0].alt["ko"] != result.figures[0].alt["en"]


# -- saving and loading --------------------------------------------------------------------------


def test_save_load_writes_one_file_in_its_own_folder_and_loads_the_trained_model(snippet, run_module, tmp_path, monkeypatch):
    """"After saving, the current folder holds one file"; loading gives exactly the trained model."""
    monkeypatch.chdir(tmp_path)  # the build gives each run an empty folder; so does this test
    module = run_module(SAVE_LOAD)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["binary_classifier.pt"]
    out = snippet(SAVE_LOAD).stdout
    size = (tmp_path / "binary_classifier.pt").stat().st_size
    assert f"saved: ['binary_classifier.pt'] {size} bytes" in out.splitlines()

    # An independent load of the file into a fresh model of the class: the logistic chapter's parameters.
    fresh = module["BinaryClassifier"]()
    fresh.load_state_dict(torch.load(tmp_path / "binary_classifier.pt", weights_only=True))
    earlier = run_module(TRAIN)["model"][0]
    assert torch.equal(fresh.linear.weight, earlier.weight) and torch.equal(fresh.linear.bias, earlier.bias)
    state = torch.load(tmp_path / "binary_classifier.pt", weights_only=True)
    assert list(state) == ["linear.weight", "linear.bias"]  # "two tensors ... under the names named_parameters() uses"


def test_loaded_model_predicts_the_same_and_differs_before_loading(snippet, run_module, tmp_path, monkeypatch):
    """"before loading it outputs arbitrary probabilities"; "After loading ... exactly the trained model's"."""
    monkeypatch.chdir(tmp_path)
    module = run_module(SAVE_LOAD)
    out = snippet(SAVE_LOAD).stdout
    assert "same predictions: True" in out.splitlines()
    assert torch.equal(module["p_trained"], module["p_loaded"])
    before = re.search(r"^before loading: tensor\(\[(.*)\]\)$", out, re.M)[1]
    before = torch.tensor([float(v) for v in before.split(",")])
    assert not torch.allclose(before, module["p_loaded"], atol=1e-2)
    # The predictions equal the logistic chapter's printed probabilities for the same four points.
    printed = [float(p) for p in re.findall(rf"H\(x\) = ({FLOAT})", snippet(TRAIN).stdout)]
    assert module["x_new"].tolist() == run_module(TRAIN)["x_new"].tolist()
    assert module["p_loaded"].tolist() == [pytest.approx(p, abs=1e-4) for p in printed]


def test_training_and_evaluation_mode_and_no_grad(snippet, run_module, tmp_path, monkeypatch):
    """"A new model is in training mode; after eval(), model.training is False"; no_grad lines."""
    monkeypatch.chdir(tmp_path)
    lines = snippet(SAVE_LOAD).stdout.splitlines()
    assert "training mode: True" in lines and "training mode after eval(): False" in lines
    assert "requires_grad inside no_grad: False" in lines and "requires_grad outside no_grad: True" in lines
    module = run_module(SAVE_LOAD)
    assert module["BinaryClassifier"]().training is True and module["loaded"].training is False
    # "The models of this chapter have no such layer, so nothing changes here"
    loaded = module["loaded"]
    with torch.no_grad():
        evaluated = loaded(module["x_new"])
        loaded.train()
        trained_mode = loaded(module["x_new"])
    assert torch.equal(evaluated, trained_mode)
