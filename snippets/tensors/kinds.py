import torch

# Scalar: one value, 0 dimensions
scalar = torch.tensor(3.0)
# Vector: a 1D tensor, values in a row
vector = torch.tensor([1.0, 2.0, 3.0, 4.0])
# Matrix: a 2D tensor with rows and columns
matrix = torch.tensor([[1.0, 2.0, 3.0],
                       [4.0, 5.0, 6.0]])
# 3D tensor: several matrices stacked
tensor3d = torch.tensor([[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]],
                         [[7.0, 8.0, 9.0], [10.0, 11.0, 12.0]]])

examples = {"scalar": scalar, "vector": vector, "matrix": matrix,
            "tensor3d": tensor3d}
for name, t in examples.items():
    print(f"{name}:")
    print(t)
    # dim(): the number of dimensions; shape and size() are the same
    print(f"dim() = {t.dim()}, shape = {t.shape}, size() = {t.size()}")
    print()
