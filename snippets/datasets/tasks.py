import torch
from sklearn.datasets import load_iris

# 같은 학생 5명의 기말 점수 (the final scores of the five students)
final = torch.tensor([152.0, 185.0, 180.0, 196.0, 142.0])

# 1) 회귀(regression): 레이블이 연속된 수. 점수 자체를 예측한다
print("regression labels (final score):", final.tolist())

# 2) 이진 분류(binary classification): 레이블이 둘 중 하나. 170점 이상이면 합격(1)
passed = (final >= 170).long()
print("binary labels (pass = 1, fail = 0):", passed.tolist())
print("  classes:", passed.unique().tolist())

# 3) 다중 클래스 분류(multi-class classification): 붓꽃(iris)의 품종, 셋 중 하나
iris = load_iris()
species = torch.tensor(iris.target)
print("multi-class labels (iris species):", species[::25].tolist(), "...")
print("  classes:", species.unique().tolist(), "=", iris.target_names.tolist())
print("  flowers per class:", torch.bincount(species).tolist())
