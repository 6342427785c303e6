import torch
import torch.nn.functional as F

# 자료형(dtype)은 값을 보고 정해진다 (the default dtype comes from the values)
floats = torch.tensor([1.0, 2.0, 3.0])  # 소수점이 있으면 32비트 실수
ints = torch.tensor([1, 2, 3])          # 정수만 있으면 64비트 정수
print("torch.tensor([1.0, 2.0, 3.0]).dtype:", floats.dtype)
print("torch.tensor([1, 2, 3]).dtype:      ", ints.dtype)

# 직접 정하기 (choose it): 정수로 적어도 실수 텐서가 된다
x = torch.tensor([1, 2, 3], dtype=torch.float32)
print("dtype=torch.float32:", x)

# 바꾸기 (convert): .float()는 float32로, .long()은 int64로
passed = torch.tensor([0.2, 0.7, 0.9]) >= 0.5  # 비교의 결과는 bool
print("passed:        ", passed)
print("passed.long(): ", passed.long())
print("passed.float():", passed.float())
print("torch.tensor([1.7, -1.7]).long():", torch.tensor([1.7, -1.7]).long())

# 정수와 실수를 섞으면 실수가 된다 (mixing gives a float)
print("(ints + floats).dtype:", (ints + floats).dtype)

# 평균(mean)은 실수에만 있다: 정확도는 .float()로 바꿔서 구한다
try:
    passed.mean()
except RuntimeError as error:
    print("passed.mean()        -> RuntimeError:", error)
print("passed.float().mean() ->", passed.float().mean())

# 이진 교차 엔트로피(BCE)는 실수 레이블을 받는다 (BCE wants float labels)
probabilities = torch.tensor([0.9, 0.2])
labels = torch.tensor([1, 0])  # int64
try:
    F.binary_cross_entropy(probabilities, labels)
except RuntimeError as error:
    print("int64 labels   -> RuntimeError:", error)
bce = F.binary_cross_entropy(probabilities, labels.float())
print("float32 labels ->", bce)
