import matplotlib.pyplot as plt
import torch

# 앞의 예제와 같은 스팸 필터 결과 (the same spam filter as before)
torch.manual_seed(2)
n = 30
labels = (torch.rand(n) < 0.4).long()  # 1 = 스팸(spam), 0 = 정상(ham)
logits = 1.5 * torch.randn(n) + torch.where(labels == 1, 1.2, -1.2)
scores = torch.round(torch.sigmoid(logits), decimals=2)


def precision_recall(threshold):
    """임계값(threshold) 하나에서의 TP, FP, FN, 정밀도, 재현율"""
    predictions = scores >= threshold
    TP = (predictions & (labels == 1)).sum().item()
    FP = (predictions & (labels == 0)).sum().item()
    FN = (~predictions & (labels == 1)).sum().item()
    return TP, FP, FN, TP / (TP + FP), TP / (TP + FN)


print("threshold  TP  FP  FN  precision  recall")
for threshold in [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]:
    TP, FP, FN, precision, recall = precision_recall(threshold)
    print(f"{threshold:9.1f}  {TP:2d}  {FP:2d}  {FN:2d}"
          f"  {precision:9.4f}  {recall:6.4f}")

# 서로 다른 점수 하나하나를 임계값으로 (every distinct score as a threshold)
thresholds = torch.unique(scores)  # 오름차순(ascending)
precisions = [precision_recall(t)[3] for t in thresholds]
recalls = [precision_recall(t)[4] for t in thresholds]

plt.figure(figsize=(6.4, 4))
# 점수 >= 임계값이므로 임계값 t의 값은 t 바로 앞 구간의 값이다: steps-pre
# (scores >= t: the value at t holds on the interval up to t, drawn steps-pre)
plt.plot(thresholds, precisions, ".-", drawstyle="steps-pre",
         label="Precision")
plt.plot(thresholds, recalls, ".-", drawstyle="steps-pre", label="Recall")
plt.axvline(0.5, color="gray", linestyle="--", label="Threshold 0.5")
plt.xlabel("Threshold")
plt.ylabel("Precision or recall")
plt.ylim(0, 1.05)
plt.title("Precision and recall as the threshold moves")
plt.legend(loc="lower left")

plt.show()  # 창에 그림 띄우기 (show the figures)
