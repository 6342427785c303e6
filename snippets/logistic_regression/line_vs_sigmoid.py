import matplotlib.pyplot as plt
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim

torch.manual_seed(1)

# 공부한 시간(hours)과 합격 여부(pass = 1, fail = 0)
hours = [[1], [2], [3], [4], [5], [6], [7], [8], [9], [10]]
passed = [[0], [0], [0], [0], [1], [0], [1], [1], [1], [1]]
x_train = torch.tensor(hours, dtype=torch.float32)
y_train = torch.tensor(passed, dtype=torch.float32)

# 직선 가설(line): H(x) = Wx + b, 평균 제곱 오차(MSE)로 학습
line = nn.Linear(1, 1)
optimizer = optim.SGD(line.parameters(), lr=0.01)
for epoch in range(2000):
    cost = F.mse_loss(line(x_train), y_train)
    optimizer.zero_grad()
    cost.backward()
    optimizer.step()

# S자 가설(sigmoid): H(x) = sigmoid(Wx + b)
# 이진 교차 엔트로피(BCE)로 학습
logistic = nn.Sequential(nn.Linear(1, 1), nn.Sigmoid())
optimizer = optim.SGD(logistic.parameters(), lr=0.1)
for epoch in range(2000):
    cost = F.binary_cross_entropy(logistic(x_train), y_train)
    optimizer.zero_grad()
    cost.backward()
    optimizer.step()

# 두 가설이 내놓는 값 (what each hypothesis outputs)
x_check = torch.tensor([[0], [5.5], [12]], dtype=torch.float32)
with torch.no_grad():
    h_line = line(x_check).squeeze(1).tolist()
    h_sigmoid = logistic(x_check).squeeze(1).tolist()
for x, a, s in zip(x_check.squeeze(1).tolist(), h_line, h_sigmoid):
    print(f"x = {x:4.1f}  line: {a:6.3f}  sigmoid: {s:.3f}")

xs = torch.linspace(0, 12, 200).unsqueeze(1)
with torch.no_grad():
    ys_line = line(xs)
    ys_sigmoid = logistic(xs)

plt.figure(figsize=(6, 4))
plt.axhspan(0, 1, color="0.93")  # 확률이 있을 수 있는 범위 [0, 1]
plt.scatter(x_train, y_train, color="black", zorder=3,
            label="Pass (1) / fail (0)")
plt.plot(xs, ys_line, label="Line: Wx + b")
plt.plot(xs, ys_sigmoid, label="Sigmoid: σ(Wx + b)")
plt.xlabel("Hours studied")
plt.ylabel("H(x)")
plt.title("A line vs a sigmoid on pass/fail data")
plt.legend(loc="upper left")

plt.show()  # 창에 그림 띄우기 (show the figures)
