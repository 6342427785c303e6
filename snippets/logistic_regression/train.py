import matplotlib.pyplot as plt
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim

torch.manual_seed(1)

# 훈련 데이터(training data): 샘플 6개, 특성 2개, 레이블 0 또는 1
x_data = [[1, 2], [2, 3], [3, 1], [4, 3], [5, 3], [6, 2]]
y_data = [[0], [0], [0], [1], [1], [1]]
# 레이블도 실수(float32)로: 이진 교차 엔트로피는 실수 레이블을 받는다
x_train = torch.tensor(x_data, dtype=torch.float32)  # shape (6, 2)
y_train = torch.tensor(y_data, dtype=torch.float32)  # shape (6, 1)

# 가설(hypothesis) H(x) = sigmoid(Wx + b)
model = nn.Sequential(
    nn.Linear(2, 1),  # Wx + b: W는 (1, 2), b는 (1,)
    nn.Sigmoid(),     # 0과 1 사이로 (squash into 0..1)
)

# 매 에포크 샘플 6개를 한꺼번에 쓴다: 전체 배치(full batch) 경사 하강법
optimizer = optim.SGD(model.parameters(), lr=1)

nb_epochs = 1000
for epoch in range(nb_epochs + 1):
    hypothesis = model(x_train)  # 확률(probability), shape (6, 1)

    # 비용(cost): 이진 교차 엔트로피(binary cross-entropy)
    cost = F.binary_cross_entropy(hypothesis, y_train)

    optimizer.zero_grad()
    cost.backward()
    optimizer.step()

    if epoch % 100 == 0:
        # 임계값(threshold) 0.5 이상이면 1로 예측
        prediction = (hypothesis >= 0.5).float()
        accuracy = (prediction == y_train).float().mean().item()
        print(f"Epoch {epoch:4d}/{nb_epochs} Cost: {cost.item():.6f}"
              f" Accuracy {accuracy * 100:.2f}%")

# 학습된 파라미터(learned parameters)
linear = model[0]
W = linear.weight.detach()  # shape (1, 2)
b = linear.bias.detach()    # shape (1,)
print("W:", W)
print("b:", b)

# 새로운 점의 확률과 클래스 (probability and class of new points)
x_new = torch.tensor([[1, 1], [2, 4], [4, 2], [5, 5]], dtype=torch.float32)
with torch.no_grad():
    p_new = model(x_new).squeeze(1)
class_new = (p_new >= 0.5).int()
for x, p, c in zip(x_new.tolist(), p_new.tolist(), class_new.tolist()):
    print(f"x = {x}  H(x) = {p:.4f}  class = {c}")

# 결정 경계(decision boundary): w1*x1 + w2*x2 + b = 0인 직선
w1, w2 = W[0].tolist()
x1 = torch.linspace(0, 7, 50)
x2 = -(w1 * x1 + b.item()) / w2

plt.figure(figsize=(8, 4.5))
ones = y_train.squeeze(1) == 1
zeros = ~ones
plt.scatter(x_train[zeros, 0], x_train[zeros, 1], marker="o", s=60,
            label="Training data, y = 0")
plt.scatter(x_train[ones, 0], x_train[ones, 1], marker="s", s=60,
            label="Training data, y = 1")
plt.scatter(x_new[:, 0], x_new[:, 1], marker="x", s=80, color="black",
            label="New points")
plt.plot(x1, x2, color="tab:red", label="Decision boundary: H(x) = 0.5")
plt.xlim(0, 7)
plt.ylim(0, 6)
plt.xlabel("$x_1$")
plt.ylabel("$x_2$")
plt.title("Learned decision boundary")
plt.legend(loc="upper left", bbox_to_anchor=(1.02, 1))  # 그림 밖에
plt.tight_layout()

plt.show()  # 창에 그림 띄우기 (show the figures)
