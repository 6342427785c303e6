import torch

# 세로 3, 가로 4인 작은 흑백 이미지 2장 (2 tiny grayscale images, 3 x 4)
# 크기(shape)는 (배치 크기, 높이, 너비): 한 장은 3행 4열 (3 rows of 4 pixels)
batch_size, height, width = 2, 3, 4
images = torch.arange(batch_size * height * width, dtype=torch.float32)
images = images.reshape(batch_size, height, width)

print("images.shape:", images.shape)
print("batch size:", images.size(0))
print("one image, images[0].shape:", images[0].shape)
print(images[0])
