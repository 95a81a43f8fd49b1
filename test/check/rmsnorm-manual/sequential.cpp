// RUN: %adopter check --packs adopter %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
//
// A user RMSNorm module as an element of torch::nn::Sequential, in a literal
// and through push_back: the chain is wholly inside RMSNorm::forward and is
// reported there, once, not at the Sequential nor at its forward call.
// (RMSNorm needs x twice, so it cannot span several elements.)
#include <torch/torch.h>

struct RMSNormImpl : torch::nn::Module {
  RMSNormImpl(int64_t dim) { weight = register_parameter("weight", torch::ones({dim})); }
  torch::Tensor forward(torch::Tensor x) {
    return x * torch::rsqrt(x.pow(2).mean(-1, true) + 1e-6) * weight;
  }
  torch::Tensor weight;
};
TORCH_MODULE(RMSNorm);

struct HeadImpl : torch::nn::Module {
  HeadImpl() {
    net = register_module("net", torch::nn::Sequential(
        torch::nn::Linear(16, 16),
        RMSNorm(16),
        torch::nn::Linear(16, 4)));
    proj->push_back(torch::nn::Linear(4, 16));
    proj->push_back(RMSNorm(16));
    register_module("proj", proj);
  }
  torch::Tensor forward(torch::Tensor x) { return proj->forward(net->forward(x)); }
  torch::nn::Sequential net{nullptr};
  torch::nn::Sequential proj;
};
TORCH_MODULE(Head);

// CHECK-NOT: warning
// CHECK:{{.*}}sequential.cpp:13:31: warning: this is RMSNorm over the last dimension written out op by op; one fused kernel computes it in a single pass (adopter::ops::rms_norm) [adopter-rmsnorm-manual]
// CHECK-NEXT:    return x * torch::rsqrt(x.pow(2).mean(-1, true) + 1e-6) * weight;
// CHECK-NEXT:                              ^
// CHECK-NEXT:{{.*}}sequential.cpp:13:38: note: 'aten::mean' is part of the chain
// CHECK:{{.*}}sequential.cpp:13:53: note: 'aten::add' is part of the chain
// CHECK:{{.*}}sequential.cpp:13:16: note: 'aten::rsqrt' is part of the chain
// CHECK:{{.*}}sequential.cpp:13:14: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}sequential.cpp:13:61: note: 'aten::mul' is part of the chain
// CHECK-NOT: warning
