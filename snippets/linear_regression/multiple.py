import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim

# 난수 시드(random seed) 고정: nn.Linear의 처음 가중치가 매번 같다
torch.manual_seed(1)

# 다섯 학생의 퀴즈 점수 세 개(특성)와 기말 점수(레이블)
x_train = torch.tensor([[73, 80, 75],
                        [93, 88, 93],
                        [89, 91, 90],
                        [96, 98, 100],
                        [73, 66, 70]], dtype=torch.float32)
y_train = torch.tensor([[152], [185], [180], [196], [142]],
                       dtype=torch.float32)

# H(x) = w1*x1 + w2*x2 + w3*x3 + b
model = nn.Linear(3, 1)
print(list(model.parameters()))

optimizer = optim.SGD(model.parameters(), lr=1e-5)

nb_epochs = 2000
for epoch in range(nb_epochs + 1):
    prediction = model(x_train)
    cost = F.mse_loss(prediction, y_train)  # 평균 제곱 오차(MSE)

    optimizer.zero_grad()
    cost.backward()
    optimizer.step()

    if epoch % 100 == 0:
        print(f"Epoch {epoch:4d}/{nb_epochs} Cost: {cost.item():.6f}")

# 학습한 모델로 예측: 첫 번째 학생의 점수
new_var = torch.tensor([[73, 80, 75]], dtype=torch.float32)
with torch.no_grad():
    pred_y = model(new_var)
print("prediction for [73, 80, 75]:", pred_y.item())
print(list(model.parameters()))
