import torch
from torch.utils.data import TensorDataset, random_split

torch.manual_seed(0)  # the same data on every run

# 100 samples: hours studied -> score
hours = torch.rand(100, 1) * 10
scores = 8 * hours + 20 + torch.randn(100, 1) * 5
dataset = TensorDataset(hours, scores)

# Training 60% / validation 20% / test 20%,
# shuffled by a seeded generator so it is the same every run
generator = torch.Generator().manual_seed(42)
train_set, val_set, test_set = random_split(
    dataset, [0.6, 0.2, 0.2], generator=generator
)

print("dataset   :", len(dataset))
print("training  :", len(train_set))
print("validation:", len(val_set))
print("test      :", len(test_set))
print("sum       :", len(train_set) + len(val_set) + len(test_set))

# Which samples of the dataset each part got
print("first test indices:", test_set.indices[:8])
x0, y0 = test_set[0]  # the first test sample
print(f"test_set[0] is dataset[{test_set.indices[0]}]:", x0, y0)
