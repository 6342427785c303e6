import math

import matplotlib.pyplot as plt
import torch
from matplotlib.ticker import FormatStrFormatter

torch.manual_seed(2)


def true_curve(x):
    """데이터 뒤에 숨은 매끄러운 곡선 (the smooth curve)"""
    return torch.sin(math.pi * x)


# 잡음(noise)이 섞인 샘플: 훈련 15개, 검증 30개
# float64: 높은 차수에서도 계산이 정확하도록 (accurate at high degree)
noise = 0.2
x_train = torch.linspace(-1, 1, 15, dtype=torch.float64)
y_train = true_curve(x_train) + noise * torch.randn(15, dtype=torch.float64)
x_val = torch.rand(30, dtype=torch.float64) * 2 - 1
y_val = true_curve(x_val) + noise * torch.randn(30, dtype=torch.float64)


def features(x, degree):
    """특성(feature) [1, x, x^2, ..., x^degree], 크기(shape) (n, degree + 1)"""
    # x가 [-1, 1] 안이므로 거듭제곱도 [-1, 1] 안에 머문다 (scaled features)
    return torch.stack([x**k for k in range(degree + 1)], dim=1)


def fit(degree):
    """훈련 MSE를 최소로 하는 계수 (least squares, closed form)"""
    X = features(x_train, degree)
    return torch.linalg.lstsq(X, y_train.unsqueeze(1)).solution


def mse(w, x, y):
    """평균 제곱 오차(MSE)"""
    prediction = (features(x, len(w) - 1) @ w).squeeze(1)
    return torch.mean((prediction - y) ** 2).item()


# 낮은 차수, 알맞은 차수, 높은 차수 (low, fitting and high degree)
degrees = [1, 3, 12]
models = {d: fit(d) for d in degrees}
train_loss = {d: mse(models[d], x_train, y_train) for d in degrees}
val_loss = {d: mse(models[d], x_val, y_val) for d in degrees}

print("degree  train MSE  validation MSE")
for d in degrees:
    print(f"{d:6d}  {train_loss[d]:9.4f}  {val_loss[d]:14.4f}")

# 그림 1: 세 모델의 곡선과 데이터 (figure 1: the three fits)
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

# 그림 2: 차수에 따른 두 손실 (figure 2: the losses over the degree)
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

plt.show()  # 창에 그림 띄우기 (show the figures)
