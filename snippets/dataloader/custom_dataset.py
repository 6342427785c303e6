import torch
from torch.utils.data import Dataset, TensorDataset

# Five students' three quiz scores (features) and final scores (labels)
x_data = [[73, 80, 75],
          [93, 88, 93],
          [89, 91, 90],
          [96, 98, 100],
          [73, 66, 70]]
y_data = [[152], [185], [180], [196], [142]]


class CustomDataset(Dataset):
    def __init__(self):
        # Load or prepare the data
        self.x_data = torch.tensor(x_data, dtype=torch.float32)
        self.y_data = torch.tensor(y_data, dtype=torch.float32)

    def __len__(self):
        # number of samples
        return len(self.x_data)

    def __getitem__(self, idx):
        # The sample at idx: (features, label)
        return self.x_data[idx], self.y_data[idx]


dataset = CustomDataset()
print("len(dataset):", len(dataset))
print("dataset[0]:", dataset[0])

# With tensors at hand, a TensorDataset is enough
tensor_dataset = TensorDataset(torch.tensor(x_data, dtype=torch.float32),
                               torch.tensor(y_data, dtype=torch.float32))
print("len(tensor_dataset):", len(tensor_dataset))
print("tensor_dataset[0]:", tensor_dataset[0])

same = all(torch.equal(a, b)
           for i in range(len(dataset))
           for a, b in zip(dataset[i], tensor_dataset[i]))
print("same samples:", same)
