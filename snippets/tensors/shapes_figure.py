import matplotlib.pyplot as plt
from matplotlib.patches import Rectangle
import torch

# Tensors from 0D to 3D
tensors = [
    ("0D: scalar", torch.tensor(7.0)),
    ("1D: vector", torch.zeros(4)),
    ("2D: matrix", torch.zeros(3, 5)),
    ("3D: tensor", torch.zeros(2, 3, 4)),
]
STEP = 0.7  # offset of the layers behind

fig, axes = plt.subplots(2, 2, figsize=(9, 6.6))
for ax, (kind, t) in zip(axes.flat, tensors):
    shape = tuple(t.shape)
    # Pad the shape to (layers, rows, columns) with leading 1s
    layers, rows, cols = (1,) * (3 - t.dim()) + shape
    left, top = 3.0 - cols / 2, rows / 2 - 0.5
    for k in reversed(range(layers)):  # back layers first
        color = ["#fdd0a2", "#fd8d3c"][k % 2]
        for r in range(rows):
            for c in range(cols):
                xy = (left + STEP * k + c, top + STEP * k - r - 1)
                ax.add_patch(Rectangle(xy, 1, 1, facecolor=color,
                                       edgecolor="black", linewidth=1.2))
    # Label each axis with its number and length
    names = ["layers", "rows", "columns"][3 - t.dim():]
    for axis, name in enumerate(names):
        label = f"axis {axis} = {shape[axis]}"
        if name == "columns":
            x, y, ha = left + cols / 2, top - rows - 0.6, "center"
        elif name == "rows":
            x, y, ha = left - 0.3, top - rows / 2, "right"
        else:
            x, y, ha = left - 0.3, top + STEP * (layers - 1) + 0.3, "right"
        ax.text(x, y, label, ha=ha, va="center", fontsize=12)
    if t.dim() == 0:
        ax.text(left + 0.5, top - 1.6, "no axes", ha="center", fontsize=12)
    ax.set_xlim(-3, 8.5)
    ax.set_ylim(-4.6, 2.6)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(f"{kind}, dim() = {t.dim()}", fontsize=13)
    ax.text(2.75, -4.0, f"shape = {shape}", ha="center", fontsize=13)

fig.suptitle("Tensors from 0D to 3D and their shapes", fontsize=15)
fig.tight_layout(h_pad=3)

plt.show()  # show the figures in a window
