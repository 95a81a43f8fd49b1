// RUN: %adopter check --no-builtin-rules --rules %S/../../../rules/adopter/add-rmsnorm.yaml %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
//
// add -> RMSNorm across a call: the residual add in the caller and the RMSNorm
// formula in a user module (LLaMA). The whole callee body is part of the
// chain, so it is fixable although RMSNorm has three instances (also
// attention_norm and the final norm, which follow no add). The add ending an
// own method continues into the caller's RMSNorm formula: reported at the
// call.
// Only this rule is loaded: the matches are checked, not the choice against
// rmsnorm-manual, which matches the callee body alone.
#include <torch/torch.h>

struct RMSNormImpl : torch::nn::Module {
  RMSNormImpl(int64_t dim, double eps) : eps_(eps) {
    weight = register_parameter("weight", torch::ones({dim}));
  }
  torch::Tensor forward(const torch::Tensor &x) {
    auto output = x * torch::rsqrt(x.pow(2).mean(-1, /*keepdim=*/true) + eps_);
    return output * weight;
  }
  double eps_;
  torch::Tensor weight;
};
TORCH_MODULE(RMSNorm);

struct TransformerBlockImpl : torch::nn::Module {
  TransformerBlockImpl() {
    attention_norm = register_module("attention_norm", RMSNorm(16, 1e-6));
    ffn_norm = register_module("ffn_norm", RMSNorm(16, 1e-6));
    wo = register_module("wo", torch::nn::Linear(16, 16));
    w2 = register_module("w2", torch::nn::Linear(16, 16));
  }
  torch::Tensor forward(const torch::Tensor &x) {
    auto h = x + wo(attention_norm(x));
    auto out = h + w2(ffn_norm(h));
    return out;
  }
  RMSNorm attention_norm{nullptr}, ffn_norm{nullptr};
  torch::nn::Linear wo{nullptr}, w2{nullptr};
};
TORCH_MODULE(TransformerBlock);

struct HeadImpl : torch::nn::Module {
  HeadImpl() { norm = register_module("norm", RMSNorm(16, 1e-6)); }
  torch::Tensor forward(const torch::Tensor &h) { return norm(h); }
  RMSNorm norm{nullptr};
};
TORCH_MODULE(Head);

struct EmbeddingsImpl : torch::nn::Module {
  EmbeddingsImpl() {
    tok = register_module("tok", torch::nn::Embedding(100, 16));
    pos = register_module("pos", torch::nn::Embedding(32, 16));
  }
  torch::Tensor embed(torch::Tensor ids, torch::Tensor p) { return tok(ids) + pos(p); }
  torch::Tensor forward(torch::Tensor ids, torch::Tensor p) {
    auto e = embed(ids, p);
    return e * torch::rsqrt(e.pow(2).mean(-1, true) + 1e-6);
  }
  torch::nn::Embedding tok{nullptr}, pos{nullptr};
};
TORCH_MODULE(Embeddings);

// CHECK-NOT: warning
// CHECK:{{.*}}cross-function.cpp:35:16: warning: the residual add and RMSNorm can run as one fused kernel that also returns the sum (adopter::ops::add_rms_norm) [adopter-add-rmsnorm]
// CHECK:{{.*}}cross-function.cpp:19:38: note: 'aten::pow' is part of the chain, inside 'RMSNorm::forward'
// CHECK:{{.*}}cross-function.cpp:19:45: note: 'aten::mean' is part of the chain, inside 'RMSNorm::forward'
// CHECK:{{.*}}cross-function.cpp:19:72: note: 'aten::add' is part of the chain, inside 'RMSNorm::forward'
// CHECK:{{.*}}cross-function.cpp:19:23: note: 'aten::rsqrt' is part of the chain, inside 'RMSNorm::forward'
// CHECK:{{.*}}cross-function.cpp:19:21: note: 'aten::mul' is part of the chain, inside 'RMSNorm::forward'
// CHECK:{{.*}}cross-function.cpp:20:19: note: 'aten::mul' is part of the chain, inside 'RMSNorm::forward'
// CHECK-NOT: warning
// CHECK:{{.*}}cross-function.cpp:58:14: warning: the residual add and RMSNorm {{.*}} [adopter-add-rmsnorm]
// CHECK:{{.*}}cross-function.cpp:56:77: note: 'aten::add' is part of the chain, inside 'Embeddings::embed'
// CHECK:{{.*}}cross-function.cpp:59:31: note: 'aten::pow' is part of the chain
// CHECK:{{.*}}cross-function.cpp:59:38: note: 'aten::mean' is part of the chain
// CHECK:{{.*}}cross-function.cpp:59:53: note: 'aten::add' is part of the chain
// CHECK:{{.*}}cross-function.cpp:59:16: note: 'aten::rsqrt' is part of the chain
// CHECK:{{.*}}cross-function.cpp:59:14: note: 'aten::mul' is part of the chain
// CHECK-NOT: warning
// CHECK-NOT: not fixable
