import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

# 샘플 3개, 클래스 3개의 점수(logits): 모델이 내놓는 날것의 값
z = torch.tensor([[2.0, 1.0, -1.0],
                  [0.5, 2.5, 0.3],
                  [1.2, 0.2, 3.0]], dtype=torch.float32)
y = torch.tensor([0, 2, 2])  # 정답 클래스 (class indices)

# 원-핫 인코딩(one-hot encoding): 정답 자리만 1
y_one_hot = F.one_hot(y, num_classes=3).float()
print("one-hot:")
print(y_one_hot)

# 소프트맥스(softmax): exp(z_i) / sum_j exp(z_j), 행마다
hypothesis = torch.exp(z) / torch.exp(z).sum(dim=1, keepdim=True)
print("softmax by hand:")
print(hypothesis)
print("same as F.softmax:", torch.allclose(hypothesis, F.softmax(z, dim=1)))
print("row sums:", hypothesis.sum(dim=1))

# 교차 엔트로피(cross-entropy): 정답 클래스 확률의 -log, 평균
cost_by_hand = (y_one_hot * -torch.log(hypothesis)).sum(dim=1).mean()
print(f"by hand:          {cost_by_hand.item():.6f}")
# F.cross_entropy는 소프트맥스 전의 점수(logits)와 클래스 번호를 받는다
cost = F.cross_entropy(z, y)
print(f"F.cross_entropy:  {cost.item():.6f}")
# 같은 계산을 두 단계로: 로그 소프트맥스, 음의 로그 가능도
cost_nll = F.nll_loss(F.log_softmax(z, dim=1), y)
print(f"F.nll_loss(F.log_softmax): {cost_nll.item():.6f}")

# 첫 번째 샘플: 점수와 확률 (scores and probabilities of the first sample)
classes = [0, 1, 2]
fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3.5))
left.bar(classes, z[0].tolist(), color="tab:gray")
left.set_title("Scores z (logits)")
left.set_xticks(classes)
left.set_xlabel("Class")
right.bar(classes, hypothesis[0].tolist(), color="tab:orange")
right.set_title("Softmax: probabilities, sum 1")
right.set_xticks(classes)
right.set_xlabel("Class")
right.set_ylim(0, 1)
fig.suptitle("Softmax turns scores into probabilities (first sample)")
fig.tight_layout()

plt.show()  # 창에 그림 띄우기 (show the figures)
