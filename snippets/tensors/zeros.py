import torch

a = torch.zeros(1)     # a 1D tensor holding one value
b = torch.zeros(1, 1)  # a 1 x 1 matrix
c = torch.tensor(0.0)  # a 0D scalar

examples = {"torch.zeros(1)": a, "torch.zeros(1, 1)": b,
            "torch.tensor(0.0)": c}
for name, t in examples.items():
    print(f"{name:18} -> {str(t):15} dim() = {t.dim()},"
          f" shape = {tuple(t.shape)}")
