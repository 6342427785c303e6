import matplotlib.pyplot as plt
import torch
from matplotlib.ticker import FixedFormatter

# A toy spam filter's results on 30 emails
torch.manual_seed(2)
n = 30
# Labels: 1 = spam, 0 = not spam (ham)
labels = (torch.rand(n) < 0.4).long()
# Scores: how spam-like the filter finds each email, mostly high for spam
logits = 1.5 * torch.randn(n) + torch.where(labels == 1, 1.2, -1.2)
scores = torch.round(torch.sigmoid(logits), decimals=2)

# 10 emails a row, for reading
torch.set_printoptions(precision=2)
print("labels:")
print(labels.view(3, 10))
print("scores:")
print(scores.view(3, 10))

# Predict spam at or above the threshold
threshold = 0.5
predictions = (scores >= threshold).long()
print("predictions:")
print(predictions.view(3, 10))

# Count the four cells
TP = ((predictions == 1) & (labels == 1)).sum().item()  # true positive
FP = ((predictions == 1) & (labels == 0)).sum().item()  # false positive
FN = ((predictions == 0) & (labels == 1)).sum().item()  # false negative
TN = ((predictions == 0) & (labels == 0)).sum().item()  # true negative
N = TP + FP + FN + TN
print(f"TP = {TP}, FP = {FP}, FN = {FN}, TN = {TN}, N = {N}")

# Confusion matrix: rows = actual, columns = predicted
cm = torch.tensor([[TP, FN],
                   [FP, TN]])
print("confusion matrix:")
print(cm)

# Draw it as a heatmap
names = [["TP", "FN"], ["FP", "TN"]]
fig, ax = plt.subplots(figsize=(6.2, 4.4))
image = ax.imshow(cm.numpy(), cmap="Blues")
fig.colorbar(image, ax=ax, label="Number of emails")
for i in range(2):
    for j in range(2):
        count = cm[i, j].item()
        color = "white" if count > cm.max() / 2 else "black"
        ax.text(j, i, f"{names[i][j]}\n{count}",
                ha="center", va="center", color=color, fontsize=13)
# Tick labels: row and column 0 = spam, 1 = not spam (not label values)
ax.set_xticks([0, 1])
ax.set_yticks([0, 1])
ax.xaxis.set_major_formatter(FixedFormatter(["Spam", "Not spam"]))
ax.yaxis.set_major_formatter(FixedFormatter(["Spam", "Not spam"]))
ax.set_xlabel("Predicted")
ax.set_ylabel("Actual")
ax.set_title(f"Confusion matrix of the spam filter (threshold {threshold})")
fig.tight_layout()

plt.show()  # show the figures in a window
