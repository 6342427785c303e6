import torch

# A fixed random seed: the same random numbers on every run
torch.manual_seed(0)

# 50 validation and 50 test samples with 0/1 labels
y_val = torch.randint(0, 2, (50,))
y_test = torch.randint(0, 2, (50,))

# 200 "models" that learn nothing and just flip coins
n_models = 200
val_preds = torch.randint(0, 2, (n_models, 50))
test_preds = torch.randint(0, 2, (n_models, 50))

val_acc = (val_preds == y_val).float().mean(dim=1)
test_acc = (test_preds == y_test).float().mean(dim=1)

# "Tuning" on validation data: keep the model
# with the best validation accuracy
best = val_acc.argmax()
print(f"chosen model: {best.item()}")
print(f"its validation accuracy: {val_acc[best].item():.2f}")
print(f"its test accuracy:       {test_acc[best].item():.2f}")
mean_test = test_acc.mean().item()
print(f"mean test accuracy of all {n_models} models: {mean_test:.2f}")
