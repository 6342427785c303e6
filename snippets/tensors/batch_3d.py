import torch

# 2 tiny grayscale images, 3 x 4; the shape is
# (batch size, height, width): each is 3 rows of 4 pixels
batch_size, height, width = 2, 3, 4
images = torch.arange(batch_size * height * width, dtype=torch.float32)
images = images.reshape(batch_size, height, width)

print("images.shape:", images.shape)
print("batch size:", images.size(0))
print("one image, images[0].shape:", images[0].shape)
print(images[0])
