// RUN: %adopter check --packs torch-builtin %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
//
// LayerNorm written out across function boundaries:
// * a user LayerNorm module with three instances: reported once, in forward;
// * a free helper without affine called from two modules: reported once,
//   inside the helper;
// * the centering in the caller and the scaling in a helper with one caller:
//   the chain starts in the caller and is reported there, at the mean;
// * the same with a method that also projects the result and has a second
//   caller: reported at the mean, not fixable.
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

torch::Tensor normalize(const torch::Tensor &x) {
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
    return normalize(ln_2(h));
  }
  LayerNorm ln_1{nullptr}, ln_2{nullptr};
};
TORCH_MODULE(Block);

struct RetentionImpl : torch::nn::Module {
  RetentionImpl() { ln_f = register_module("ln_f", LayerNorm(16)); }
  torch::Tensor forward(torch::Tensor x, torch::Tensor y) {
    auto a = normalize(x.transpose(1, 2));
    auto c = y - y.mean(-1, true);
    return ln_f(a) + scale_by_std(c);
  }
  LayerNorm ln_f{nullptr};
};
TORCH_MODULE(Retention);

struct ProjNormImpl : torch::nn::Module {
  ProjNormImpl() { proj = register_module("proj", torch::nn::Linear(16, 16)); }
  torch::Tensor finish(torch::Tensor c) {
    return proj(c / torch::sqrt(c.pow(2).mean(-1, true) + 1e-5));
  }
  torch::Tensor forward(torch::Tensor x, torch::Tensor y) {
    auto c = x - x.mean(-1, true);
    return finish(c) + finish(y);
  }
  torch::nn::Linear proj{nullptr};
};
TORCH_MODULE(ProjNorm);

// CHECK-NOT: warning
// CHECK:{{.*}}cross-function.cpp:20:17: warning: this is LayerNorm over the last dimension written out op by op; LibTorch's torch::layer_norm computes it in one fused pass [adopter-builtin-layer-norm]
// CHECK:{{.*}}cross-function.cpp:21:18: note: 'aten::var' is part of the chain
// CHECK:{{.*}}cross-function.cpp:22:15: note: 'aten::sub' is part of the chain
// CHECK:{{.*}}cross-function.cpp:22:39: note: 'aten::add' is part of the chain
// CHECK:{{.*}}cross-function.cpp:22:23: note: 'aten::sqrt' is part of the chain
// CHECK:{{.*}}cross-function.cpp:22:21: note: 'aten::div' is part of the chain
// CHECK:{{.*}}cross-function.cpp:22:47: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}cross-function.cpp:22:56: note: 'aten::add' is part of the chain
// CHECK-NOT: warning
// CHECK:{{.*}}cross-function.cpp:29:18: warning: this is LayerNorm {{.*}} [adopter-builtin-layer-norm]
// CHECK:{{.*}}cross-function.cpp:29:14: note: 'aten::sub' is part of the chain
// CHECK:{{.*}}cross-function.cpp:30:29: note: 'aten::pow' is part of the chain
// CHECK:{{.*}}cross-function.cpp:30:36: note: 'aten::mean' is part of the chain
// CHECK:{{.*}}cross-function.cpp:30:51: note: 'aten::add' is part of the chain
// CHECK:{{.*}}cross-function.cpp:30:14: note: 'aten::rsqrt' is part of the chain
// CHECK:{{.*}}cross-function.cpp:30:12: note: 'aten::mul' is part of the chain
// CHECK-NOT: warning
// CHECK:{{.*}}cross-function.cpp:54:20: warning: this is LayerNorm {{.*}} [adopter-builtin-layer-norm]
// CHECK:{{.*}}cross-function.cpp:54:16: note: 'aten::sub' is part of the chain
// CHECK:{{.*}}cross-function.cpp:34:28: note: 'aten::pow' is part of the chain, inside 'scale_by_std'
// CHECK:{{.*}}cross-function.cpp:34:35: note: 'aten::mean' is part of the chain, inside 'scale_by_std'
// CHECK:{{.*}}cross-function.cpp:34:50: note: 'aten::add' is part of the chain, inside 'scale_by_std'
// CHECK:{{.*}}cross-function.cpp:34:14: note: 'aten::sqrt' is part of the chain, inside 'scale_by_std'
// CHECK:{{.*}}cross-function.cpp:34:12: note: 'aten::div' is part of the chain, inside 'scale_by_std'
// CHECK-NOT: not fixable
// CHECK-NOT: warning
// CHECK:{{.*}}cross-function.cpp:67:20: warning: this is LayerNorm {{.*}} [adopter-builtin-layer-norm]
// CHECK:{{.*}}cross-function.cpp:67:16: note: 'aten::sub' is part of the chain
// CHECK:{{.*}}cross-function.cpp:64:35: note: 'aten::pow' is part of the chain, inside 'ProjNorm::finish'
// CHECK:{{.*}}cross-function.cpp:64:42: note: 'aten::mean' is part of the chain, inside 'ProjNorm::finish'
// CHECK:{{.*}}cross-function.cpp:64:57: note: 'aten::add' is part of the chain, inside 'ProjNorm::finish'
// CHECK:{{.*}}cross-function.cpp:64:21: note: 'aten::sqrt' is part of the chain, inside 'ProjNorm::finish'
// CHECK:{{.*}}cross-function.cpp:64:19: note: 'aten::div' is part of the chain, inside 'ProjNorm::finish'
// CHECK:{{.*}}cross-function.cpp:67:20: note: not fixable: the chain continues inside 'ProjNorm::finish', which is called from 2 places ({{.*}}cross-function.cpp:68:12, {{.*}}cross-function.cpp:68:24); rewriting it would change the other callers
// CHECK-NOT: warning
