import torch
from sklearn.datasets import load_iris

# The final scores of the same five students
final = torch.tensor([152.0, 185.0, 180.0, 196.0, 142.0])

# 1) Regression: the label is a number on a continuous scale;
# we predict the score itself
print("regression labels (final score):", final.tolist())

# 2) Binary classification: the label is one of two.
# Pass (1) at 170 points or more
passed = (final >= 170).long()
print("binary labels (pass = 1, fail = 0):", passed.tolist())
print("  classes:", passed.unique().tolist())

# 3) Multi-class classification: the species of an iris,
# one of three
iris = load_iris()
species = torch.tensor(iris.target)
print("multi-class labels (iris species):", species[::25].tolist(), "...")
print("  classes:", species.unique().tolist(), "=", iris.target_names.tolist())
print("  flowers per class:", torch.bincount(species).tolist())
