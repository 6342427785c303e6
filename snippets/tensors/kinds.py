import torch

# 스칼라(scalar): 값 하나, 0차원
scalar = torch.tensor(3.0)
# 벡터(vector): 값이 한 줄로 늘어선 1차원 텐서
vector = torch.tensor([1.0, 2.0, 3.0, 4.0])
# 행렬(matrix): 행과 열이 있는 2차원 텐서
matrix = torch.tensor([[1.0, 2.0, 3.0],
                       [4.0, 5.0, 6.0]])
# 3차원 텐서(3D tensor): 행렬 여러 장을 쌓은 것
tensor3d = torch.tensor([[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]],
                         [[7.0, 8.0, 9.0], [10.0, 11.0, 12.0]]])

examples = {"scalar": scalar, "vector": vector, "matrix": matrix, "tensor3d": tensor3d}
for name, t in examples.items():
    print(f"{name}:")
    print(t)
    # dim(): 차원의 수 (number of dimensions), shape와 size()는 같은 값
    print(f"dim() = {t.dim()}, shape = {t.shape}, size() = {t.size()}")
    print()
