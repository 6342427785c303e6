import torch

# 2 tiny grayscale images, width 4 and height 3
batch_size, width, height = 2, 4, 3
images = torch.arange(batch_size * width * height, dtype=torch.float32)
images = images.reshape(batch_size, width, height)

print("images.shape:", images.shape)
print("batch size:", images.size(0))
print("one image, images[0].shape:", images[0].shape)
print(images[0])
