import copy

import torch
import torch.nn as nn
import torch.optim as optim

torch.manual_seed(1)

# The same training data as before: six samples
x_data = [[1, 2], [2, 3], [3, 1], [4, 3], [5, 3], [6, 2]]
y_data = [[0], [0], [0], [1], [1], [1]]
x_train = torch.tensor(x_data, dtype=torch.float32)
y_train = torch.tensor(y_data, dtype=torch.float32)

# 1) The model so far: a linear layer + sigmoid, with nn.BCELoss
with_sigmoid = nn.Sequential(nn.Linear(2, 1), nn.Sigmoid())
# 2) The linear layer alone: it outputs Wx + b (the logit) as it is;
#    nn.BCEWithLogitsLoss computes the sigmoid and the BCE in one step
logits_only = copy.deepcopy(with_sigmoid[0])  # the same W, b to start from

bce = nn.BCELoss()
bce_with_logits = nn.BCEWithLogitsLoss()
opt_1 = optim.SGD(with_sigmoid.parameters(), lr=1)
opt_2 = optim.SGD(logits_only.parameters(), lr=1)

print("epoch  BCELoss   BCEWithLogitsLoss")
for epoch in range(1000 + 1):
    cost_1 = bce(with_sigmoid(x_train), y_train)
    cost_2 = bce_with_logits(logits_only(x_train), y_train)
    if epoch % 200 == 0:
        print(f"{epoch:5d}  {cost_1.item():.6f}  {cost_2.item():.6f}")
    for optimizer, cost in ((opt_1, cost_1), (opt_2, cost_2)):
        optimizer.zero_grad()
        cost.backward()
        optimizer.step()

models = {"with sigmoid": with_sigmoid[0], "logits only ": logits_only}
for name, linear in models.items():
    W, b = linear.weight.detach(), linear.bias.detach()
    print(f"{name}: W = {W}, b = {b}")

# For probabilities, apply the sigmoid to the logits
with torch.no_grad():
    probability = torch.sigmoid(logits_only(x_train)).squeeze(1)
print("H(x):", [round(p, 4) for p in probability.tolist()])

# Large logits: the sigmoid first rounds them to 1.0
z = torch.tensor([20.0, 40.0])
y = torch.tensor([0.0, 0.0])
print("sigmoid(z):", torch.sigmoid(z))
# reduction="none": one cost per sample, no mean
per_sample_bce = nn.BCELoss(reduction="none")
per_sample_logits = nn.BCEWithLogitsLoss(reduction="none")
print("BCELoss(sigmoid(z), y):   ", per_sample_bce(torch.sigmoid(z), y))
print("BCEWithLogitsLoss(z, y):  ", per_sample_logits(z, y))
