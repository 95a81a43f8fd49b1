// RUN: %adopter check --packs adopter %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
//
// GELU written out across function boundaries:
// * a free helper (GPT-NeoX's gelu_erf) called from two modules: reported
//   once, inside the helper;
// * a user GELU module (nanoGPT's NewGELU) with two instances: reported once,
//   inside its forward;
// * the tanh argument computed by a helper and the rest in the caller: the
//   chain starts inside the callee and is reported at its call.
#include <torch/torch.h>
#include <cmath>

torch::Tensor gelu_erf(const torch::Tensor &x) {
  return x * 0.5 * (1.0 + torch::erf(x / std::sqrt(2.0)));
}

torch::Tensor gelu_inner(const torch::Tensor &x) {
  return std::sqrt(2.0 / M_PI) * (x + 0.044715 * torch::pow(x, 3.0));
}

struct NewGELUImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor x) {
    return 0.5 * x * (1.0 + torch::tanh(std::sqrt(2.0 / M_PI) * (x + 0.044715 * torch::pow(x, 3.0))));
  }
};
TORCH_MODULE(NewGELU);

struct MLPImpl : torch::nn::Module {
  MLPImpl() {
    c_fc = register_module("c_fc", torch::nn::Linear(16, 64));
    c_proj = register_module("c_proj", torch::nn::Linear(64, 16));
    act = register_module("act", NewGELU());
  }
  torch::Tensor forward(torch::Tensor x) { return c_proj(act(c_fc(x))); }
  torch::nn::Linear c_fc{nullptr}, c_proj{nullptr};
  NewGELU act{nullptr};
};
TORCH_MODULE(MLP);

struct GPTNeoXMLPImpl : torch::nn::Module {
  GPTNeoXMLPImpl() {
    dense_h_to_4h = register_module("dense_h_to_4h", torch::nn::Linear(16, 64));
    act = register_module("act", NewGELU());
  }
  torch::Tensor forward(torch::Tensor h) {
    auto a = gelu_erf(dense_h_to_4h(h));
    auto u = gelu_inner(h);
    return act(a) + 0.5 * h * (1.0 + torch::tanh(u));
  }
  torch::nn::Linear dense_h_to_4h{nullptr};
  NewGELU act{nullptr};
};
TORCH_MODULE(GPTNeoXMLP);

struct RewardHeadImpl : torch::nn::Module {
  RewardHeadImpl() { dense = register_module("dense", torch::nn::Linear(16, 16)); }
  torch::Tensor forward(torch::Tensor x) { return gelu_erf(dense(x)).sum(-1); }
  torch::nn::Linear dense{nullptr};
};
TORCH_MODULE(RewardHead);

// CHECK-NOT: warning
// CHECK:{{.*}}cross-function.cpp:15:12: warning: this is GELU written out op by op; one fused elementwise kernel computes it in a single pass (adopter::ops::gelu) [adopter-gelu-manual]
// CHECK:{{.*}}cross-function.cpp:15:40: note: 'aten::div' is part of the chain
// CHECK:{{.*}}cross-function.cpp:15:27: note: 'aten::erf' is part of the chain
// CHECK:{{.*}}cross-function.cpp:15:25: note: 'aten::add' is part of the chain
// CHECK:{{.*}}cross-function.cpp:15:18: note: 'aten::mul' is part of the chain
// CHECK-NOT: warning
// CHECK:{{.*}}cross-function.cpp:24:16: warning: this is GELU {{.*}} [adopter-gelu-manual]
// CHECK:{{.*}}cross-function.cpp:24:81: note: 'aten::pow' is part of the chain
// CHECK:{{.*}}cross-function.cpp:24:79: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}cross-function.cpp:24:68: note: 'aten::add' is part of the chain
// CHECK:{{.*}}cross-function.cpp:24:63: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}cross-function.cpp:24:29: note: 'aten::tanh' is part of the chain
// CHECK:{{.*}}cross-function.cpp:24:27: note: 'aten::add' is part of the chain
// CHECK:{{.*}}cross-function.cpp:24:20: note: 'aten::mul' is part of the chain
// CHECK-NOT: warning
// CHECK:{{.*}}cross-function.cpp:48:14: warning: this is GELU {{.*}} [adopter-gelu-manual]
// CHECK:{{.*}}cross-function.cpp:19:50: note: 'aten::pow' is part of the chain, inside 'gelu_inner'
// CHECK:{{.*}}cross-function.cpp:19:48: note: 'aten::mul' is part of the chain, inside 'gelu_inner'
// CHECK:{{.*}}cross-function.cpp:19:37: note: 'aten::add' is part of the chain, inside 'gelu_inner'
// CHECK:{{.*}}cross-function.cpp:19:32: note: 'aten::mul' is part of the chain, inside 'gelu_inner'
// CHECK:{{.*}}cross-function.cpp:49:25: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}cross-function.cpp:49:38: note: 'aten::tanh' is part of the chain
// CHECK:{{.*}}cross-function.cpp:49:36: note: 'aten::add' is part of the chain
// CHECK:{{.*}}cross-function.cpp:49:29: note: 'aten::mul' is part of the chain
// CHECK-NOT: warning
// CHECK-NOT: not fixable
