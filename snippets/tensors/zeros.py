import torch

a = torch.zeros(1)     # 값 하나짜리 1차원 텐서 (a 1D tensor holding one value)
b = torch.zeros(1, 1)  # 1행 1열의 2차원 텐서 (a 1 x 1 matrix)
c = torch.tensor(0.0)  # 0차원 스칼라 (a 0D scalar)

examples = {"torch.zeros(1)": a, "torch.zeros(1, 1)": b, "torch.tensor(0.0)": c}
for name, t in examples.items():
    print(f"{name:18} -> {str(t):15} dim() = {t.dim()}, shape = {tuple(t.shape)}")
