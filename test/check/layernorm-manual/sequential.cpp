// RUN: %adopter check --packs adopter %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
//
// A user LayerNorm module as an element of torch::nn::Sequential (a named
// literal and push_back): the chain is wholly inside LayerNormImpl::forward
// and is reported there, once, not at the Sequential nor at its forward call.
// (LayerNorm needs x twice, so it cannot span several elements.)
#include <torch/torch.h>

struct LayerNormImpl : torch::nn::Module {
  LayerNormImpl(int64_t n) {
    weight = register_parameter("weight", torch::ones({n}));
    bias = register_parameter("bias", torch::zeros({n}));
  }
  torch::Tensor forward(torch::Tensor x) {
    auto u = x.mean(-1, true);
    auto s = (x - u).pow(2).mean(-1, true);
    return weight * ((x - u) / torch::sqrt(s + 1e-6)) + bias;
  }
  torch::Tensor weight, bias;
};
TORCH_MODULE(LayerNorm);

struct HeadImpl : torch::nn::Module {
  HeadImpl() {
    head = register_module("head", torch::nn::Sequential({
        {"norm", LayerNorm(16)},
        {"fc", torch::nn::Linear(16, 4)}}));
    stem->push_back(torch::nn::Linear(8, 16));
    stem->push_back(LayerNorm(16));
    register_module("stem", stem);
  }
  torch::Tensor forward(torch::Tensor x) { return head->forward(stem->forward(x)); }
  torch::nn::Sequential head{nullptr};
  torch::nn::Sequential stem;
};
TORCH_MODULE(Head);

// CHECK-NOT: warning
// CHECK:{{.*}}sequential.cpp:16:16: warning: this is LayerNorm over the last dimension written out op by op; one fused kernel computes it in a single pass (adopter::ops::layer_norm) [adopter-layernorm-manual]
// CHECK:{{.*}}sequential.cpp:17:17: note: 'aten::sub' is part of the chain
// CHECK:{{.*}}sequential.cpp:17:22: note: 'aten::pow' is part of the chain
// CHECK:{{.*}}sequential.cpp:17:29: note: 'aten::mean' is part of the chain
// CHECK:{{.*}}sequential.cpp:18:25: note: 'aten::sub' is part of the chain
// CHECK:{{.*}}sequential.cpp:18:46: note: 'aten::add' is part of the chain
// CHECK:{{.*}}sequential.cpp:18:32: note: 'aten::sqrt' is part of the chain
// CHECK:{{.*}}sequential.cpp:18:30: note: 'aten::div' is part of the chain
// CHECK:{{.*}}sequential.cpp:18:19: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}sequential.cpp:18:55: note: 'aten::add' is part of the chain
// CHECK-NOT: warning
