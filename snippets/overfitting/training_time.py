import copy
import math

import matplotlib.pyplot as plt
import torch
import torch.nn as nn
from matplotlib.ticker import FormatStrFormatter

# 앞의 예제와 같은 데이터: 훈련 15개, 검증 30개 (the same data as before)
torch.manual_seed(2)
noise = 0.2
x_train = torch.linspace(-1, 1, 15, dtype=torch.float64)
y_train = torch.sin(math.pi * x_train) + noise * torch.randn(15, dtype=torch.float64)
x_val = torch.rand(30, dtype=torch.float64) * 2 - 1
y_val = torch.sin(math.pi * x_val) + noise * torch.randn(30, dtype=torch.float64)


def features(x, degree=12):
    """르장드르 다항식(Legendre polynomial) P_1(x), ..., P_12(x): 크기(shape) (n, 12)"""
    # x^k와 같은 12차 다항식을 만들지만, 경사 하강법이 훨씬 빨리 수렴한다
    # (the same degree-12 polynomials as x^k, but gradient descent converges fast)
    columns = [torch.special.legendre_polynomial_p(x, k) for k in range(1, degree + 1)]
    return torch.stack(columns, dim=1).float()


X_train, X_val = features(x_train), features(x_val)
Y_train, Y_val = y_train.float().unsqueeze(1), y_val.float().unsqueeze(1)

# 12차 다항식 모델 H(x) = b + w_1 P_1(x) + ... + w_12 P_12(x), 0에서 시작
model = nn.Linear(12, 1)
nn.init.zeros_(model.weight)
nn.init.zeros_(model.bias)
optimizer = torch.optim.SGD(model.parameters(), lr=0.5)

epochs = 1000
train_losses, val_losses = [], []
best_val, best_epoch, best_state = math.inf, 0, None
print("epoch  train MSE  validation MSE")
for epoch in range(epochs + 1):
    # 갱신하기 전의 모델로 두 손실을 잰다 (both losses of the model before the update)
    train_loss = torch.mean((model(X_train) - Y_train) ** 2)
    with torch.no_grad():
        val_loss = torch.mean((model(X_val) - Y_val) ** 2).item()
    train_losses.append(train_loss.item())
    val_losses.append(val_loss)

    # 조기 종료(early stopping): 검증 손실이 가장 낮았던 모델을 남겨 둔다
    if val_loss < best_val:
        best_val, best_epoch = val_loss, epoch
        best_state = copy.deepcopy(model.state_dict())

    if epoch in (0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000):
        print(f"{epoch:5d}  {train_loss.item():9.4f}  {val_loss:14.4f}")

    optimizer.zero_grad()
    train_loss.backward()
    optimizer.step()

print(f"lowest validation loss at epoch {best_epoch}:"
      f" train {train_losses[best_epoch]:.4f}, validation {best_val:.4f}")
model.load_state_dict(best_state)  # 조기 종료로 남긴 모델 (the model kept)

# 에포크에 따른 두 손실 (both losses over the epochs), x축은 로그 눈금
epoch_axis = range(1, epochs + 1)  # 로그 눈금에는 0이 없어 에포크 1부터
plt.figure(figsize=(6.4, 4))
plt.plot(epoch_axis, train_losses[1:], label="Training loss")
plt.plot(epoch_axis, val_losses[1:], label="Validation loss")
plt.axvline(best_epoch, color="gray", linestyle="--",
            label=f"Lowest validation loss (epoch {best_epoch})")
plt.xscale("log")
plt.yscale("log")
plt.gca().xaxis.set_major_formatter(FormatStrFormatter("%g"))  # 1, 10, 100
plt.gca().yaxis.set_major_formatter(FormatStrFormatter("%g"))
plt.xlabel("Epoch (log scale)")
plt.ylabel("MSE (log scale)")
plt.title("Training and validation loss over the epochs")
plt.legend(loc="lower left")

plt.show()  # 창에 그림 띄우기 (show the figures)
