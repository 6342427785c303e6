import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim

torch.manual_seed(1)

# 다섯 학생의 퀴즈 점수 세 개(특성)와 기말 점수(레이블)
x_train = torch.tensor([[73, 80, 75],
                        [93, 88, 93],
                        [89, 91, 90],
                        [96, 98, 100],
                        [73, 66, 70]], dtype=torch.float32)
y_train = torch.tensor([[152], [185], [180], [196], [142]],
                       dtype=torch.float32)


class MultivariateLinearRegressionModel(nn.Module):
    def __init__(self):
        super().__init__()  # nn.Module의 준비 작업 (set up nn.Module first)
        self.linear = nn.Linear(3, 1)  # 층(layer)은 속성으로 만든다

    def forward(self, x):
        # 입력이 모델을 지나가는 길 (the forward pass)
        return self.linear(x)


model = MultivariateLinearRegressionModel()
print(model)

# 학습할 파라미터(parameters): 이름과 크기(shape)
for name, param in model.named_parameters():
    print(name, tuple(param.shape), param.requires_grad)

optimizer = optim.SGD(model.parameters(), lr=1e-5)

nb_epochs = 2000
for epoch in range(nb_epochs + 1):
    prediction = model(x_train)  # model.forward(x_train)이 불린다
    cost = F.mse_loss(prediction, y_train)

    optimizer.zero_grad()
    cost.backward()
    optimizer.step()

    if epoch % 500 == 0:
        print(f"Epoch {epoch:4d}/{nb_epochs} Cost: {cost.item():.6f}")

# 학습된 파라미터 (learned parameters)
print(list(model.parameters()))
