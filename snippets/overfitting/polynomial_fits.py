import math

import matplotlib.pyplot as plt
import torch
from matplotlib.ticker import FormatStrFormatter

torch.manual_seed(2)


def true_curve(x):
    """The smooth curve behind the data"""
    return torch.sin(math.pi * x)


# Noisy samples: 15 for training, 30 for validation
# float64: accurate at high degree too
noise = 0.2
x_train = torch.linspace(-1, 1, 15, dtype=torch.float64)
y_train = true_curve(x_train) + noise * torch.randn(15, dtype=torch.float64)
x_val = torch.rand(30, dtype=torch.float64) * 2 - 1
y_val = true_curve(x_val) + noise * torch.randn(30, dtype=torch.float64)


def features(x, degree):
    """Features [1, x, x^2, ..., x^degree], shape (n, degree + 1)"""
    # x is in [-1, 1], so its powers stay in [-1, 1] too
    return torch.stack([x**k for k in range(degree + 1)], dim=1)


def fit(degree):
    """The coefficients with the least training MSE (least squares)"""
    X = features(x_train, degree)
    # driver="gelsd": the SVD solver, the same answer on every run
    return torch.linalg.lstsq(X, y_train.unsqueeze(1), driver="gelsd").solution


def mse(w, x, y):
    """Mean squared error (MSE)"""
    prediction = (features(x, len(w) - 1) @ w).squeeze(1)
    return torch.mean((prediction - y) ** 2).item()


# A low, a fitting and a high degree
degrees = [1, 3, 12]
models = {d: fit(d) for d in degrees}
train_loss = {d: mse(models[d], x_train, y_train) for d in degrees}
val_loss = {d: mse(models[d], x_val, y_val) for d in degrees}

print("degree  train MSE  validation MSE")
for d in degrees:
    print(f"{d:6d}  {train_loss[d]:9.4f}  {val_loss[d]:14.4f}")

# Figure 1: the three models' curves and the data
xs = torch.linspace(-1, 1, 400, dtype=torch.float64)
fig, axes = plt.subplots(1, 3, figsize=(9, 3.8), sharey=True)
for ax, d in zip(axes, degrees):
    curve = (features(xs, d) @ models[d]).squeeze(1)
    ax.plot(xs, true_curve(xs), "--", color="gray", label="True curve")
    ax.plot(xs, curve, color="tab:blue", label="Model")
    ax.scatter(x_train, y_train, color="tab:orange", zorder=3,
               label="Training data")
    ax.scatter(x_val, y_val, color="tab:green", marker="x", zorder=3,
               label="Validation data")
    ax.set_ylim(-2, 2)
    ax.set_xlabel("x")
    ax.set_title(f"Degree {d}")
axes[0].set_ylabel("y")
handles, names = axes[0].get_legend_handles_labels()
fig.legend(handles, names, loc="lower center", ncol=4)
fig.suptitle("Polynomial models of degree 1, 3 and 12 on the same data")
fig.tight_layout(rect=(0, 0.08, 1, 1))

# Figure 2: the two losses over the degree
all_degrees = list(range(0, 14))
sweep = [fit(d) for d in all_degrees]
sweep_train = [mse(w, x_train, y_train) for w in sweep]
sweep_val = [mse(w, x_val, y_val) for w in sweep]
plt.figure(figsize=(6.4, 4))
plt.plot(all_degrees, sweep_train, marker="o", label="Training loss")
plt.plot(all_degrees, sweep_val, marker="s", label="Validation loss")
plt.yscale("log")
plt.gca().yaxis.set_major_formatter(FormatStrFormatter("%g"))  # 0.01, 0.1, 1
plt.xlabel("Polynomial degree")
plt.ylabel("MSE (log scale)")
plt.title("Training and validation loss over the polynomial degree")
plt.legend()

plt.show()  # show the figures in a window
