import torch

# 난수 시드(random seed) 고정: 실행할 때마다 같은 난수 (the same random numbers)
torch.manual_seed(0)

# 정답이 0/1인 검증 데이터 50개, 테스트 데이터 50개 (0/1 labels)
y_val = torch.randint(0, 2, (50,))
y_test = torch.randint(0, 2, (50,))

# 아무것도 배우지 않고 동전만 던지는 "모델" 200개 (coin-flipping "models")
n_models = 200
val_preds = torch.randint(0, 2, (n_models, 50))
test_preds = torch.randint(0, 2, (n_models, 50))

val_acc = (val_preds == y_val).float().mean(dim=1)
test_acc = (test_preds == y_test).float().mean(dim=1)

# 검증 점수로 "튜닝": 검증 정확도가 가장 높은 모델을 고른다
# ("tuning" on validation data: keep the best model on it)
best = val_acc.argmax()
print(f"chosen model: {best.item()}")
print(f"its validation accuracy: {val_acc[best].item():.2f}")
print(f"its test accuracy:       {test_acc[best].item():.2f}")
mean_test = test_acc.mean().item()
print(f"mean test accuracy of all {n_models} models: {mean_test:.2f}")
