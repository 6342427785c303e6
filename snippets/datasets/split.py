import torch
from torch.utils.data import TensorDataset, random_split

torch.manual_seed(0)  # 데이터를 매번 같게 (the same data on every run)

# 공부 시간 -> 점수, 샘플 100개 (100 samples: hours studied -> score)
hours = torch.rand(100, 1) * 10
scores = 8 * hours + 20 + torch.randn(100, 1) * 5
dataset = TensorDataset(hours, scores)

# 훈련 60% / 검증 20% / 테스트 20%, 시드를 고정한 생성기로 섞는다
# (60/20/20 split, shuffled by a seeded generator so it is the same every run)
generator = torch.Generator().manual_seed(42)
train_set, val_set, test_set = random_split(
    dataset, [0.6, 0.2, 0.2], generator=generator
)

print("dataset   :", len(dataset))
print("training  :", len(train_set))
print("validation:", len(val_set))
print("test      :", len(test_set))
print("sum       :", len(train_set) + len(val_set) + len(test_set))

# 각 부분이 원래 데이터셋의 어느 샘플을 받았는지 (which samples each part got)
print("first test indices:", test_set.indices[:8])
x0, y0 = test_set[0]  # 테스트 데이터의 첫 샘플 (the first test sample)
print(f"test_set[0] is dataset[{test_set.indices[0]}]:", x0, y0)
