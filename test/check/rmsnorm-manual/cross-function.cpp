// RUN: %adopter check --packs adopter %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
//
// RMSNorm written out across function boundaries:
// * a free helper called from two places: reported once, inside the helper;
// * a user RMSNorm module with three instances: reported once, in its forward;
// * the mean square computed by a helper and the rest in the caller: the
//   chain starts inside the callee and is reported at its call.
#include <torch/torch.h>

// QK-norm without weights.
torch::Tensor rms_norm(const torch::Tensor &x, double eps) {
  return x * torch::rsqrt(x.pow(2).mean(-1, true) + eps);
}

torch::Tensor mean_square(const torch::Tensor &x) { return x.pow(2).mean(-1, true); }

struct RMSNormImpl : torch::nn::Module {
  RMSNormImpl(int64_t dim) { weight = register_parameter("weight", torch::ones({dim})); }
  torch::Tensor forward(const torch::Tensor &x) {
    auto output = x * torch::rsqrt(x.pow(2).mean(-1, true) + 1e-6);
    return output * weight;
  }
  torch::Tensor weight;
};
TORCH_MODULE(RMSNorm);

struct BlockImpl : torch::nn::Module {
  BlockImpl() {
    attention_norm = register_module("attention_norm", RMSNorm(16));
    ffn_norm = register_module("ffn_norm", RMSNorm(16));
  }
  torch::Tensor forward(torch::Tensor x, torch::Tensor q, torch::Tensor k) {
    auto a = torch::matmul(rms_norm(q, 1e-6), rms_norm(k, 1e-6).transpose(-2, -1));
    auto h = attention_norm(x).matmul(a);
    return ffn_norm(torch::tanh(h));
  }
  RMSNorm attention_norm{nullptr}, ffn_norm{nullptr};
};
TORCH_MODULE(Block);

struct ModelImpl : torch::nn::Module {
  ModelImpl() {
    block = register_module("block", Block());
    norm = register_module("norm", RMSNorm(16));
  }
  torch::Tensor forward(torch::Tensor x) {
    auto h = block(x, x, x);
    auto y = norm(h);
    return y * torch::rsqrt(mean_square(y) + 1e-5);
  }
  Block block{nullptr};
  RMSNorm norm{nullptr};
};
TORCH_MODULE(Model);

// CHECK-NOT: warning
// CHECK:{{.*}}cross-function.cpp:13:29: warning: this is RMSNorm over the last dimension written out op by op; one fused kernel computes it in a single pass (adopter::ops::rms_norm) [adopter-rmsnorm-manual]
// CHECK:{{.*}}cross-function.cpp:13:36: note: 'aten::mean' is part of the chain
// CHECK:{{.*}}cross-function.cpp:13:51: note: 'aten::add' is part of the chain
// CHECK:{{.*}}cross-function.cpp:13:14: note: 'aten::rsqrt' is part of the chain
// CHECK:{{.*}}cross-function.cpp:13:12: note: 'aten::mul' is part of the chain
// CHECK-NOT: warning
// CHECK:{{.*}}cross-function.cpp:21:38: warning: this is RMSNorm {{.*}} [adopter-rmsnorm-manual]
// CHECK:{{.*}}cross-function.cpp:21:45: note: 'aten::mean' is part of the chain
// CHECK:{{.*}}cross-function.cpp:21:60: note: 'aten::add' is part of the chain
// CHECK:{{.*}}cross-function.cpp:21:23: note: 'aten::rsqrt' is part of the chain
// CHECK:{{.*}}cross-function.cpp:21:21: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}cross-function.cpp:22:19: note: 'aten::mul' is part of the chain
// CHECK-NOT: warning
// CHECK:{{.*}}cross-function.cpp:50:29: warning: this is RMSNorm {{.*}} [adopter-rmsnorm-manual]
// CHECK:{{.*}}cross-function.cpp:16:62: note: 'aten::pow' is part of the chain, inside 'mean_square'
// CHECK:{{.*}}cross-function.cpp:16:69: note: 'aten::mean' is part of the chain, inside 'mean_square'
// CHECK:{{.*}}cross-function.cpp:50:44: note: 'aten::add' is part of the chain
// CHECK:{{.*}}cross-function.cpp:50:16: note: 'aten::rsqrt' is part of the chain
// CHECK:{{.*}}cross-function.cpp:50:14: note: 'aten::mul' is part of the chain
// CHECK-NOT: warning
// CHECK-NOT: not fixable
