import matplotlib.pyplot as plt
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim
from sklearn.datasets import load_digits
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(1)

# 8x8 손글씨 숫자 1797개: scikit-learn에 들어 있어 내려받지 않는다
digits = load_digits()
X = torch.tensor(digits.data, dtype=torch.float32) / 16  # 픽셀 0..16 -> 0..1
y = torch.tensor(digits.target, dtype=torch.long)        # 클래스 0..9
print("X:", tuple(X.shape), " y:", tuple(y.shape))

# 훈련 데이터 75%, 테스트 데이터 25%로 무작위로 나눈다
order = torch.randperm(len(X))
n_train = int(len(X) * 0.75)
train_idx, test_idx = order[:n_train], order[n_train:]
X_train, y_train = X[train_idx], y[train_idx]
X_test, y_test = X[test_idx], y[test_idx]
print("training:", len(X_train), " test:", len(X_test))


class SoftmaxClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(64, 10)  # 픽셀 64개 -> 클래스 10개의 점수

    def forward(self, x):
        return self.linear(x)  # 점수(logits): 소프트맥스는 비용 함수 안에서


model = SoftmaxClassifier()
optimizer = optim.SGD(model.parameters(), lr=0.5)
generator = torch.Generator().manual_seed(0)  # 섞는 순서 고정
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

# 테스트 데이터로 평가: 점수가 가장 큰 클래스가 예측
model.eval()
with torch.no_grad():
    y_pred = model(X_test).argmax(dim=1)

# 혼동 행렬(confusion matrix): 행은 실제 클래스, 열은 예측 클래스
k = 10
confusion = torch.zeros(k, k, dtype=torch.long)
for t, p in zip(y_test, y_pred):
    confusion[t, p] += 1
print("confusion matrix (rows: true, columns: predicted)")
print(confusion)

# 클래스마다 정밀도, 재현율, F1 점수 (precision, recall, F1 per class)
TP = confusion.diag().float()
precision = TP / confusion.sum(dim=0)  # 열 합: 그 클래스로 예측한 수
recall = TP / confusion.sum(dim=1)     # 행 합: 실제로 그 클래스인 수
f1 = 2 * precision * recall / (precision + recall)
support = confusion.sum(dim=1)
print("class  precision  recall  f1-score  support")
for c in range(k):
    print(f"{c:5d}  {precision[c]:9.4f}  {recall[c]:6.4f}"
          f"  {f1[c]:8.4f}  {support[c]:7d}")

# 매크로 평균(macro average): 클래스별 값의 단순 평균
print(f"macro  {precision.mean():9.4f}  {recall.mean():6.4f}"
      f"  {f1.mean():8.4f}  {support.sum():7d}")
# 마이크로 평균(micro average): 모든 클래스의 TP, FP, FN을 합쳐서 계산
# 예측 하나는 한 클래스에만 가므로 FP의 합 = FN의 합: P = R = F1
micro = TP.sum() / confusion.sum()
print(f"micro  {micro:9.4f}  {micro:6.4f}  {micro:8.4f}  {support.sum():7d}")
accuracy = (y_pred == y_test).float().mean()
print(f"accuracy: {accuracy:.4f}")

# 혼동 행렬을 히트맵(heatmap)으로
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

# 틀린 예측 몇 개 (some wrong predictions): 실제 -> 예측
wrong = (y_pred != y_test).nonzero().squeeze(1)[:10]
fig, axes = plt.subplots(2, 5, figsize=(6, 3.2))
for ax in axes.flat:
    ax.axis("off")
for ax, i in zip(axes.flat, wrong.tolist()):
    ax.imshow(X_test[i].view(8, 8).numpy(), cmap="gray_r")
    ax.set_title(f"{y_test[i].item()} → {y_pred[i].item()}")
fig.suptitle("Misclassified test digits: true → predicted")
fig.tight_layout()

plt.show()  # 창에 그림 띄우기 (show the figures)
