// RUN: %adopter check --packs adopter %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
//
// add -> LayerNorm across a call.
// * nanoGPT's LayerNorm (optional bias) is a user module whose forward is
//   F::layer_norm: the add in the caller and the whole callee body form the
//   chain, reported at the add, fixable although the module type has three
//   call sites (ln_1, ln_2, ln_f).
// * The add ends an own method (the embeddings sum) and the LayerNorm is in
//   the caller: reported at the call.
// * The add ends a free helper that is the whole chain: reported at the call,
//   fixable although another module calls it too.
// * The add ends a free helper that also computes an input from its
//   parameters (tanh): reported at the call, fixable (the call is replaced).
#include <torch/torch.h>

namespace F = torch::nn::functional;

struct LayerNormImpl : torch::nn::Module {
  LayerNormImpl(int64_t ndim, bool bias) {
    weight = register_parameter("weight", torch::ones({ndim}));
    if (bias)
      this->bias = register_parameter("bias", torch::zeros({ndim}));
  }
  torch::Tensor forward(torch::Tensor input) {
    return F::layer_norm(input, F::LayerNormFuncOptions({weight.size(0)}).weight(weight).bias(bias).eps(1e-5));
  }
  torch::Tensor weight, bias;
};
TORCH_MODULE(LayerNorm);

struct BlockImpl : torch::nn::Module {
  BlockImpl() {
    ln_1 = register_module("ln_1", LayerNorm(16, true));
    ln_2 = register_module("ln_2", LayerNorm(16, true));
    attn = register_module("attn", torch::nn::Linear(16, 16));
    mlp = register_module("mlp", torch::nn::Linear(16, 16));
  }
  torch::Tensor forward(torch::Tensor x) {
    x = x + attn(ln_1(x));
    return mlp(ln_2(x)) * x;
  }
  LayerNorm ln_1{nullptr}, ln_2{nullptr};
  torch::nn::Linear attn{nullptr}, mlp{nullptr};
};
TORCH_MODULE(Block);

struct HeadImpl : torch::nn::Module {
  HeadImpl() { ln_f = register_module("ln_f", LayerNorm(16, false)); }
  torch::Tensor forward(torch::Tensor x) { return ln_f(x); }
  LayerNorm ln_f{nullptr};
};
TORCH_MODULE(Head);

struct EmbeddingsImpl : torch::nn::Module {
  EmbeddingsImpl() {
    tok = register_module("tok", torch::nn::Embedding(100, 16));
    pos = register_module("pos", torch::nn::Embedding(32, 16));
    norm = register_module("norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({16})));
  }
  torch::Tensor sum(torch::Tensor ids, torch::Tensor p) { return tok(ids) + pos(p); }
  torch::Tensor forward(torch::Tensor ids, torch::Tensor p) { return norm(sum(ids, p)); }
  torch::nn::Embedding tok{nullptr}, pos{nullptr};
  torch::nn::LayerNorm norm{nullptr};
};
TORCH_MODULE(Embeddings);

torch::Tensor skip_add(const torch::Tensor &x, const torch::Tensor &y) { return x + y; }
torch::Tensor residual(const torch::Tensor &x, const torch::Tensor &y) { return x + torch::tanh(y); }

struct PostNormImpl : torch::nn::Module {
  PostNormImpl() {
    norm1 = register_module("norm1", torch::nn::LayerNorm(torch::nn::LayerNormOptions({16})));
    norm2 = register_module("norm2", torch::nn::LayerNorm(torch::nn::LayerNormOptions({16})));
  }
  torch::Tensor forward(torch::Tensor x, torch::Tensor y) {
    auto h = norm1(skip_add(x, y));
    return norm2(residual(x, h));
  }
  torch::nn::LayerNorm norm1{nullptr}, norm2{nullptr};
};
TORCH_MODULE(PostNorm);

struct SkipImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor x, torch::Tensor y) { return torch::relu(residual(x, y)) + skip_add(x, y); }
};
TORCH_MODULE(Skip);

// CHECK:{{.*}}cross-function.cpp:40:11: warning: the residual add and LayerNorm can run as one fused kernel that also returns the sum (adopter::nn::FusedAddLayerNorm) [adopter-add-layernorm]
// CHECK-NEXT:    x = x + attn(ln_1(x));
// CHECK-NEXT:          ^
// CHECK:{{.*}}cross-function.cpp:26:12: note: 'aten::layer_norm' is part of the chain, inside 'LayerNorm::forward'
// CHECK-NOT: not fixable
// CHECK:{{.*}}cross-function.cpp:62:75: warning: the residual add and LayerNorm {{.*}} [adopter-add-layernorm]
// CHECK:{{.*}}cross-function.cpp:61:75: note: 'aten::add' is part of the chain, inside 'Embeddings::sum'
// CHECK:{{.*}}cross-function.cpp:62:70: note: 'norm' (torch::nn::LayerNorm) is part of the chain
// CHECK-NOT: not fixable
// CHECK:{{.*}}cross-function.cpp:77:20: warning: the residual add and LayerNorm {{.*}} [adopter-add-layernorm]
// CHECK:{{.*}}cross-function.cpp:68:83: note: 'aten::add' is part of the chain, inside 'skip_add'
// CHECK:{{.*}}cross-function.cpp:77:14: note: 'norm1' (torch::nn::LayerNorm) is part of the chain
// CHECK-NOT: not fixable
// CHECK:{{.*}}cross-function.cpp:78:18: warning: the residual add and LayerNorm {{.*}} [adopter-add-layernorm]
// CHECK:{{.*}}cross-function.cpp:69:83: note: 'aten::add' is part of the chain, inside 'residual'
// CHECK:{{.*}}cross-function.cpp:78:12: note: 'norm2' (torch::nn::LayerNorm) is part of the chain
// CHECK-NOT: not fixable
// CHECK-NOT: warning
