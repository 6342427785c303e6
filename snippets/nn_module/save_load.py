import os

import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim

torch.manual_seed(1)

x_train = torch.tensor([[1, 2], [2, 3], [3, 1], [4, 3], [5, 3], [6, 2]],
                       dtype=torch.float32)
y_train = torch.tensor([[0], [0], [0], [1], [1], [1]], dtype=torch.float32)


class BinaryClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(2, 1)
        self.sigmoid = nn.Sigmoid()

    def forward(self, x):
        return self.sigmoid(self.linear(x))


model = BinaryClassifier()
optimizer = optim.SGD(model.parameters(), lr=1)
model.train()  # 학습 모드(training mode): 처음부터 이 모드다
for epoch in range(1000 + 1):
    cost = F.binary_cross_entropy(model(x_train), y_train)
    optimizer.zero_grad()
    cost.backward()
    optimizer.step()

# state_dict: 파라미터 이름 -> 텐서 (parameter name -> tensor)
for name, tensor in model.state_dict().items():
    print("state_dict:", name, tensor)

# 저장(save): 지금 폴더의 파일 하나로
torch.save(model.state_dict(), "binary_classifier.pt")
size = os.path.getsize("binary_classifier.pt")
print("saved:", os.listdir("."), size, "bytes")

# 불러오기(load): 새 모델을 만들고 저장한 파라미터를 넣는다
loaded = BinaryClassifier()  # 새로 초기화된(random) 파라미터
x_new = torch.tensor([[1, 1], [2, 4], [4, 2], [5, 5]], dtype=torch.float32)
with torch.no_grad():
    print("before loading:", loaded(x_new).squeeze(1))
loaded.load_state_dict(torch.load("binary_classifier.pt", weights_only=True))

# 평가 모드(evaluation mode)와 기울기 끄기 (no gradients)
print("training mode:", loaded.training)
loaded.eval()
print("training mode after eval():", loaded.training)

with torch.no_grad():
    p_trained = model(x_new).squeeze(1)
    p_loaded = loaded(x_new).squeeze(1)
print("trained model:", p_trained)
print("loaded model: ", p_loaded)
print("same predictions:", torch.equal(p_trained, p_loaded))
print("requires_grad inside no_grad:", p_loaded.requires_grad)
print("requires_grad outside no_grad:", loaded(x_new).requires_grad)
