import torch

# 앞의 예제와 같은 스팸 필터 결과 (the same spam filter as before)
torch.manual_seed(2)
n = 30
labels = (torch.rand(n) < 0.4).long()  # 1 = 스팸(spam), 0 = 정상(ham)
logits = 1.5 * torch.randn(n) + torch.where(labels == 1, 1.2, -1.2)
scores = torch.round(torch.sigmoid(logits), decimals=2)
predictions = (scores >= 0.5).long()

TP = ((predictions == 1) & (labels == 1)).sum().item()
FP = ((predictions == 1) & (labels == 0)).sum().item()
FN = ((predictions == 0) & (labels == 1)).sum().item()
TN = ((predictions == 0) & (labels == 0)).sum().item()
N = TP + FP + FN + TN  # 전체 샘플 수 (all samples)
print(f"TP = {TP}, FP = {FP}, FN = {FN}, TN = {TN}, N = {N}")

# 정확도(accuracy): 맞힌 수 / 전체 수
accuracy = (TP + TN) / N
print(f"accuracy  = (TP + TN) / N  = {TP + TN}/{N} = {accuracy:.4f}")

# 정밀도(precision): 스팸으로 예측한 것 중 진짜 스팸의 비율
precision = TP / (TP + FP)
print(f"precision = TP / (TP + FP) = {TP}/{TP + FP} = {precision:.4f}")

# 재현율(recall): 진짜 스팸 중 스팸이라고 찾아낸 비율
recall = TP / (TP + FN)
print(f"recall    = TP / (TP + FN) = {TP}/{TP + FN} = {recall:.4f}")

# F1 점수(F1 score): 정밀도와 재현율의 조화 평균(harmonic mean)
f1_harmonic = 2 * precision * recall / (precision + recall)
print(f"F1 = 2PR / (P + R)         = {f1_harmonic:.4f}")

# 같은 값을 개수로 바로 (the same value straight from the counts)
f1_counts = 2 * TP / (2 * TP + FP + FN)
denominator = 2 * TP + FP + FN
print(f"F1 = 2TP / (2TP + FP + FN) = {2 * TP}/{denominator} = {f1_counts:.4f}")
print("same value:", abs(f1_harmonic - f1_counts) < 1e-12)

# 정확도는 예측과 레이블을 바로 비교해도 나온다 (compared directly)
correct = (predictions == labels).float().mean().item()
print(f"accuracy  = mean(predictions == labels) = {correct:.4f}")
