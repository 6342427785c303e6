import torch

# The same spam filter results as in the previous example
torch.manual_seed(2)
n = 30
labels = (torch.rand(n) < 0.4).long()  # 1 = spam, 0 = not spam (ham)
logits = 1.5 * torch.randn(n) + torch.where(labels == 1, 1.2, -1.2)
scores = torch.round(torch.sigmoid(logits), decimals=2)
predictions = (scores >= 0.5).long()

TP = ((predictions == 1) & (labels == 1)).sum().item()
FP = ((predictions == 1) & (labels == 0)).sum().item()
FN = ((predictions == 0) & (labels == 1)).sum().item()
TN = ((predictions == 0) & (labels == 0)).sum().item()
N = TP + FP + FN + TN  # all samples
print(f"TP = {TP}, FP = {FP}, FN = {FN}, TN = {TN}, N = {N}")

# Accuracy: correct predictions / all predictions
accuracy = (TP + TN) / N
print(f"accuracy  = (TP + TN) / N  = {TP + TN}/{N} = {accuracy:.4f}")

# Precision: the share of real spam among the emails predicted spam
precision = TP / (TP + FP)
print(f"precision = TP / (TP + FP) = {TP}/{TP + FP} = {precision:.4f}")

# Recall: the share of real spam that the filter found
recall = TP / (TP + FN)
print(f"recall    = TP / (TP + FN) = {TP}/{TP + FN} = {recall:.4f}")

# F1 score: the harmonic mean of precision and recall
f1_harmonic = 2 * precision * recall / (precision + recall)
print(f"F1 = 2PR / (P + R)         = {f1_harmonic:.4f}")

# The same value straight from the counts
f1_counts = 2 * TP / (2 * TP + FP + FN)
denominator = 2 * TP + FP + FN
print(f"F1 = 2TP / (2TP + FP + FN) = {2 * TP}/{denominator} = {f1_counts:.4f}")
print("same value:", abs(f1_harmonic - f1_counts) < 1e-12)

# Accuracy also comes from comparing predictions and labels directly
correct = (predictions == labels).float().mean().item()
print(f"accuracy  = mean(predictions == labels) = {correct:.4f}")
