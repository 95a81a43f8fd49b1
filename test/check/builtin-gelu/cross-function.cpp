// RUN: %adopter check --packs torch-builtin %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
//
// GELU written out across function boundaries:
// * a free helper (BERT's gelu) called from two modules, and a user GELU
//   module (nanoGPT's NewGELU) with two instances: each reported once,
//   inside the helper / the forward;
// * the tanh argument computed by a helper and the rest in the caller: the
//   chain starts inside the callee and is reported at its call, fixable, also
//   when the helper has a second caller (a sigmoid gate): the helper is wholly
//   part of the chain, so its call is replaced and the helper kept;
// * the chain starting in forward and ending in a method that also projects
//   the result and has a second caller: reported in forward, not fixable.
#include <torch/torch.h>
#include <cmath>

torch::Tensor bert_gelu(const torch::Tensor &x) {
  return x * 0.5 * (1.0 + torch::erf(x / std::sqrt(2.0)));
}

torch::Tensor tanh_arg(const torch::Tensor &x) {
  return std::sqrt(2.0 / M_PI) * (x + 0.044715 * torch::pow(x, 3.0));
}

torch::Tensor shared_arg(const torch::Tensor &x) {
  return 0.7978845608 * (x + 0.044715 * x.pow(3));
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
    act = register_module("act", NewGELU());
    act2 = register_module("act2", NewGELU());
  }
  torch::Tensor forward(torch::Tensor x) { return act2(bert_gelu(act(c_fc(x)))); }
  torch::nn::Linear c_fc{nullptr};
  NewGELU act{nullptr}, act2{nullptr};
};
TORCH_MODULE(MLP);

struct BertIntermediateImpl : torch::nn::Module {
  BertIntermediateImpl() { dense = register_module("dense", torch::nn::Linear(16, 64)); }
  torch::Tensor forward(torch::Tensor h) {
    auto a = bert_gelu(dense(h));
    auto u = tanh_arg(h);
    return a + 0.5 * h * (1.0 + torch::tanh(u));
  }
  torch::nn::Linear dense{nullptr};
};
TORCH_MODULE(BertIntermediate);

struct GatedImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor x, torch::Tensor g) {
    auto y = 0.5 * x * (1.0 + torch::tanh(shared_arg(x)));
    return y * torch::sigmoid(shared_arg(g));
  }
};
TORCH_MODULE(Gated);

struct GatedOutImpl : torch::nn::Module {
  GatedOutImpl() { proj = register_module("proj", torch::nn::Linear(64, 16)); }
  torch::Tensor out(torch::Tensor x, torch::Tensor t) { return proj(0.5 * x * (1.0 + t)); }
  torch::Tensor forward(torch::Tensor x, torch::Tensor y) {
    auto a = out(x, torch::tanh(0.7978845608 * (x + 0.044715 * x.pow(3))));
    return a + out(y, torch::tanh(y));
  }
  torch::nn::Linear proj{nullptr};
};
TORCH_MODULE(GatedOut);

// CHECK-NOT: warning
// CHECK:{{.*}}cross-function.cpp:18:12: warning: this is GELU written out op by op; LibTorch's torch::gelu computes it in one pass [adopter-builtin-gelu]
// CHECK:{{.*}}cross-function.cpp:18:40: note: 'aten::div' is part of the chain
// CHECK:{{.*}}cross-function.cpp:18:27: note: 'aten::erf' is part of the chain
// CHECK:{{.*}}cross-function.cpp:18:25: note: 'aten::add' is part of the chain
// CHECK:{{.*}}cross-function.cpp:18:18: note: 'aten::mul' is part of the chain
// CHECK-NOT: warning
// CHECK:{{.*}}cross-function.cpp:31:16: warning: this is GELU {{.*}} [adopter-builtin-gelu]
// CHECK:{{.*}}cross-function.cpp:31:81: note: 'aten::pow' is part of the chain
// CHECK:{{.*}}cross-function.cpp:31:79: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}cross-function.cpp:31:68: note: 'aten::add' is part of the chain
// CHECK:{{.*}}cross-function.cpp:31:63: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}cross-function.cpp:31:29: note: 'aten::tanh' is part of the chain
// CHECK:{{.*}}cross-function.cpp:31:27: note: 'aten::add' is part of the chain
// CHECK:{{.*}}cross-function.cpp:31:20: note: 'aten::mul' is part of the chain
// CHECK-NOT: warning
// CHECK:{{.*}}cross-function.cpp:52:14: warning: this is GELU {{.*}} [adopter-builtin-gelu]
// CHECK:{{.*}}cross-function.cpp:22:50: note: 'aten::pow' is part of the chain, inside 'tanh_arg'
// CHECK:{{.*}}cross-function.cpp:22:48: note: 'aten::mul' is part of the chain, inside 'tanh_arg'
// CHECK:{{.*}}cross-function.cpp:22:37: note: 'aten::add' is part of the chain, inside 'tanh_arg'
// CHECK:{{.*}}cross-function.cpp:22:32: note: 'aten::mul' is part of the chain, inside 'tanh_arg'
// CHECK:{{.*}}cross-function.cpp:53:20: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}cross-function.cpp:53:33: note: 'aten::tanh' is part of the chain
// CHECK:{{.*}}cross-function.cpp:53:31: note: 'aten::add' is part of the chain
// CHECK:{{.*}}cross-function.cpp:53:24: note: 'aten::mul' is part of the chain
// CHECK-NOT: not fixable
// CHECK-NOT: warning
// CHECK:{{.*}}cross-function.cpp:61:18: warning: this is GELU {{.*}} [adopter-builtin-gelu]
// CHECK:{{.*}}cross-function.cpp:26:43: note: 'aten::pow' is part of the chain, inside 'shared_arg'
// CHECK:{{.*}}cross-function.cpp:26:39: note: 'aten::mul' is part of the chain, inside 'shared_arg'
// CHECK:{{.*}}cross-function.cpp:26:28: note: 'aten::add' is part of the chain, inside 'shared_arg'
// CHECK:{{.*}}cross-function.cpp:26:23: note: 'aten::mul' is part of the chain, inside 'shared_arg'
// CHECK:{{.*}}cross-function.cpp:61:31: note: 'aten::tanh' is part of the chain
// CHECK:{{.*}}cross-function.cpp:61:29: note: 'aten::add' is part of the chain
// CHECK:{{.*}}cross-function.cpp:61:22: note: 'aten::mul' is part of the chain
// CHECK-NOT: not fixable
// CHECK-NOT: warning
// CHECK:{{.*}}cross-function.cpp:71:66: warning: this is GELU {{.*}} [adopter-builtin-gelu]
// CHECK:{{.*}}cross-function.cpp:71:62: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}cross-function.cpp:71:51: note: 'aten::add' is part of the chain
// CHECK:{{.*}}cross-function.cpp:71:46: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}cross-function.cpp:71:21: note: 'aten::tanh' is part of the chain
// CHECK:{{.*}}cross-function.cpp:69:73: note: 'aten::mul' is part of the chain, inside 'GatedOut::out'
// CHECK:{{.*}}cross-function.cpp:69:84: note: 'aten::add' is part of the chain, inside 'GatedOut::out'
// CHECK:{{.*}}cross-function.cpp:69:77: note: 'aten::mul' is part of the chain, inside 'GatedOut::out'
// CHECK:{{.*}}cross-function.cpp:71:66: note: not fixable: the chain continues inside 'GatedOut::out', which is called from 2 places ({{.*}}cross-function.cpp:71:14, {{.*}}cross-function.cpp:72:16); rewriting it would change the other callers
// CHECK-NOT: warning
