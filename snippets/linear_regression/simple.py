import matplotlib.pyplot as plt
import torch
import torch.optim as optim

# Training data: y = 2x
x_train = torch.tensor([[1], [2], [3]], dtype=torch.float32)
y_train = torch.tensor([[2], [4], [6]], dtype=torch.float32)

# Weight W and bias b: start at 0, training changes them
W = torch.zeros(1, requires_grad=True)  # shape (1,)
b = torch.zeros(1, requires_grad=True)

optimizer = optim.SGD([W, b], lr=0.01)

nb_epochs = 2000
costs = []
for epoch in range(nb_epochs + 1):
    # Hypothesis H(x) = Wx + b
    hypothesis = x_train * W + b

    # Cost: mean squared error (MSE)
    cost = torch.mean((hypothesis - y_train) ** 2)
    costs.append(cost.item())

    # Every 100 epochs: the W and b this cost comes from (before the update)
    if epoch % 100 == 0:
        print(f"Epoch {epoch:4d}/{nb_epochs} W: {W.item():.3f},"
              f" b: {b.item():.3f} Cost: {cost.item():.6f}")

    optimizer.zero_grad()  # reset the gradients to 0
    cost.backward()        # differentiate the cost with respect to W and b
    optimizer.step()       # update W and b

# The values after the last update
print(f"after training: W = {W.item():.3f}, b = {b.item():.3f}")

# The data and the fitted line
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

# The cost over the epochs
plt.figure(figsize=(6, 4))
plt.plot(costs)
plt.yscale("log")
plt.xlabel("Epoch")
plt.ylabel("Cost (MSE, log scale)")
plt.title("Cost over the epochs")

plt.show()  # show the figures in a window
