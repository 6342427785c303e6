import torch

# 5 students: three quiz scores and a final score
x = torch.tensor([[73.0, 80.0, 75.0],
                  [93.0, 88.0, 93.0],
                  [89.0, 91.0, 90.0],
                  [96.0, 98.0, 100.0],
                  [73.0, 66.0, 70.0]])
y = torch.tensor([152.0, 185.0, 180.0, 196.0, 142.0])

# Print as a table: one row per sample
print("student | quiz1 quiz2 quiz3 | final")
for i in range(len(x)):
    q1, q2, q3 = x[i].tolist()
    print(f"{i:7d} | {q1:5.0f} {q2:5.0f} {q3:5.0f} | {y[i].item():5.0f}")

print()
print("x.shape:", tuple(x.shape), "-> (samples, features)")
print("y.shape:", tuple(y.shape), "-> one label per sample")
print("sample  x[1]    =", x[1].tolist(), " label y[1] =", y[1].item())
print("feature x[:, 0] =", x[:, 0].tolist(), " (quiz1 of every student)")
print("labels  y       =", y.tolist())
