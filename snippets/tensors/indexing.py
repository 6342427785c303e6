import torch

# 배치(batch): 샘플 3개 x 값 5개 (3 samples x 5 values)
t = torch.tensor([[0.1, 0.2, 0.3, 0.4, 0.5],
                  [1.1, 1.2, 1.3, 1.4, 1.5],
                  [2.1, 2.2, 2.3, 2.4, 2.5]])

print("t[0]           ", t[0])         # 첫 번째 샘플 (first sample)
print("t[-1]          ", t[-1])        # 마지막 샘플 (last sample)
print("t[1, 2]        ", t[1, 2])      # 두 번째 샘플의 세 번째 값 (one value)
print("t[:2]          ", t[:2].shape)  # 앞의 샘플 2개 (first two samples)
print("t[:, 0]        ", t[:, 0])      # 모든 샘플의 첫 값 (first value of each)
print("t[:, 1:3]      ", t[:, 1:3].shape)

# 3차원 배치에서도 같은 규칙 (the same rules on a 3D batch)
images = torch.zeros(2, 3, 4)  # (배치 크기, 높이, 너비)
print("images[0]      ", images[0].shape)  # 이미지 한 장 (one image)
print("images[:, 0, :]", images[:, 0, :].shape)  # 모든 이미지의 첫 행
