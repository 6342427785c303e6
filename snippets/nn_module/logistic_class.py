import matplotlib.pyplot as plt
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim

# Training data: 6 samples, 2 features, labels 0 or 1
x_train = torch.tensor([[1, 2], [2, 3], [3, 1], [4, 3], [5, 3], [6, 2]],
                       dtype=torch.float32)
y_train = torch.tensor([[0], [0], [0], [1], [1], [1]], dtype=torch.float32)


class BinaryClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(2, 1)  # Wx + b
        self.sigmoid = nn.Sigmoid()    # squash into 0..1

    def forward(self, x):
        return self.sigmoid(self.linear(x))


def train(model, nb_epochs=1000):
    """Train by gradient descent; return the cost of each epoch."""
    optimizer = optim.SGD(model.parameters(), lr=1)
    costs = []
    for epoch in range(nb_epochs + 1):
        hypothesis = model(x_train)
        cost = F.binary_cross_entropy(hypothesis, y_train)
        costs.append(cost.item())

        optimizer.zero_grad()
        cost.backward()
        optimizer.step()
    return costs


# The model as a class
torch.manual_seed(1)
model = BinaryClassifier()
costs_class = train(model)

# The previous chapter's nn.Sequential model, from the same seed
torch.manual_seed(1)
sequential = nn.Sequential(nn.Linear(2, 1), nn.Sigmoid())
costs_sequential = train(sequential)

for (name, p), q in zip(model.named_parameters(), sequential.parameters()):
    print(name)
    print("  class:     ", p.data)
    print("  Sequential:", q.data)
same = all(torch.equal(p, q) for p, q in
           zip(model.parameters(), sequential.parameters()))
print("same parameters:", same)
print(f"cost after epoch 1000: {costs_class[-1]:.6f}")

plt.figure(figsize=(6, 4))
plt.plot(costs_sequential, linewidth=4, color="0.75", label="nn.Sequential")
every = range(0, len(costs_class), 25)  # a point every 25 epochs
plt.plot(every, [costs_class[e] for e in every], "o", markersize=4,
         color="tab:red", label="class BinaryClassifier(nn.Module)")
plt.yscale("log")
plt.xlabel("Epoch")
plt.ylabel("Cost (BCE, log scale)")
plt.title("Same seed, same training: two ways to write one model")
plt.legend()

plt.show()  # show the figures in a window
