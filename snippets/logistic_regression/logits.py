import copy

import torch
import torch.nn as nn
import torch.optim as optim

torch.manual_seed(1)

# 앞의 예제와 같은 훈련 데이터 (the same six samples as before)
x_data = [[1, 2], [2, 3], [3, 1], [4, 3], [5, 3], [6, 2]]
y_data = [[0], [0], [0], [1], [1], [1]]
x_train = torch.tensor(x_data, dtype=torch.float32)
y_train = torch.tensor(y_data, dtype=torch.float32)

# 1) 앞의 모델: 선형 층 + 시그모이드, 비용은 nn.BCELoss
with_sigmoid = nn.Sequential(nn.Linear(2, 1), nn.Sigmoid())
# 2) 시그모이드 없이 선형 층만: Wx + b(로짓, logit)를 그대로 내놓는다
#    nn.BCEWithLogitsLoss가 시그모이드와 BCE를 한 번에 계산한다
logits_only = copy.deepcopy(with_sigmoid[0])  # 같은 W, b에서 출발

bce = nn.BCELoss()
bce_with_logits = nn.BCEWithLogitsLoss()
opt_1 = optim.SGD(with_sigmoid.parameters(), lr=1)
opt_2 = optim.SGD(logits_only.parameters(), lr=1)

print("epoch  BCELoss   BCEWithLogitsLoss")
for epoch in range(1000 + 1):
    cost_1 = bce(with_sigmoid(x_train), y_train)
    cost_2 = bce_with_logits(logits_only(x_train), y_train)
    if epoch % 200 == 0:
        print(f"{epoch:5d}  {cost_1.item():.6f}  {cost_2.item():.6f}")
    for optimizer, cost in ((opt_1, cost_1), (opt_2, cost_2)):
        optimizer.zero_grad()
        cost.backward()
        optimizer.step()

models = {"with sigmoid": with_sigmoid[0], "logits only ": logits_only}
for name, linear in models.items():
    W, b = linear.weight.detach(), linear.bias.detach()
    print(f"{name}: W = {W}, b = {b}")

# 확률이 필요하면 로짓에 시그모이드를 씌운다 (probabilities: apply sigmoid)
with torch.no_grad():
    probability = torch.sigmoid(logits_only(x_train)).squeeze(1)
print("H(x):", [round(p, 4) for p in probability.tolist()])

# 로짓이 클 때 (large logits): 시그모이드를 먼저 하면 1.0으로 반올림된다
z = torch.tensor([20.0, 40.0])
y = torch.tensor([0.0, 0.0])
print("sigmoid(z):", torch.sigmoid(z))
# reduction="none": 평균 내지 않고 샘플마다 (one cost per sample)
per_sample_bce = nn.BCELoss(reduction="none")
per_sample_logits = nn.BCEWithLogitsLoss(reduction="none")
print("BCELoss(sigmoid(z), y):   ", per_sample_bce(torch.sigmoid(z), y))
print("BCEWithLogitsLoss(z, y):  ", per_sample_logits(z, y))
