import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

# Scores (logits) of 3 samples for 3 classes: the raw values a model outputs
z = torch.tensor([[2.0, 1.0, -1.0],
                  [0.5, 2.5, 0.3],
                  [1.2, 0.2, 3.0]], dtype=torch.float32)
y = torch.tensor([0, 2, 2])  # the correct classes (class indices)

# One-hot encoding: 1 only at the correct class
y_one_hot = F.one_hot(y, num_classes=3).float()
print("one-hot:")
print(y_one_hot)

# Softmax: exp(z_i) / sum_j exp(z_j), row by row
hypothesis = torch.exp(z) / torch.exp(z).sum(dim=1, keepdim=True)
print("softmax by hand:")
print(hypothesis)
print("same as F.softmax:", torch.allclose(hypothesis, F.softmax(z, dim=1)))
print("row sums:", hypothesis.sum(dim=1))

# Cross-entropy: the mean of -log of the correct class's probability
cost_by_hand = (y_one_hot * -torch.log(hypothesis)).sum(dim=1).mean()
print(f"by hand:          {cost_by_hand.item():.6f}")
# F.cross_entropy takes logits (before the softmax) and class indices
cost = F.cross_entropy(z, y)
print(f"F.cross_entropy:  {cost.item():.6f}")
# The same in two steps: log softmax, then negative log likelihood
cost_nll = F.nll_loss(F.log_softmax(z, dim=1), y)
print(f"F.nll_loss(F.log_softmax): {cost_nll.item():.6f}")

# The first sample: scores and probabilities
classes = [0, 1, 2]
fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3.5))
left.bar(classes, z[0].tolist(), color="tab:gray")
left.set_title("Scores z (logits)")
left.set_xticks(classes)
left.set_xlabel("Class")
right.bar(classes, hypothesis[0].tolist(), color="tab:orange")
right.set_title("Softmax: probabilities, sum 1")
right.set_xticks(classes)
right.set_xlabel("Class")
right.set_ylim(0, 1)
fig.suptitle("Softmax turns scores into probabilities (first sample)")
fig.tight_layout()

plt.show()  # show the figures in a window
