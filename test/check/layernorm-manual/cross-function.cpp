// RUN: %adopter check --packs adopter %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
//
// LayerNorm written out across function boundaries:
// * a user LayerNorm module with three instances: reported once, in forward;
// * a free helper without affine called from two modules: reported once,
//   inside the helper;
// * the centering in the caller and the scaling in a helper: the chain starts
//   in the caller and is reported there, at the mean.
#include <torch/torch.h>

struct LayerNormImpl : torch::nn::Module {
  LayerNormImpl(int64_t n) {
    weight = register_parameter("weight", torch::ones({n}));
    bias = register_parameter("bias", torch::zeros({n}));
  }
  torch::Tensor forward(torch::Tensor x) {
    auto mu = x.mean(-1, true);
    auto var = x.var(-1, false, true);
    return (x - mu) / torch::sqrt(var + 1e-5) * weight + bias;
  }
  torch::Tensor weight, bias;
};
TORCH_MODULE(LayerNorm);

torch::Tensor head_norm(const torch::Tensor &x) {
  auto c = x - x.mean(-1, true);
  return c * torch::rsqrt(c.pow(2).mean(-1, true) + 1e-5);
}

torch::Tensor scale_by_std(const torch::Tensor &c) {
  return c / torch::sqrt(c.pow(2).mean(-1, true) + 1e-5);
}

struct BlockImpl : torch::nn::Module {
  BlockImpl() {
    ln_1 = register_module("ln_1", LayerNorm(16));
    ln_2 = register_module("ln_2", LayerNorm(16));
  }
  torch::Tensor forward(torch::Tensor x) {
    auto h = torch::relu(ln_1(x));
    return head_norm(ln_2(h));
  }
  LayerNorm ln_1{nullptr}, ln_2{nullptr};
};
TORCH_MODULE(Block);

struct RetentionImpl : torch::nn::Module {
  RetentionImpl() { ln_f = register_module("ln_f", LayerNorm(16)); }
  torch::Tensor forward(torch::Tensor x, torch::Tensor y) {
    auto a = head_norm(x.transpose(1, 2));
    auto c = y - y.mean(-1, true);
    return ln_f(a) + scale_by_std(c);
  }
  LayerNorm ln_f{nullptr};
};
TORCH_MODULE(Retention);

// CHECK-NOT: warning
// CHECK:{{.*}}cross-function.cpp:18:17: warning: this is LayerNorm over the last dimension written out op by op; one fused kernel computes it in a single pass (adopter::ops::layer_norm) [adopter-layernorm-manual]
// CHECK:{{.*}}cross-function.cpp:19:18: note: 'aten::var' is part of the chain
// CHECK:{{.*}}cross-function.cpp:20:15: note: 'aten::sub' is part of the chain
// CHECK:{{.*}}cross-function.cpp:20:39: note: 'aten::add' is part of the chain
// CHECK:{{.*}}cross-function.cpp:20:23: note: 'aten::sqrt' is part of the chain
// CHECK:{{.*}}cross-function.cpp:20:21: note: 'aten::div' is part of the chain
// CHECK:{{.*}}cross-function.cpp:20:47: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}cross-function.cpp:20:56: note: 'aten::add' is part of the chain
// CHECK-NOT: warning
// CHECK:{{.*}}cross-function.cpp:27:18: warning: this is LayerNorm {{.*}} [adopter-layernorm-manual]
// CHECK:{{.*}}cross-function.cpp:27:14: note: 'aten::sub' is part of the chain
// CHECK:{{.*}}cross-function.cpp:28:29: note: 'aten::pow' is part of the chain
// CHECK:{{.*}}cross-function.cpp:28:36: note: 'aten::mean' is part of the chain
// CHECK:{{.*}}cross-function.cpp:28:51: note: 'aten::add' is part of the chain
// CHECK:{{.*}}cross-function.cpp:28:14: note: 'aten::rsqrt' is part of the chain
// CHECK:{{.*}}cross-function.cpp:28:12: note: 'aten::mul' is part of the chain
// The helper's own RMSNorm: the LayerNorm's rewrite replaces the helper's
// call and leaves its body alone, so both are reported.
// CHECK-NOT: warning
// CHECK:{{.*}}cross-function.cpp:32:28: warning: this is RMSNorm {{.*}} [adopter-rmsnorm-manual]
// CHECK-NOT: warning
// CHECK:{{.*}}cross-function.cpp:52:20: warning: this is LayerNorm {{.*}} [adopter-layernorm-manual]
// CHECK:{{.*}}cross-function.cpp:52:16: note: 'aten::sub' is part of the chain
// CHECK:{{.*}}cross-function.cpp:32:28: note: 'aten::pow' is part of the chain, inside 'scale_by_std'
// CHECK:{{.*}}cross-function.cpp:32:35: note: 'aten::mean' is part of the chain, inside 'scale_by_std'
// CHECK:{{.*}}cross-function.cpp:32:50: note: 'aten::add' is part of the chain, inside 'scale_by_std'
// CHECK:{{.*}}cross-function.cpp:32:14: note: 'aten::sqrt' is part of the chain, inside 'scale_by_std'
// CHECK:{{.*}}cross-function.cpp:32:12: note: 'aten::div' is part of the chain, inside 'scale_by_std'
// CHECK-NOT: warning
// CHECK-NOT: not fixable
