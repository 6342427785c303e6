import matplotlib.pyplot as plt
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim
from sklearn.datasets import load_digits
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(1)

# 1797 handwritten 8x8 digits, shipped with scikit-learn (no download)
digits = load_digits()
X = torch.tensor(digits.data, dtype=torch.float32) / 16  # pixels 0..16 -> 0..1
y = torch.tensor(digits.target, dtype=torch.long)        # classes 0..9
print("X:", tuple(X.shape), " y:", tuple(y.shape))

# A random split: 75% training data, 25% test data
order = torch.randperm(len(X))
n_train = int(len(X) * 0.75)
train_idx, test_idx = order[:n_train], order[n_train:]
X_train, y_train = X[train_idx], y[train_idx]
X_test, y_test = X[test_idx], y[test_idx]
print("training:", len(X_train), " test:", len(X_test))


class SoftmaxClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(64, 10)  # 64 pixels -> 10 class scores

    def forward(self, x):
        return self.linear(x)  # logits: the loss applies the softmax


model = SoftmaxClassifier()
optimizer = optim.SGD(model.parameters(), lr=0.5)
generator = torch.Generator().manual_seed(0)  # a fixed shuffling order
dataloader = DataLoader(TensorDataset(X_train, y_train), batch_size=64,
                        shuffle=True, generator=generator)

nb_epochs = 20
for epoch in range(1, nb_epochs + 1):
    model.train()
    for x_batch, y_batch in dataloader:
        cost = F.cross_entropy(model(x_batch), y_batch)
        optimizer.zero_grad()
        cost.backward()
        optimizer.step()
    if epoch % 5 == 0:
        model.eval()
        with torch.no_grad():
            train_cost = F.cross_entropy(model(X_train), y_train).item()
            test_cost = F.cross_entropy(model(X_test), y_test).item()
        print(f"Epoch {epoch:2d}/{nb_epochs} training cost: {train_cost:.4f}"
              f" test cost: {test_cost:.4f}")

# Evaluate on the test data: the class with the highest score is the prediction
model.eval()
with torch.no_grad():
    y_pred = model(X_test).argmax(dim=1)

# Confusion matrix: rows are the actual classes, columns the predicted ones
k = 10
confusion = torch.zeros(k, k, dtype=torch.long)
for t, p in zip(y_test, y_pred):
    confusion[t, p] += 1
print("confusion matrix (rows: true, columns: predicted)")
print(confusion)

# Precision, recall and F1 score per class
TP = confusion.diag().float()
precision = TP / confusion.sum(dim=0)  # column sums: predicted as that class
recall = TP / confusion.sum(dim=1)     # row sums: actually of that class
f1 = 2 * precision * recall / (precision + recall)
support = confusion.sum(dim=1)
print("class  precision  recall  f1-score  support")
for c in range(k):
    print(f"{c:5d}  {precision[c]:9.4f}  {recall[c]:6.4f}"
          f"  {f1[c]:8.4f}  {support[c]:7d}")

# Macro average: the plain mean of the per-class values
print(f"macro  {precision.mean():9.4f}  {recall.mean():6.4f}"
      f"  {f1.mean():8.4f}  {support.sum():7d}")
# Micro average: from the TP, FP and FN of all classes added up.
# Each prediction goes to one class, so sum of FP = sum of FN: P = R = F1
micro = TP.sum() / confusion.sum()
print(f"micro  {micro:9.4f}  {micro:6.4f}  {micro:8.4f}  {support.sum():7d}")
accuracy = (y_pred == y_test).float().mean()
print(f"accuracy: {accuracy:.4f}")

# The confusion matrix as a heatmap
plt.figure(figsize=(6, 5))
plt.imshow(confusion.numpy(), cmap="Blues")
for t in range(k):
    for p in range(k):
        n = confusion[t, p].item()
        if n:
            plt.text(p, t, n, ha="center", va="center",
                     color="white" if n > confusion.max() / 2 else "black")
plt.xticks(range(k))
plt.yticks(range(k))
plt.xlabel("Predicted class")
plt.ylabel("True class")
plt.colorbar(label="Test samples")
plt.title("Confusion matrix of the test data")

# Some wrong predictions: actual -> predicted
wrong = (y_pred != y_test).nonzero().squeeze(1)[:10]
fig, axes = plt.subplots(2, 5, figsize=(6, 3.2))
for ax in axes.flat:
    ax.axis("off")
for ax, i in zip(axes.flat, wrong.tolist()):
    ax.imshow(X_test[i].view(8, 8).numpy(), cmap="gray_r")
    ax.set_title(f"{y_test[i].item()} → {y_pred[i].item()}")
fig.suptitle("Misclassified test digits: true → predicted")
fig.tight_layout()

plt.show()  # show the figures in a window
