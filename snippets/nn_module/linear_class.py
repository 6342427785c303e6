import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim

torch.manual_seed(1)

# Five students' three quiz scores (features) and final scores (labels)
x_train = torch.tensor([[73, 80, 75],
                        [93, 88, 93],
                        [89, 91, 90],
                        [96, 98, 100],
                        [73, 66, 70]], dtype=torch.float32)
y_train = torch.tensor([[152], [185], [180], [196], [142]],
                       dtype=torch.float32)


class MultivariateLinearRegressionModel(nn.Module):
    def __init__(self):
        super().__init__()  # set up nn.Module first
        self.linear = nn.Linear(3, 1)  # layers are attributes

    def forward(self, x):
        # The forward pass: the way the input goes through the model
        return self.linear(x)


model = MultivariateLinearRegressionModel()
print(model)

# The parameters to learn: names and shapes
for name, param in model.named_parameters():
    print(name, tuple(param.shape), param.requires_grad)

optimizer = optim.SGD(model.parameters(), lr=1e-5)

nb_epochs = 2000
for epoch in range(nb_epochs + 1):
    prediction = model(x_train)  # calls model.forward(x_train)
    cost = F.mse_loss(prediction, y_train)

    optimizer.zero_grad()
    cost.backward()
    optimizer.step()

    if epoch % 500 == 0:
        print(f"Epoch {epoch:4d}/{nb_epochs} Cost: {cost.item():.6f}")

# The learned parameters
print(list(model.parameters()))
