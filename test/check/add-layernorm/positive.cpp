// RUN: %adopter check --packs adopter %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
//
// Residual add -> LayerNorm in the spellings real code uses: BERT embeddings,
// a pre-norm block whose sum is reused by the next residual (the rule yields
// it), post-norm with norm->forward, an in-place `+=`, torch::add / .add, and
// the functional F::layer_norm / torch::layer_norm.
//
// Not in a Sequential: it passes one value from element to element, so the
// add can only be inside a user residual element; that is not covered here.
#include <torch/torch.h>

namespace F = torch::nn::functional;

struct EmbeddingsImpl : torch::nn::Module {
  EmbeddingsImpl() {
    word = register_module("word", torch::nn::Embedding(100, 16));
    position = register_module("position", torch::nn::Embedding(32, 16));
    LayerNorm = register_module("LayerNorm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({16}).eps(1e-12)));
  }
  torch::Tensor forward(torch::Tensor ids, torch::Tensor pos) {
    auto embeddings = word(ids) + position(pos);
    return LayerNorm(embeddings);
  }
  torch::nn::Embedding word{nullptr}, position{nullptr};
  torch::nn::LayerNorm LayerNorm{nullptr};
};
TORCH_MODULE(Embeddings);

struct PreNormBlockImpl : torch::nn::Module {
  PreNormBlockImpl() {
    ln_1 = register_module("ln_1", torch::nn::LayerNorm(torch::nn::LayerNormOptions({16})));
    ln_2 = register_module("ln_2", torch::nn::LayerNorm(torch::nn::LayerNormOptions({16})));
    attn = register_module("attn", torch::nn::Linear(16, 16));
    mlp = register_module("mlp", torch::nn::Linear(16, 16));
  }
  torch::Tensor forward(torch::Tensor x) {
    x = x + attn(ln_1(x));
    x = x + mlp(ln_2(x));
    return x;
  }
  torch::nn::LayerNorm ln_1{nullptr}, ln_2{nullptr};
  torch::nn::Linear attn{nullptr}, mlp{nullptr};
};
TORCH_MODULE(PreNormBlock);

struct PostNormImpl : torch::nn::Module {
  PostNormImpl() {
    proj = register_module("proj", torch::nn::Linear(16, 16));
    norm1 = register_module("norm1", torch::nn::LayerNorm(torch::nn::LayerNormOptions({16})));
    norm2 = register_module("norm2", torch::nn::LayerNorm(torch::nn::LayerNormOptions({16})));
  }
  torch::Tensor forward(torch::Tensor x, torch::Tensor mem) {
    x = norm1->forward(proj(x) + x);
    auto y = torch::tanh(x);
    y += mem;
    return norm2(y);
  }
  torch::nn::Linear proj{nullptr};
  torch::nn::LayerNorm norm1{nullptr}, norm2{nullptr};
};
TORCH_MODULE(PostNorm);

struct FunctionalImpl : torch::nn::Module {
  FunctionalImpl() {
    weight = register_parameter("weight", torch::ones({16}));
    bias = register_parameter("bias", torch::zeros({16}));
  }
  torch::Tensor forward(torch::Tensor x, torch::Tensor sa_output) {
    auto h = F::layer_norm(torch::add(sa_output, x), F::LayerNormFuncOptions({16}).eps(1e-12));
    auto g = torch::sigmoid(h);
    return torch::layer_norm(g.add(x), {16}, weight, bias, 1e-5);
  }
  torch::Tensor weight, bias;
};
TORCH_MODULE(Functional);

// CHECK:{{.*}}positive.cpp:22:33: warning: the residual add and LayerNorm can run as one fused kernel that also returns the sum (adopter::nn::FusedAddLayerNorm) [adopter-add-layernorm]
// CHECK-NEXT:    auto embeddings = word(ids) + position(pos);
// CHECK-NEXT:                                ^
// CHECK-NEXT:{{.*}}positive.cpp:23:12: note: 'LayerNorm' (torch::nn::LayerNorm) is part of the chain
// CHECK-NEXT:    return LayerNorm(embeddings);
// CHECK-NEXT:           ^
// CHECK:{{.*}}positive.cpp:38:11: warning: the residual add and LayerNorm {{.*}} [adopter-add-layernorm]
// CHECK:{{.*}}positive.cpp:39:17: note: 'ln_2' (torch::nn::LayerNorm) is part of the chain
// CHECK:{{.*}}positive.cpp:54:32: warning: the residual add and LayerNorm {{.*}} [adopter-add-layernorm]
// CHECK:{{.*}}positive.cpp:54:16: note: 'norm1' (torch::nn::LayerNorm) is part of the chain
// CHECK:{{.*}}positive.cpp:56:7: warning: the residual add and LayerNorm {{.*}} [adopter-add-layernorm]
// CHECK-NEXT:    y += mem;
// CHECK:{{.*}}positive.cpp:57:12: note: 'norm2' (torch::nn::LayerNorm) is part of the chain
// CHECK:{{.*}}positive.cpp:70:28: warning: the residual add and LayerNorm {{.*}} [adopter-add-layernorm]
// CHECK:{{.*}}positive.cpp:70:14: note: 'aten::layer_norm' is part of the chain
// CHECK:{{.*}}positive.cpp:72:32: warning: the residual add and LayerNorm {{.*}} [adopter-add-layernorm]
// CHECK:{{.*}}positive.cpp:72:12: note: 'aten::layer_norm' is part of the chain
// CHECK-NOT: warning
