import torch

# 3 x 5 텐서: 샘플 3개, 샘플마다 값 5개 (3 samples with 5 values each)
t = torch.tensor([[0.1, 0.2, 0.3, 0.4, 0.5],
                  [1.1, 1.2, 1.3, 1.4, 1.5],
                  [2.1, 2.2, 2.3, 2.4, 2.5]])

# |t| = (배치 크기 batch size, 차원 dimension)
batch_size, dimension = t.shape
print("t.shape:", t.shape)
print("batch size = t.size(0) =", batch_size)  # 행의 수: 한 번에 처리하는 샘플 수
print("dimension  = t.size(1) =", dimension)   # 열의 수: 샘플 하나를 이루는 값의 수
print("one sample, t[0]:", t[0])
# 축의 수는 2: 여기서 "차원 5"는 샘플 하나의 값 수이지 t.dim()이 아니다
# (t has 2 axes; "dimension 5" counts the values of one sample, not the axes)
print("t.dim() =", t.dim())
