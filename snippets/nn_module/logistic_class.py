import matplotlib.pyplot as plt
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim

# 훈련 데이터(training data): 샘플 6개, 특성 2개, 레이블 0 또는 1
x_train = torch.tensor([[1, 2], [2, 3], [3, 1], [4, 3], [5, 3], [6, 2]],
                       dtype=torch.float32)
y_train = torch.tensor([[0], [0], [0], [1], [1], [1]], dtype=torch.float32)


class BinaryClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(2, 1)  # Wx + b
        self.sigmoid = nn.Sigmoid()    # 0과 1 사이로 (squash into 0..1)

    def forward(self, x):
        return self.sigmoid(self.linear(x))


def train(model, nb_epochs=1000):
    """경사 하강법으로 학습하고 에포크마다의 비용을 돌려준다."""
    optimizer = optim.SGD(model.parameters(), lr=1)
    costs = []
    for epoch in range(nb_epochs + 1):
        hypothesis = model(x_train)
        cost = F.binary_cross_entropy(hypothesis, y_train)
        costs.append(cost.item())

        optimizer.zero_grad()
        cost.backward()
        optimizer.step()
    return costs


# 클래스로 만든 모델 (the model as a class)
torch.manual_seed(1)
model = BinaryClassifier()
costs_class = train(model)

# 앞 장의 nn.Sequential 모델, 같은 시드(seed)에서 (the previous chapter's)
torch.manual_seed(1)
sequential = nn.Sequential(nn.Linear(2, 1), nn.Sigmoid())
costs_sequential = train(sequential)

for (name, p), q in zip(model.named_parameters(), sequential.parameters()):
    print(name)
    print("  class:     ", p.data)
    print("  Sequential:", q.data)
same = all(torch.equal(p, q) for p, q in
           zip(model.parameters(), sequential.parameters()))
print("same parameters:", same)
print(f"cost after epoch 1000: {costs_class[-1]:.6f}")

plt.figure(figsize=(6, 4))
plt.plot(costs_sequential, linewidth=4, color="0.75", label="nn.Sequential")
every = range(0, len(costs_class), 25)  # 25 에포크마다 점 하나
plt.plot(every, [costs_class[e] for e in every], "o", markersize=4,
         color="tab:red", label="class BinaryClassifier(nn.Module)")
plt.yscale("log")
plt.xlabel("Epoch")
plt.ylabel("Cost (BCE, log scale)")
plt.title("Same seed, same training: two ways to write one model")
plt.legend()

plt.show()  # 창에 그림 띄우기 (show the figures)
