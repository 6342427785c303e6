import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim

# A fixed random seed: nn.Linear starts from the same weights every run
torch.manual_seed(1)

# Five students' three quiz scores (features) and final scores (labels)
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
    cost = F.mse_loss(prediction, y_train)  # mean squared error (MSE)

    optimizer.zero_grad()
    cost.backward()
    optimizer.step()

    if epoch % 100 == 0:
        print(f"Epoch {epoch:4d}/{nb_epochs} Cost: {cost.item():.6f}")

# Predict with the trained model: the first student's score
new_var = torch.tensor([[73, 80, 75]], dtype=torch.float32)
with torch.no_grad():
    pred_y = model(new_var)
print("prediction for [73, 80, 75]:", pred_y.item())
print(list(model.parameters()))
