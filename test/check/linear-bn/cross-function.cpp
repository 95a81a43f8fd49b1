// RUN: %adopter check --packs adopter %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
// RUN: grep -c ": warning:" %t.txt | FileCheck --match-full-lines --check-prefix=COUNT %s
// COUNT: 4
//
// Linear -> BatchNorm1d across function boundaries:
// * the BatchNorm1d inside a user norm module: reported at the Linear in the
//   caller, with a note inside FeatureNorm::forward (fixable: its body is
//   the chain);
// * the Linear inside a user block and the BatchNorm1d in the caller:
//   reported at the call of the block. Projection is called once: fixable;
//   Embedding is called twice (e1 and e2): not fixable;
// * a chain wholly inside an own method (head): reported there.
#include <torch/torch.h>

struct FeatureNormImpl : torch::nn::Module {
  FeatureNormImpl() { bn = register_module("bn", torch::nn::BatchNorm1d(64)); }
  torch::Tensor forward(torch::Tensor x) { return bn(x); }
  torch::nn::BatchNorm1d bn{nullptr};
};
TORCH_MODULE(FeatureNorm);

struct ProjectionImpl : torch::nn::Module {
  ProjectionImpl() { fc = register_module("fc", torch::nn::Linear(64, 64)); }
  torch::Tensor forward(torch::Tensor x) { return fc(x); }
  torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(Projection);

struct EmbeddingImpl : torch::nn::Module {
  EmbeddingImpl() { fc = register_module("fc", torch::nn::Linear(64, 64)); }
  torch::Tensor forward(torch::Tensor x) { return fc(torch::log1p(x)); }
  torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(Embedding);

struct TowerImpl : torch::nn::Module {
  TowerImpl() {
    fc1 = register_module("fc1", torch::nn::Linear(64, 64));
    fc2 = register_module("fc2", torch::nn::Linear(64, 64));
    norm = register_module("norm", FeatureNorm());
    proj = register_module("proj", Projection());
    e1 = register_module("e1", Embedding());
    e2 = register_module("e2", Embedding());
    bn1 = register_module("bn1", torch::nn::BatchNorm1d(64));
    bn2 = register_module("bn2", torch::nn::BatchNorm1d(64));
    bn3 = register_module("bn3", torch::nn::BatchNorm1d(64));
  }

  torch::Tensor forward(torch::Tensor x, torch::Tensor counts) {
    x = norm(fc1(x));
    x = bn1(proj(x));
    x = x + bn2(e1(counts)) + e2(counts);
    return head(x);
  }

  torch::Tensor head(torch::Tensor x) { return bn3(fc2(x)); }

  torch::nn::Linear fc1{nullptr}, fc2{nullptr};
  FeatureNorm norm{nullptr};
  Projection proj{nullptr};
  Embedding e1{nullptr}, e2{nullptr};
  torch::nn::BatchNorm1d bn1{nullptr}, bn2{nullptr}, bn3{nullptr};
};
TORCH_MODULE(Tower);

// CHECK:{{.*}}cross-function.cpp:51:14: warning: Linear 'fc1' followed by BatchNorm1d 'norm.bn' can run as one fused kernel (BatchNorm folded into the weights in eval mode) (adopter::ops::linear_bn) [adopter-linear-bn]
// CHECK-NEXT:    x = norm(fc1(x));
// CHECK-NEXT:             ^
// CHECK-NEXT:{{.*}}cross-function.cpp:18:51: note: 'norm.bn' (torch::nn::BatchNorm1d) is part of the chain, inside 'FeatureNorm::forward'
// CHECK-NOT: not fixable
// CHECK:{{.*}}cross-function.cpp:52:13: warning: Linear 'proj.fc' followed by BatchNorm1d 'bn1' {{.*}} [adopter-linear-bn]
// CHECK:{{.*}}cross-function.cpp:25:51: note: 'proj.fc' (torch::nn::Linear) is part of the chain, inside 'Projection::forward'
// CHECK:{{.*}}cross-function.cpp:52:9: note: 'bn1' (torch::nn::BatchNorm1d) is part of the chain
// CHECK-NOT: not fixable
// CHECK:{{.*}}cross-function.cpp:53:17: warning: Linear 'e1.fc' followed by BatchNorm1d 'bn2' {{.*}} [adopter-linear-bn]
// CHECK:{{.*}}cross-function.cpp:32:51: note: 'e1.fc' (torch::nn::Linear) is part of the chain, inside 'Embedding::forward'
// CHECK:{{.*}}cross-function.cpp:53:13: note: 'bn2' (torch::nn::BatchNorm1d) is part of the chain
// CHECK:{{.*}}cross-function.cpp:53:17: note: not fixable: the chain continues inside 'Embedding::forward', which is called from 2 places ({{.*}}cross-function.cpp:53:17, {{.*}}cross-function.cpp:53:31); rewriting it would change the other callers
// CHECK:{{.*}}cross-function.cpp:57:52: warning: Linear 'fc2' followed by BatchNorm1d 'bn3' {{.*}} [adopter-linear-bn]
// CHECK:{{.*}}cross-function.cpp:57:48: note: 'bn3' (torch::nn::BatchNorm1d) is part of the chain
// CHECK-NOT: not fixable
// CHECK-NOT: warning
