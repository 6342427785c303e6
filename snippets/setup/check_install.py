import platform

import torch

# Installed versions
print("Python :", platform.python_version())
print("PyTorch:", torch.__version__)

# A small tensor computation: a matrix product
a = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
b = torch.tensor([[5.0, 6.0], [7.0, 8.0]])
print("a @ b =")
print(a @ b)

# Is a CUDA GPU available?
print("CUDA available:", torch.cuda.is_available())
