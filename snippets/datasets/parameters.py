import torch
import torch.nn as nn

torch.manual_seed(0)

# 5 students: three quiz scores -> final score
x = torch.tensor([[73.0, 80.0, 75.0], [93.0, 88.0, 93.0], [89.0, 91.0, 90.0],
                  [96.0, 98.0, 100.0], [73.0, 66.0, 70.0]])
y = torch.tensor([[152.0], [185.0], [180.0], [196.0], [142.0]])

# Hyperparameters: values a person chooses
learning_rate = 1e-5
epochs = 20

# Parameters: values inside the model that training changes,
# H(x) = xW^T + b
model = nn.Linear(in_features=3, out_features=1)
for name, p in model.named_parameters():
    values = ", ".join(f"{v:.4f}" for v in p.detach().flatten().tolist())
    print(f"{name:6} shape {str(tuple(p.shape)):6}  values [{values}]")
print("number of parameters:", sum(p.numel() for p in model.parameters()))

optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate)
for epoch in range(epochs):
    cost = torch.mean((model(x) - y) ** 2)
    optimizer.zero_grad()
    cost.backward()
    optimizer.step()

print()
print(f"after {epochs} epochs:")
for name, p in model.named_parameters():
    values = ", ".join(f"{v:.4f}" for v in p.detach().flatten().tolist())
    print(f"{name:6} shape {str(tuple(p.shape)):6}  values [{values}]")
print("learning rate is still", optimizer.param_groups[0]["lr"])
