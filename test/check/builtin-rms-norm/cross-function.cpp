// RUN: %adopter check --packs torch-builtin --torch-version 2.4 %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
//
// RMSNorm written out across function boundaries:
// * a free QK-norm helper called twice: reported once, inside the helper;
// * Meta's LLaMA RMSNorm: the upcast in forward, the normalisation in _norm(),
//   type_as and the weight back in forward: reported in forward, at the
//   upcast, fixable;
// * the mean square computed by a helper with one caller and the rest in the
//   caller: the chain starts inside the callee and is reported at its call;
// * the weight applied in a head method that also projects and has a second
//   caller (an early-exit head on the raw hidden state): not fixable.
#include <torch/torch.h>

torch::Tensor qk_norm(const torch::Tensor &x) {
  return x * torch::rsqrt(x.pow(2).mean(-1, true) + 1e-6);
}

torch::Tensor mean_square(const torch::Tensor &x) { return torch::square(x).mean(-1, true); }

struct LlamaRMSNormImpl : torch::nn::Module {
  LlamaRMSNormImpl(int64_t dim) { weight = register_parameter("weight", torch::ones({dim})); }
  torch::Tensor _norm(torch::Tensor x) { return x * torch::rsqrt(x.pow(2).mean(-1, true) + eps); }
  torch::Tensor forward(torch::Tensor x) {
    auto output = _norm(x.to(torch::kFloat)).type_as(x);
    return output * weight;
  }
  double eps = 1e-6;
  torch::Tensor weight;
};
TORCH_MODULE(LlamaRMSNorm);

struct AttentionImpl : torch::nn::Module {
  AttentionImpl() { norm = register_module("norm", LlamaRMSNorm(16)); }
  torch::Tensor forward(torch::Tensor x, torch::Tensor q, torch::Tensor k) {
    auto s = torch::matmul(qk_norm(q), qk_norm(k).transpose(-2, -1));
    auto h = norm(x);
    return torch::matmul(s, h * torch::rsqrt(mean_square(h) + 1e-5));
  }
  LlamaRMSNorm norm{nullptr};
};
TORCH_MODULE(Attention);

struct ExitHeadsImpl : torch::nn::Module {
  ExitHeadsImpl() {
    weight = register_parameter("weight", torch::ones({16}));
    lm_head = register_module("lm_head", torch::nn::Linear(16, 100));
  }
  torch::Tensor head(torch::Tensor n) { return lm_head(n * weight); }
  torch::Tensor forward(torch::Tensor h, torch::Tensor early) {
    auto n = h * torch::rsqrt(h.pow(2).mean(-1, true) + 1e-6);
    return head(n) + head(early);
  }
  torch::Tensor weight;
  torch::nn::Linear lm_head{nullptr};
};
TORCH_MODULE(ExitHeads);

// CHECK-NOT: warning
// CHECK:{{.*}}cross-function.cpp:16:29: warning: this is RMSNorm written out op by op; LibTorch 2.4's torch::rms_norm computes it in one pass [adopter-builtin-rms-norm]
// CHECK:{{.*}}cross-function.cpp:16:36: note: 'aten::mean' is part of the chain
// CHECK:{{.*}}cross-function.cpp:16:51: note: 'aten::add' is part of the chain
// CHECK:{{.*}}cross-function.cpp:16:14: note: 'aten::rsqrt' is part of the chain
// CHECK:{{.*}}cross-function.cpp:16:12: note: 'aten::mul' is part of the chain
// _norm()'s own RMSNorm: the forward's rewrite replaces _norm()'s call and
// leaves its body alone, so both are reported.
// CHECK-NOT: warning
// CHECK:{{.*}}cross-function.cpp:23:68: warning: this is RMSNorm {{.*}} [adopter-builtin-rms-norm]
// CHECK-NOT: warning
// CHECK:{{.*}}cross-function.cpp:25:27: warning: this is RMSNorm {{.*}} [adopter-builtin-rms-norm]
// CHECK:{{.*}}cross-function.cpp:23:68: note: 'aten::pow' is part of the chain, inside 'LlamaRMSNorm::_norm'
// CHECK:{{.*}}cross-function.cpp:23:75: note: 'aten::mean' is part of the chain, inside 'LlamaRMSNorm::_norm'
// CHECK:{{.*}}cross-function.cpp:23:90: note: 'aten::add' is part of the chain, inside 'LlamaRMSNorm::_norm'
// CHECK:{{.*}}cross-function.cpp:23:53: note: 'aten::rsqrt' is part of the chain, inside 'LlamaRMSNorm::_norm'
// CHECK:{{.*}}cross-function.cpp:23:51: note: 'aten::mul' is part of the chain, inside 'LlamaRMSNorm::_norm'
// CHECK:{{.*}}cross-function.cpp:25:46: note: 'aten::type_as' is part of the chain
// CHECK:{{.*}}cross-function.cpp:26:19: note: 'aten::mul' is part of the chain
// CHECK-NOT: not fixable
// CHECK-NOT: warning
// CHECK:{{.*}}cross-function.cpp:38:46: warning: this is RMSNorm {{.*}} [adopter-builtin-rms-norm]
// CHECK:{{.*}}cross-function.cpp:19:60: note: 'aten::square' is part of the chain, inside 'mean_square'
// CHECK:{{.*}}cross-function.cpp:19:77: note: 'aten::mean' is part of the chain, inside 'mean_square'
// CHECK:{{.*}}cross-function.cpp:38:61: note: 'aten::add' is part of the chain
// CHECK:{{.*}}cross-function.cpp:38:33: note: 'aten::rsqrt' is part of the chain
// CHECK:{{.*}}cross-function.cpp:38:31: note: 'aten::mul' is part of the chain
// CHECK-NOT: not fixable
// CHECK-NOT: warning
// CHECK:{{.*}}cross-function.cpp:51:33: warning: this is RMSNorm {{.*}} [adopter-builtin-rms-norm]
// CHECK:{{.*}}cross-function.cpp:51:40: note: 'aten::mean' is part of the chain
// CHECK:{{.*}}cross-function.cpp:51:55: note: 'aten::add' is part of the chain
// CHECK:{{.*}}cross-function.cpp:51:18: note: 'aten::rsqrt' is part of the chain
// CHECK:{{.*}}cross-function.cpp:51:16: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}cross-function.cpp:49:58: note: 'aten::mul' is part of the chain, inside 'ExitHeads::head'
// CHECK:{{.*}}cross-function.cpp:51:33: note: not fixable: the chain continues inside 'ExitHeads::head', which is called from 2 places ({{.*}}cross-function.cpp:52:12, {{.*}}cross-function.cpp:52:22); rewriting it would change the other callers
// CHECK-NOT: warning
