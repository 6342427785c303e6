import matplotlib.pyplot as plt
import torch

# dtype=torch.float32: 32비트 실수(32-bit float), 옛 코드의 torch.FloatTensor
x_train = torch.tensor([1, 2, 3], dtype=torch.float32)
y_train = torch.tensor([2, 4, 6], dtype=torch.float32)


def cost(W):
    # b = 0으로 두고 W만 본다 (b fixed at 0, only W varies)
    return torch.mean((x_train * W - y_train) ** 2)


# 여러 W에서의 비용: W에 대한 2차 함수 (the cost is a quadratic in W)
Ws = torch.linspace(-2.5, 7, 191)
costs = torch.stack([cost(w) for w in Ws])


def descend(lr, steps):
    """W = 0에서 시작해 경사 하강법으로 W를 갱신하며 지나간 점을 기록한다."""
    W = torch.zeros(1, requires_grad=True)
    path = []
    for _ in range(steps + 1):
        c = cost(W)
        path.append((W.item(), c.item()))
        c.backward()  # W.grad = d cost / d W
        with torch.no_grad():
            W -= lr * W.grad  # W := W - lr * gradient
        W.grad.zero_()
    return path


for lr in (0.01, 0.1, 0.2, 0.25):
    path = descend(lr, steps=10)
    print(f"lr = {lr}")
    for step, (w, c) in enumerate(path[:4]):
        print(f"  step {step:2d}  W = {w:6.3f}  cost = {c:8.4f}")
    w, c = path[-1]
    print(f"  step {len(path) - 1:2d}  W = {w:6.3f}  cost = {c:8.4f}")

# 비용 곡선과 네 학습률의 경로 (the cost curve and the four paths)
learning_rates = {0.01: "tab:blue", 0.1: "tab:green", 0.2: "tab:orange",
                  0.25: "tab:red"}
plt.figure(figsize=(9, 4.8))
plt.plot(Ws, costs, color="gray", label="cost(W)")
for lr, color in learning_rates.items():
    path = descend(lr, steps=10)
    plt.plot([w for w, _ in path], [c for _, c in path], "o-", color=color,
             markersize=4, label=f"gradient descent, lr = {lr}")
# lr = 0.25의 뒤쪽 걸음은 그림 밖으로 나간다 (its later steps leave the chart)
plt.xlim(-2.5, 7)
plt.ylim(0, 110)
plt.axvline(2, color="black", linestyle=":", linewidth=1)
plt.xlabel("W")
plt.ylabel("cost(W)")
plt.title("Cost as a function of W, and the steps of gradient descent")
plt.legend(loc="upper left", bbox_to_anchor=(1.02, 1))  # 그림 밖에
plt.tight_layout()

plt.show()  # 창에 그림 띄우기 (show the figures)
