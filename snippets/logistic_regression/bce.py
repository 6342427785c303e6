import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F


def binary_cross_entropy(H, y):
    # 이진 교차 엔트로피(BCE)를 직접 쓴 것 (written by hand)
    return -(y * torch.log(H) + (1 - y) * torch.log(1 - H)).mean()


# 예측 확률 H(x)와 레이블 y (predicted probabilities and labels)
H = torch.tensor([[0.9], [0.6], [0.1], [0.2], [0.7]], dtype=torch.float32)
y = torch.tensor([[1], [1], [1], [0], [0]], dtype=torch.float32)

# 샘플마다의 비용 (cost of each sample)
per_sample = -(y * torch.log(H) + (1 - y) * torch.log(1 - H))
for h, label, c in zip(H.squeeze(1).tolist(), y.squeeze(1).tolist(),
                       per_sample.squeeze(1).tolist()):
    print(f"H(x) = {h:.1f}, y = {label:.0f}: cost {c:.4f}")

print(f"by hand:                {binary_cross_entropy(H, y).item():.6f}")
print(f"F.binary_cross_entropy: {F.binary_cross_entropy(H, y).item():.6f}")

# 두 갈래 (the two branches): y = 1이면 -log H, y = 0이면 -log(1 - H)
hs = torch.linspace(0.005, 0.995, 199)
plt.figure(figsize=(6, 4))
plt.plot(hs, -torch.log(hs), color="tab:blue",
         label=r"y = 1: $-\log H(x)$")
plt.plot(hs, -torch.log(1 - hs), color="tab:orange",
         label=r"y = 0: $-\log(1 - H(x))$")
colors = ["tab:blue" if t == 1 else "tab:orange"
          for t in y.squeeze(1).tolist()]
plt.scatter(H.squeeze(1), per_sample.squeeze(1), color=colors, zorder=3)
plt.ylim(0, 5)
plt.xlabel("Predicted probability H(x)")
plt.ylabel("Cost of one sample")
plt.title("Binary cross-entropy: the two branches")
plt.legend(loc="upper center")

plt.show()  # 창에 그림 띄우기 (show the figures)
