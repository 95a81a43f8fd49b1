// RUN: %adopter check --packs adopter %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
//
// GELU written out inside an element of torch::nn::Sequential: a user GELU
// module in a literal and through push_back. The chain is wholly inside
// NewGELUImpl::forward and is reported there, once, not at the Sequential
// nor at its forward call.
// (GELU needs x twice, so it cannot span several elements.)
#include <torch/torch.h>
#include <cmath>

struct NewGELUImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor x) {
    return 0.5 * x * (1.0 + torch::tanh(0.7978845608 * (x + 0.044715 * x.pow(3))));
  }
};
TORCH_MODULE(NewGELU);

struct MlpImpl : torch::nn::Module {
  MlpImpl() {
    net = register_module("net", torch::nn::Sequential(
        torch::nn::Linear(16, 64),
        NewGELU(),
        torch::nn::Linear(64, 16)));
    head->push_back(torch::nn::Linear(16, 16));
    head->push_back(NewGELU());
    register_module("head", head);
  }
  torch::Tensor forward(torch::Tensor x) { return head->forward(net->forward(x)); }
  torch::nn::Sequential net{nullptr};
  torch::nn::Sequential head;
};
TORCH_MODULE(Mlp);

// CHECK-NOT: warning
// CHECK:{{.*}}sequential.cpp:14:16: warning: this is GELU written out op by op; one fused elementwise kernel computes it in a single pass (adopter::ops::gelu) [adopter-gelu-manual]
// CHECK:{{.*}}sequential.cpp:14:74: note: 'aten::pow' is part of the chain
// CHECK:{{.*}}sequential.cpp:14:70: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}sequential.cpp:14:59: note: 'aten::add' is part of the chain
// CHECK:{{.*}}sequential.cpp:14:54: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}sequential.cpp:14:29: note: 'aten::tanh' is part of the chain
// CHECK:{{.*}}sequential.cpp:14:27: note: 'aten::add' is part of the chain
// CHECK:{{.*}}sequential.cpp:14:20: note: 'aten::mul' is part of the chain
// CHECK-NOT: warning
