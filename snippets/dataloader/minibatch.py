import matplotlib.pyplot as plt
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim
from torch.utils.data import DataLoader, TensorDataset

x_train = torch.tensor([[73, 80, 75],
                        [93, 88, 93],
                        [89, 91, 90],
                        [96, 98, 100],
                        [73, 66, 70]], dtype=torch.float32)
y_train = torch.tensor([[152], [185], [180], [196], [142]],
                       dtype=torch.float32)

# Standardization: mean 0 and standard deviation 1 for each feature
x_train = (x_train - x_train.mean(dim=0)) / x_train.std(dim=0)
dataset = TensorDataset(x_train, y_train)


def train(batch_size, nb_epochs=100):
    """Train in batches of batch_size; record the full-data cost per update."""
    torch.manual_seed(1)  # both models start from the same parameters
    model = nn.Linear(3, 1)
    optimizer = optim.SGD(model.parameters(), lr=0.1)
    generator = torch.Generator().manual_seed(0)
    dataloader = DataLoader(dataset, batch_size=batch_size, shuffle=True,
                            generator=generator)
    costs = []  # the cost on all the data after each iteration
    for epoch in range(1, nb_epochs + 1):
        for batch_idx, (x_batch, y_batch) in enumerate(dataloader, 1):
            cost = F.mse_loss(model(x_batch), y_batch)  # this batch's cost

            optimizer.zero_grad()
            cost.backward()
            optimizer.step()

            with torch.no_grad():
                costs.append(F.mse_loss(model(x_train), y_train).item())
            if epoch % 25 == 0:
                print(f"Epoch {epoch:3d}/{nb_epochs}"
                      f" Batch {batch_idx}/{len(dataloader)}"
                      f" Cost: {cost.item():.6f}")
    return model, costs


print("full batch (batch_size=5)")
full_model, full_costs = train(batch_size=5)
print("mini-batches (batch_size=2)")
mini_model, mini_costs = train(batch_size=2)

print("iterations: full batch", len(full_costs),
      "| mini-batches", len(mini_costs))

# Least squares: the lowest-cost linear model, solved in closed form
A = torch.cat([x_train, torch.ones(len(x_train), 1)], dim=1)  # [x, 1]
# driver="gelsd": the SVD solver, the same answer on every run
solution = torch.linalg.lstsq(A, y_train,
                              driver="gelsd").solution  # (w1, w2, w3, b)
models = {"full batch": full_model, "mini-batches": mini_model}
with torch.no_grad():
    for name, model in models.items():
        cost = F.mse_loss(model(x_train), y_train).item()
        prediction = model(x_train).squeeze(1)
        print(f"{name}: cost on all data {cost:.4f}")
        print(f"  predictions {[round(p, 1) for p in prediction.tolist()]}")
best = A @ solution
best_cost = F.mse_loss(best, y_train).item()
print(f"least squares: cost on all data {best_cost:.4f}")
print(f"  predictions {[round(p, 1) for p in best.squeeze(1).tolist()]}")

plt.figure(figsize=(7, 4.5))
plt.plot(range(1, len(full_costs) + 1), full_costs,
         label="Full batch: 1 iteration per epoch")
plt.plot(range(1, len(mini_costs) + 1), mini_costs, alpha=0.8,
         label="Mini-batches of 2: 3 iterations per epoch")
plt.axhline(best_cost, color="black", linestyle=":",
            label="Least squares: the lowest cost")
plt.yscale("log")
plt.xlabel("Iteration (parameter update)")
plt.ylabel("Cost on all 5 samples (MSE, log scale)")
plt.title("Cost over iterations: full batch vs mini-batches")
plt.legend()

plt.show()  # show the figures in a window
