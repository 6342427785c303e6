import torch

# A batch: 3 samples x 5 values
t = torch.tensor([[0.1, 0.2, 0.3, 0.4, 0.5],
                  [1.1, 1.2, 1.3, 1.4, 1.5],
                  [2.1, 2.2, 2.3, 2.4, 2.5]])

print("t[0]           ", t[0])         # first sample
print("t[-1]          ", t[-1])        # last sample
print("t[1, 2]        ", t[1, 2])      # value 3 of sample 2
print("t[:2]          ", t[:2].shape)  # first two samples
print("t[:, 0]        ", t[:, 0])      # first value of each
print("t[:, 1:3]      ", t[:, 1:3].shape)

# The same rules on a 3D batch
images = torch.zeros(2, 3, 4)  # (batch size, height, width)
print("images[0]      ", images[0].shape)  # one image
print("images[:, 0, :]", images[:, 0, :].shape)  # first row of every image
