import torch

# A 3 x 5 tensor: 3 samples with 5 values each
t = torch.tensor([[0.1, 0.2, 0.3, 0.4, 0.5],
                  [1.1, 1.2, 1.3, 1.4, 1.5],
                  [2.1, 2.2, 2.3, 2.4, 2.5]])

# |t| = (batch size, dimension)
batch_size, dimension = t.shape
print("t.shape:", t.shape)
print("batch size = t.size(0) =", batch_size)  # rows: samples handled at once
print("dimension  = t.size(1) =", dimension)   # columns: values in one sample
print("one sample, t[0]:", t[0])
# t has 2 axes; "dimension 5" counts the values of one sample, not the axes
print("t.dim() =", t.dim())
