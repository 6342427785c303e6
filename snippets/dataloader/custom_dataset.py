import torch
from torch.utils.data import Dataset, TensorDataset

# 다섯 학생의 퀴즈 점수 세 개(특성)와 기말 점수(레이블)
x_data = [[73, 80, 75],
          [93, 88, 93],
          [89, 91, 90],
          [96, 98, 100],
          [73, 66, 70]]
y_data = [[152], [185], [180], [196], [142]]


class CustomDataset(Dataset):
    def __init__(self):
        # 데이터를 준비한다 (load or prepare the data)
        self.x_data = torch.tensor(x_data, dtype=torch.float32)
        self.y_data = torch.tensor(y_data, dtype=torch.float32)

    def __len__(self):
        # 샘플 수 (number of samples)
        return len(self.x_data)

    def __getitem__(self, idx):
        # idx번째 샘플 하나: (특성, 레이블)
        return self.x_data[idx], self.y_data[idx]


dataset = CustomDataset()
print("len(dataset):", len(dataset))
print("dataset[0]:", dataset[0])

# 텐서가 이미 있으면 TensorDataset으로 충분하다
tensor_dataset = TensorDataset(torch.tensor(x_data, dtype=torch.float32),
                               torch.tensor(y_data, dtype=torch.float32))
print("len(tensor_dataset):", len(tensor_dataset))
print("tensor_dataset[0]:", tensor_dataset[0])

same = all(torch.equal(a, b)
           for i in range(len(dataset))
           for a, b in zip(dataset[i], tensor_dataset[i]))
print("same samples:", same)
