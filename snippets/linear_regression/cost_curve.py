import matplotlib.pyplot as plt
import torch

# dtype=torch.float32: 32-bit floats (torch.FloatTensor in older code)
x_train = torch.tensor([1, 2, 3], dtype=torch.float32)
y_train = torch.tensor([2, 4, 6], dtype=torch.float32)


def cost(W):
    # b fixed at 0, only W varies
    return torch.mean((x_train * W - y_train) ** 2)


# The cost at many values of W: a quadratic in W
Ws = torch.linspace(-2.5, 7, 191)
costs = torch.stack([cost(w) for w in Ws])


def descend(lr, steps):
    """Gradient descent on W from W = 0, recording each point it passes."""
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

# The cost curve and the paths of the four learning rates
learning_rates = {0.01: "tab:blue", 0.1: "tab:green", 0.2: "tab:orange",
                  0.25: "tab:red"}
plt.figure(figsize=(9, 4.8))
plt.plot(Ws, costs, color="gray", label="cost(W)")
for lr, color in learning_rates.items():
    path = descend(lr, steps=10)
    plt.plot([w for w, _ in path], [c for _, c in path], "o-", color=color,
             markersize=4, label=f"gradient descent, lr = {lr}")
# lr = 0.25: its later steps leave the chart
plt.xlim(-2.5, 7)
plt.ylim(0, 110)
plt.axvline(2, color="black", linestyle=":", linewidth=1)
plt.xlabel("W")
plt.ylabel("cost(W)")
plt.title("Cost as a function of W, and the steps of gradient descent")
plt.legend(loc="upper left", bbox_to_anchor=(1.02, 1))  # outside the axes
plt.tight_layout()

plt.show()  # show the figures in a window
