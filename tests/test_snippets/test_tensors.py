"""The tensors page: what it says about dim(), shapes, batches and indexing holds."""

from __future__ import annotations

import re

import numpy as np
import pytest
import torch


def test_kinds_print_each_tensors_real_dim_and_shape(snippet, run_module):
    ns = run_module("tensors/kinds.py")
    out = snippet("tensors/kinds.py").stdout
    # the page calls them 0D, 1D, 2D and 3D
    for name, dims in [("scalar", 0), ("vector", 1), ("matrix", 2), ("tensor3d", 3)]:
        t = ns[name]
        assert t.dim() == dims == len(t.shape) == np.asarray(t).ndim
        # shape and size() are the same thing, and both are printed as they are
        assert t.shape == t.size()
        line = f"dim() = {t.dim()}, shape = {t.shape}, size() = {t.size()}"
        assert f"{name}:\n{t!s}\n{line}\n" in out


def test_zeros_1_has_shape_1_not_1_1(snippet, run_module):
    """The source post said torch.zeros(1) is "1,1"; the page says (1,)."""
    ns = run_module("tensors/zeros.py")
    out = snippet("tensors/zeros.py").stdout.splitlines()
    assert tuple(ns["a"].shape) == (1,) and ns["a"].dim() == 1
    assert tuple(ns["b"].shape) == (1, 1) and ns["b"].dim() == 2
    assert tuple(ns["c"].shape) == () and ns["c"].dim() == 0
    rows = {line.split("->")[0].strip(): line for line in out}
    assert rows["torch.zeros(1)"].endswith("dim() = 1, shape = (1,)")
    assert rows["torch.zeros(1, 1)"].endswith("dim() = 2, shape = (1, 1)")
    assert rows["torch.tensor(0.0)"].endswith("dim() = 0, shape = ()")


def test_batch_2d_is_batch_size_3_dimension_5(snippet, run_module):
    ns = run_module("tensors/batch_2d.py")
    out = snippet("tensors/batch_2d.py").stdout
    t = ns["t"]
    # the page: 3 x 5, batch size 3 (rows = samples), dimension 5 (values per sample)
    assert tuple(t.shape) == (3, 5)
    assert ns["batch_size"] == t.size(0) == len(t) == 3
    assert ns["dimension"] == t.size(1) == len(t[0]) == 5
    assert f"t.shape: {t.shape}" in out
    assert f"batch size = t.size(0) = {t.size(0)}\n" in out
    assert f"dimension  = t.size(1) = {t.size(1)}\n" in out
    assert f"one sample, t[0]: {t[0]}" in out
    # the page: "t.dim() is 2 while the dimension is 5": two meanings of the word
    assert t.dim() == 2 and f"t.dim() = {t.dim()}\n" in out and ns["dimension"] != t.dim()


def test_batch_3d_is_batch_height_width(snippet, run_module):
    """Backs "(batch size, height, width)" and "images[0] is one image: 3 rows (height) of
    4 pixels (width)", on the printed image."""
    ns = run_module("tensors/batch_3d.py")
    out = snippet("tensors/batch_3d.py").stdout
    images = ns["images"]
    assert tuple(images.shape) == (ns["batch_size"], ns["height"], ns["width"]) == (2, 3, 4)
    # one sample of the batch is one height x width image
    assert tuple(images[0].shape) == (ns["height"], ns["width"])
    assert f"images.shape: {images.shape}" in out
    assert f"batch size: {images.size(0)}\n" in out
    assert f"one image, images[0].shape: {images[0].shape}" in out
    assert str(images[0]) in out
    printed = out[out.index("tensor(["):].rstrip().splitlines()
    assert len(printed) == ns["height"]  # rows as printed
    assert all(len(re.findall(r"\d+\.", row)) == ns["width"] for row in printed)


