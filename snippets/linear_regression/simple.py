import matplotlib.pyplot as plt
import torch
import torch.optim as optim

# 훈련 데이터(training data): y = 2x
x_train = torch.tensor([[1], [2], [3]], dtype=torch.float32)
y_train = torch.tensor([[2], [4], [6]], dtype=torch.float32)

# 가중치(weight) W와 편향(bias) b: 0에서 시작, 학습으로 바뀌는 값
W = torch.zeros(1, requires_grad=True)  # shape (1,)
b = torch.zeros(1, requires_grad=True)

optimizer = optim.SGD([W, b], lr=0.01)

nb_epochs = 2000
costs = []
for epoch in range(nb_epochs + 1):
    # 가설(hypothesis) H(x) = Wx + b
    hypothesis = x_train * W + b

    # 비용(cost): 평균 제곱 오차(MSE)
    cost = torch.mean((hypothesis - y_train) ** 2)
    costs.append(cost.item())

    # 100 에포크마다 기록: 이 비용을 계산한 W, b (갱신하기 전의 값)
    # (log the W and b this cost was computed with, before the update)
    if epoch % 100 == 0:
        print(f"Epoch {epoch:4d}/{nb_epochs} W: {W.item():.3f},"
              f" b: {b.item():.3f} Cost: {cost.item():.6f}")

    optimizer.zero_grad()  # 기울기(gradient)를 0으로 초기화
    cost.backward()        # 비용을 W, b로 미분
    optimizer.step()       # W, b 갱신

# 마지막 갱신까지 마친 값 (after the last update)
print(f"after training: W = {W.item():.3f}, b = {b.item():.3f}")

# 데이터와 학습된 직선 (data and the fitted line)
w, c = W.item(), b.item()
xs = torch.linspace(0, 4, 50)
plt.figure(figsize=(6, 4))
plt.scatter(x_train.squeeze(), y_train.squeeze(), color="tab:orange",
            zorder=3, label="Training data")
plt.plot(xs, w * xs + c, label=f"Fitted line: H(x) = {w:.3f}x + {c:.3f}")
plt.xlabel("x")
plt.ylabel("y")
plt.title("Training data and the fitted line")
plt.legend()

# 에포크에 따른 비용 (cost over the epochs)
plt.figure(figsize=(6, 4))
plt.plot(costs)
plt.yscale("log")
plt.xlabel("Epoch")
plt.ylabel("Cost (MSE, log scale)")
plt.title("Cost over the epochs")

plt.show()  # 창에 그림 띄우기 (show the figures)
