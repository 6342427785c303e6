import torch
from torch.utils.data import DataLoader, TensorDataset

x_train = torch.tensor([[73, 80, 75],
                        [93, 88, 93],
                        [89, 91, 90],
                        [96, 98, 100],
                        [73, 66, 70]], dtype=torch.float32)
y_train = torch.tensor([[152], [185], [180], [196], [142]],
                       dtype=torch.float32)
dataset = TensorDataset(x_train, y_train)

# 섞는 순서를 정하는 난수 생성기(generator), 시드(seed) 고정
generator = torch.Generator().manual_seed(0)
dataloader = DataLoader(dataset, batch_size=2, shuffle=True,
                        generator=generator)

print("samples:", len(dataset))
print("batch size:", dataloader.batch_size)
print("iterations per epoch:", len(dataloader))  # 올림(5 / 2) = 3

for epoch in range(3):
    print(f"epoch {epoch}")
    for batch_idx, (x_batch, y_batch) in enumerate(dataloader):
        # 레이블(기말 점수)로 어느 학생인지 알아본다
        print(f"  iteration {batch_idx + 1}: batch of {len(x_batch)},"
              f" labels {y_batch.squeeze(1).tolist()}")
