// RUN: %adopter check --packs adopter %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
// RUN: grep -c ": warning:" %t.txt | FileCheck --match-full-lines --check-prefix=COUNT %s
// RUN: %adopter check --packs adopter --explain %s -- %torch_flags | FileCheck --match-full-lines --check-prefix=EXPLAIN %s
// COUNT: 5
//
// Linear -> BatchNorm1d in the spellings real code uses: module calls,
// forward() called explicitly, options objects (a Linear without bias, a
// BatchNorm1d with eps, momentum and affine set), a ReLU after the BatchNorm
// (part of the chain: linear_bn takes the activation), and a chain on one branch of an if/else whose
// other branch returns the Linear output.
// --explain: the selection decision, and the module's partition.
#include <torch/torch.h>

struct TabularNetImpl : torch::nn::Module {
  TabularNetImpl() {
    fc1 = register_module("fc1", torch::nn::Linear(16, 64));
    bn1 = register_module("bn1", torch::nn::BatchNorm1d(64));
    fc2 = register_module("fc2", torch::nn::Linear(torch::nn::LinearOptions(64, 64).bias(false)));
    bn2 = register_module("bn2", torch::nn::BatchNorm1d(torch::nn::BatchNorm1dOptions(64).eps(1e-3).momentum(0.01)));
    fc3 = register_module("fc3", torch::nn::Linear(64, 64));
    bn3 = register_module("bn3", torch::nn::BatchNorm1d(torch::nn::BatchNorm1dOptions(64).affine(false)));
    fc4 = register_module("fc4", torch::nn::Linear(64, 32));
    bn4 = register_module("bn4", torch::nn::BatchNorm1d(32));
    fc5 = register_module("fc5", torch::nn::Linear(32, 8));
    bn5 = register_module("bn5", torch::nn::BatchNorm1d(8));
  }

  torch::Tensor forward(torch::Tensor x) {
    x = bn1(fc1(x));
    auto h = fc2->forward(x);
    x = bn2->forward(h);
    x = torch::relu(bn3(fc3(x)));
    x = torch::dropout(bn4(fc4(x)), 0.2, is_training());
    auto logits = fc5(x);
    if (is_training()) {
      return logits;
    } else {
      return bn5(logits);
    }
  }

  torch::nn::Linear fc1{nullptr}, fc2{nullptr}, fc3{nullptr}, fc4{nullptr}, fc5{nullptr};
  torch::nn::BatchNorm1d bn1{nullptr}, bn2{nullptr}, bn3{nullptr}, bn4{nullptr}, bn5{nullptr};
};
TORCH_MODULE(TabularNet);

// CHECK:{{.*}}positive.cpp:30:13: warning: Linear 'fc1' followed by BatchNorm1d 'bn1' can run as one fused kernel (BatchNorm folded into the weights in eval mode) (adopter::ops::linear_bn) [adopter-linear-bn]
// CHECK-NEXT:    x = bn1(fc1(x));
// CHECK-NEXT:            ^
// CHECK-NEXT:{{.*}}positive.cpp:30:9: note: 'bn1' (torch::nn::BatchNorm1d) is part of the chain
// CHECK:{{.*}}positive.cpp:31:19: warning: Linear 'fc2' followed by BatchNorm1d 'bn2' {{.*}} [adopter-linear-bn]
// CHECK:{{.*}}positive.cpp:32:14: note: 'bn2' (torch::nn::BatchNorm1d) is part of the chain
// CHECK:{{.*}}positive.cpp:33:25: warning: Linear 'fc3' followed by BatchNorm1d 'bn3' {{.*}} [adopter-linear-bn]
// CHECK:{{.*}}positive.cpp:33:21: note: 'bn3' (torch::nn::BatchNorm1d) is part of the chain
// CHECK:{{.*}}positive.cpp:33:9: note: 'aten::relu' is part of the chain
// CHECK:{{.*}}positive.cpp:34:28: warning: Linear 'fc4' followed by BatchNorm1d 'bn4' {{.*}} [adopter-linear-bn]
// CHECK:{{.*}}positive.cpp:34:24: note: 'bn4' (torch::nn::BatchNorm1d) is part of the chain
// CHECK:{{.*}}positive.cpp:35:19: warning: Linear 'fc5' followed by BatchNorm1d 'bn5' {{.*}} [adopter-linear-bn]
// CHECK:{{.*}}positive.cpp:39:14: note: 'bn5' (torch::nn::BatchNorm1d) is part of the chain, on the path where '!is_training()'
// CHECK-NOT: warning

// EXPLAIN:{{.*}}positive.cpp:30:13: warning: Linear 'fc1' followed by BatchNorm1d 'bn1' {{.*}} [adopter-linear-bn]
// EXPLAIN:{{.*}}positive.cpp:30:9: note: 'bn1' (torch::nn::BatchNorm1d) is part of the chain
// EXPLAIN-NEXT:{{.+}}
// EXPLAIN-NEXT:{{.+}}
// EXPLAIN-NEXT:{{.*}}positive.cpp:30:13: note: selected: score 0.04 = 2 ops x (1 - 1/1.02), no overlapping candidate
// EXPLAIN:  module TabularNet: 12 ops; adopter kernels: 11 (linear-bn x11); LibTorch ops: 1
