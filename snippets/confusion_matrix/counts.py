import matplotlib.pyplot as plt
import torch
from matplotlib.ticker import FixedFormatter

# 장난감 스팸 필터(toy spam filter)의 결과: 이메일 30통
torch.manual_seed(2)
n = 30
# 레이블(label): 1 = 스팸(spam), 0 = 정상 메일(ham)
labels = (torch.rand(n) < 0.4).long()
# 점수(score): 필터가 매긴 스팸다움, 스팸이면 대체로 높다
logits = 1.5 * torch.randn(n) + torch.where(labels == 1, 1.2, -1.2)
scores = torch.round(torch.sigmoid(logits), decimals=2)

# 보기 좋게 한 줄에 10통씩 (10 emails a row, for reading)
torch.set_printoptions(precision=2)
print("labels:")
print(labels.view(3, 10))
print("scores:")
print(scores.view(3, 10))

# 임계값(threshold) 이상이면 스팸으로 예측 (spam at or above it)
threshold = 0.5
predictions = (scores >= threshold).long()
print("predictions:")
print(predictions.view(3, 10))

# 네 칸 세기 (count the four cells)
TP = ((predictions == 1) & (labels == 1)).sum().item()  # 참 양성
FP = ((predictions == 1) & (labels == 0)).sum().item()  # 거짓 양성
FN = ((predictions == 0) & (labels == 1)).sum().item()  # 거짓 음성
TN = ((predictions == 0) & (labels == 0)).sum().item()  # 참 음성
N = TP + FP + FN + TN
print(f"TP = {TP}, FP = {FP}, FN = {FN}, TN = {TN}, N = {N}")

# 혼동 행렬(confusion matrix): 행 = 실제(actual), 열 = 예측(predicted)
cm = torch.tensor([[TP, FN],
                   [FP, TN]])
print("confusion matrix:")
print(cm)

# 히트맵(heatmap)으로 그리기
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
# 눈금 이름(tick labels): 행·열 0번 = 스팸(양성), 1번 = 정상(음성)
# (row and column 0 = spam, 1 = not spam; not the label values)
ax.set_xticks([0, 1])
ax.set_yticks([0, 1])
ax.xaxis.set_major_formatter(FixedFormatter(["Spam", "Not spam"]))
ax.yaxis.set_major_formatter(FixedFormatter(["Spam", "Not spam"]))
ax.set_xlabel("Predicted")
ax.set_ylabel("Actual")
ax.set_title(f"Confusion matrix of the spam filter (threshold {threshold})")
fig.tight_layout()

plt.show()  # 창에 그림 띄우기 (show the figures)
