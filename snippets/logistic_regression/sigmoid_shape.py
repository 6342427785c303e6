import matplotlib.pyplot as plt
import torch


def sigmoid(z):
    # Sigmoid function: 1 / (1 + e^(-z))
    return 1 / (1 + torch.exp(-z))


x = torch.arange(-120, 121) / 20  # -6 to 6 in steps of 0.05
same = torch.allclose(sigmoid(x), torch.sigmoid(x))
print("same as torch.sigmoid:", same)


def slope_at(W, b, x0):
    # Slope of H(x) = sigmoid(Wx + b) at x0, by autograd
    x0 = torch.tensor(x0, requires_grad=True)
    sigmoid(W * x0 + b).backward()
    return x0.grad.item()


# 1) W grows, b = 0
Ws = [0.5, 1.0, 2.0]
plt.figure(figsize=(6, 4))
for W in Ws:
    plt.plot(x, sigmoid(W * x), label=f"W = {W}")
    slope = slope_at(W, 0.0, 0.0)
    print(f"W = {W}, b = 0: slope at the center x = 0 is {slope:.3f}")
plt.axhline(0.5, color="gray", linestyle=":")
plt.xlabel("x")
plt.ylabel("H(x)")
plt.title("Larger W, steeper sigmoid (b = 0)")
plt.legend()

# 2) b changes, W = 1
W = 1.0
bs = [-2, 0, 2]
plt.figure(figsize=(6, 4))
for b in bs:
    H = sigmoid(W * x + b)
    center = x[torch.argmin(torch.abs(H - 0.5))].item()  # the x where H = 0.5
    line = plt.plot(x, H, label=f"b = {b}")[0]
    plt.plot([center], [0.5], "o", color=line.get_color())
    print(f"W = {W}, b = {b:2}: H = 0.5 at x = {center:5.2f}"
          f"  (-b/W = {-b / W:5.2f})")
plt.axhline(0.5, color="gray", linestyle=":")
plt.xlabel("x")
plt.ylabel("H(x)")
plt.title("Changing b shifts the sigmoid (W = 1)")
plt.legend()

plt.show()  # show the figures in a window
