import platform

import torch

# 설치된 버전 (installed versions)
print("Python :", platform.python_version())
print("PyTorch:", torch.__version__)

# 작은 텐서 계산 (a small tensor computation): 행렬 곱 (matrix product)
a = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
b = torch.tensor([[5.0, 6.0], [7.0, 8.0]])
print("a @ b =")
print(a @ b)

# GPU(CUDA)를 쓸 수 있는지 (is a CUDA GPU available?)
print("CUDA available:", torch.cuda.is_available())
