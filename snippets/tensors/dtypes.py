import torch
import torch.nn.functional as F

# The default dtype comes from the values
floats = torch.tensor([1.0, 2.0, 3.0])  # a decimal point: 32-bit floats
ints = torch.tensor([1, 2, 3])          # whole numbers only: 64-bit integers
print("torch.tensor([1.0, 2.0, 3.0]).dtype:", floats.dtype)
print("torch.tensor([1, 2, 3]).dtype:      ", ints.dtype)

# Choose it: whole numbers, yet a float tensor
x = torch.tensor([1, 2, 3], dtype=torch.float32)
print("dtype=torch.float32:", x)

# Convert: .float() to float32, .long() to int64
passed = torch.tensor([0.2, 0.7, 0.9]) >= 0.5  # a comparison gives bool
print("passed:        ", passed)
print("passed.long(): ", passed.long())
print("passed.float():", passed.float())
print("torch.tensor([1.7, -1.7]).long():", torch.tensor([1.7, -1.7]).long())

# Mixing integers and floats gives floats
print("(ints + floats).dtype:", (ints + floats).dtype)

# mean() needs floats: convert with .float() for the accuracy
try:
    passed.mean()
except RuntimeError as error:
    print("passed.mean()        -> RuntimeError:", error)
print("passed.float().mean() ->", passed.float().mean())

# Binary cross-entropy (BCE) wants float labels
probabilities = torch.tensor([0.9, 0.2])
labels = torch.tensor([1, 0])  # int64
try:
    F.binary_cross_entropy(probabilities, labels)
except RuntimeError as error:
    print("int64 labels   -> RuntimeError:", error)
bce = F.binary_cross_entropy(probabilities, labels.float())
print("float32 labels ->", bce)