def test_indexing_matches_numpy(snippet, run_module):
    ns = run_module("tensors/indexing.py")
    out = snippet("tensors/indexing.py").stdout.splitlines()
    t = ns["t"]
    a = t.numpy()
    shown = {line[:15].strip(): line[15:].strip() for line in out}
    # what each index selects, checked against numpy's indexing of the same array
    np.testing.assert_array_equal(t[0].numpy(), a[0])  # first sample
    np.testing.assert_array_equal(t[-1].numpy(), a[len(a) - 1])  # last sample
    np.testing.assert_array_equal(t[:, 0].numpy(), np.array([row[0] for row in a]))  # first value of each
    assert shown["t[0]"] == str(t[0])
    assert shown["t[-1]"] == str(t[-1])
    assert shown["t[1, 2]"] == str(t[1, 2]) and t[1, 2].item() == a[1][2]
    assert shown["t[:2]"] == str(torch.Size(a[:2].shape)) == str(torch.Size([2, a.shape[1]]))
    assert shown["t[:, 0]"] == str(t[:, 0])
    assert shown["t[:, 1:3]"] == str(torch.Size(a[:, 1:3].shape))
    images = ns["images"]
    assert shown["images[0]"] == str(images[0].shape) == str(torch.Size(images.shape[1:]))
    assert shown["images[:, 0, :]"] == str(torch.Size(images.numpy()[:, 0, :].shape))
    # the table: images are (batch, height, width), so images[:, 0, :] is the first row of
    # every image and leaves the batch and width axes
    assert tuple(images[:, 0, :].shape) == (images.shape[0], images.shape[2])


def test_t_1_2_and_t_colon_0_are_numpy_syntax_not_python_lists():
    """Backs "t[1, 2] and t[:, 0] are NumPy's syntax; a Python list of lists needs t[1][2]"."""
    rows = [[0.1, 0.2, 0.3], [1.1, 1.2, 1.3]]
    with pytest.raises(TypeError):
        rows[1, 2]
    with pytest.raises(TypeError):
        rows[:, 0]
    assert rows[1][2] == np.array(rows)[1, 2] == pytest.approx(torch.tensor(rows)[1, 2].item())


DTYPES = "tensors/dtypes.py"


def test_dtypes_printed_are_the_real_ones(snippet, run_module):
    """Backs the dtype section: float literals give float32, integers int64; dtype= sets
    it; .long() and .float() convert (a float to an integer drops the fraction, toward 0);
    mixing int64 and float32 gives float32."""
    ns = run_module(DTYPES)
    out = snippet(DTYPES).stdout
    assert ns["floats"].dtype == torch.float32 and ns["ints"].dtype == torch.int64
    assert "torch.tensor([1.0, 2.0, 3.0]).dtype: torch.float32\n" in out
    assert "torch.tensor([1, 2, 3]).dtype:       torch.int64\n" in out
    assert ns["x"].dtype == torch.float32
    assert ns["passed"].dtype == torch.bool
    assert ns["passed"].long().dtype == torch.int64 and ns["passed"].float().dtype == torch.float32
    assert torch.tensor([1.7, -1.7]).long().tolist() == [int(v) for v in (1.7, -1.7)] == [1, -1]
    assert (ns["ints"] + ns["floats"]).dtype == torch.float32
    assert "(ints + floats).dtype: torch.float32" in out


def test_bce_needs_float_labels_and_the_page_shows_the_real_error(snippet, run_module):
    """Backs "BCE refuses int64 labels; the error above is what this torch says" and "with
    float labels it computes the cost", checked against numpy's BCE."""
    ns = run_module(DTYPES)
    out = snippet(DTYPES).stdout
    import torch.nn.functional as F

    with pytest.raises(RuntimeError) as error:
        F.binary_cross_entropy(ns["probabilities"], ns["labels"])
    assert f"int64 labels   -> RuntimeError: {error.value}\n" in out
    with pytest.raises(RuntimeError) as error:
        ns["passed"].mean()
    assert f"RuntimeError: {error.value}\n" in out
    p, y = np.array([0.9, 0.2]), np.array([1.0, 0.0])
    expected = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    assert ns["bce"].item() == pytest.approx(expected, rel=1e-6)
    assert f"float32 labels -> {ns['bce']!s}" in out


def test_shapes_figure_draws_each_tensors_real_shape(snippet, run_module):
    result = snippet("tensors/shapes_figure.py")
    assert len(result.figures) == 1
    figure = result.figures[0]
    assert figure.alt["en"] == "Tensors from 0D to 3D and their shapes"
    assert figure.alt["ko"] != figure.alt["en"]
    ns = run_module("tensors/shapes_figure.py")
    assert [t.dim() for _, t in ns["tensors"]] == [0, 1, 2, 3]
    for ax, (kind, t) in zip(ns["axes"].flat, ns["tensors"]):
        texts = {text.get_text() for text in ax.texts}
        assert ax.get_title() == f"{kind}, dim() = {t.dim()}"
        assert f"shape = {tuple(t.shape)}" in texts
        # one label per axis, with that axis's length; a scalar has none
        assert {f"axis {i} = {n}" for i, n in enumerate(t.shape)} == {s for s in texts if s.startswith("axis")}
        # one box per element
        assert len(ax.patches) == t.numel()
