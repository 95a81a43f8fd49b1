// RUN: %adopter check --packs adopter %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
// RUN: %adopter check --packs adopter --explain %s -- %torch_flags > %t.explain
// RUN: FileCheck --match-full-lines --check-prefix=EXPLAIN %s < %t.explain
//
// Dropout -> residual add -> LayerNorm in the spellings real code uses: the
// BERT output block with modules, F::dropout with the residual on the left,
// torch::dropout with an in-place `+=` into F::layer_norm, and a pre-norm
// block whose sum is reused by the next residual (the rule yields it).
// --explain shows add-layernorm, which matches the same add and LayerNorm,
// losing to the longer chain.
//
// A Sequential passes one value from element to element: the add can only be
// inside a user residual element; that case is not covered here.
#include <torch/torch.h>

namespace F = torch::nn::functional;

struct BertOutputImpl : torch::nn::Module {
  BertOutputImpl() {
    dense = register_module("dense", torch::nn::Linear(64, 16));
    dropout = register_module("dropout", torch::nn::Dropout(0.1));
    LayerNorm = register_module("LayerNorm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({16}).eps(1e-12)));
  }
  torch::Tensor forward(torch::Tensor h, torch::Tensor input) {
    h = LayerNorm(dropout(dense(h)) + input);
    return h;
  }
  torch::nn::Linear dense{nullptr};
  torch::nn::Dropout dropout{nullptr};
  torch::nn::LayerNorm LayerNorm{nullptr};
};
TORCH_MODULE(BertOutput);

struct SelfOutputImpl : torch::nn::Module {
  SelfOutputImpl() {
    dense = register_module("dense", torch::nn::Linear(16, 16));
    norm = register_module("norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({16})));
  }
  torch::Tensor forward(torch::Tensor hidden, torch::Tensor input_tensor) {
    hidden = F::dropout(dense(hidden), F::DropoutFuncOptions().p(0.1).training(is_training()));
    return norm->forward(input_tensor + hidden);
  }
  torch::nn::Linear dense{nullptr};
  torch::nn::LayerNorm norm{nullptr};
};
TORCH_MODULE(SelfOutput);

struct FfnBlockImpl : torch::nn::Module {
  FfnBlockImpl() { lin = register_module("lin", torch::nn::Linear(16, 16)); }
  torch::Tensor forward(torch::Tensor x, torch::Tensor sa_output) {
    auto y = torch::dropout(lin(x), 0.1, is_training());
    y += sa_output;
    return F::layer_norm(y, F::LayerNormFuncOptions({16}).eps(1e-12));
  }
  torch::nn::Linear lin{nullptr};
};
TORCH_MODULE(FfnBlock);

struct PreNormBlockImpl : torch::nn::Module {
  PreNormBlockImpl() {
    ln_1 = register_module("ln_1", torch::nn::LayerNorm(torch::nn::LayerNormOptions({16})));
    ln_2 = register_module("ln_2", torch::nn::LayerNorm(torch::nn::LayerNormOptions({16})));
    attn = register_module("attn", torch::nn::Linear(16, 16));
    mlp = register_module("mlp", torch::nn::Linear(16, 16));
    resid_drop = register_module("resid_drop", torch::nn::Dropout(0.1));
  }
  torch::Tensor forward(torch::Tensor x) {
    x = x + resid_drop(attn(ln_1(x)));
    auto h = ln_2(x);
    return x + mlp(h);
  }
  torch::nn::LayerNorm ln_1{nullptr}, ln_2{nullptr};
  torch::nn::Linear attn{nullptr}, mlp{nullptr};
  torch::nn::Dropout resid_drop{nullptr};
};
TORCH_MODULE(PreNormBlock);

struct FunctionalNormImpl : torch::nn::Module {
  FunctionalNormImpl() {
    proj = register_module("proj", torch::nn::Linear(16, 16));
    gamma = register_parameter("gamma", torch::ones({16}));
    beta = register_parameter("beta", torch::zeros({16}));
  }
  torch::Tensor forward(torch::Tensor x, torch::Tensor residual) {
    auto d = torch::dropout(proj(x), 0.1, is_training());
    return torch::layer_norm(residual + d, {16}, gamma, beta, 1e-5);
  }
  torch::nn::Linear proj{nullptr};
  torch::Tensor gamma, beta;
};
TORCH_MODULE(FunctionalNorm);

// CHECK:{{.*}}positive.cpp:26:19: warning: dropout, the residual add and LayerNorm can run as one fused kernel that reads the activations once (adopter::ops::dropout_add_layer_norm) [adopter-dropout-add-layernorm]
// CHECK-NEXT:    h = LayerNorm(dropout(dense(h)) + input);
// CHECK-NEXT:                  ^
// CHECK-NEXT:{{.*}}positive.cpp:26:37: note: 'aten::add' is part of the chain
// CHECK-NEXT:    h = LayerNorm(dropout(dense(h)) + input);
// CHECK-NEXT:                                    ^
// CHECK-NEXT:{{.*}}positive.cpp:26:9: note: 'LayerNorm' (torch::nn::LayerNorm) is part of the chain
// CHECK:{{.*}}positive.cpp:41:14: warning: dropout, the residual add and LayerNorm {{.*}} [adopter-dropout-add-layernorm]
// CHECK:{{.*}}positive.cpp:42:39: note: 'aten::add' is part of the chain
// CHECK:{{.*}}positive.cpp:42:18: note: 'norm' (torch::nn::LayerNorm) is part of the chain
// CHECK:{{.*}}positive.cpp:52:14: warning: dropout, the residual add and LayerNorm {{.*}} [adopter-dropout-add-layernorm]
// CHECK:{{.*}}positive.cpp:53:7: note: 'aten::add_' is part of the chain
// CHECK:{{.*}}positive.cpp:54:12: note: 'aten::layer_norm' is part of the chain
// CHECK:{{.*}}positive.cpp:69:13: warning: dropout, the residual add and LayerNorm {{.*}} [adopter-dropout-add-layernorm]
// CHECK:{{.*}}positive.cpp:69:11: note: 'aten::add' is part of the chain
// CHECK:{{.*}}positive.cpp:70:14: note: 'ln_2' (torch::nn::LayerNorm) is part of the chain
// CHECK:{{.*}}positive.cpp:86:14: warning: dropout, the residual add and LayerNorm {{.*}} [adopter-dropout-add-layernorm]
// CHECK:{{.*}}positive.cpp:87:39: note: 'aten::add' is part of the chain
// CHECK:{{.*}}positive.cpp:87:12: note: 'aten::layer_norm' is part of the chain
// CHECK-NOT: warning

// EXPLAIN:{{.*}}positive.cpp:26:19: warning: dropout, the residual add and LayerNorm {{.*}} [adopter-dropout-add-layernorm]
// EXPLAIN:{{.*}}positive.cpp:26:19: note: selected: score 0.69 = 3 ops x (1 - 1/1.30), part of the best non-overlapping set of 2 overlapping candidates
// EXPLAIN:{{.*}}positive.cpp:26:37: remark: the residual add and LayerNorm can run as one fused kernel that also returns the sum (adopter::nn::FusedAddLayerNorm) [adopter-add-layernorm]
// EXPLAIN:{{.*}}positive.cpp:26:37: note: rejected: score 0.57 = 2 ops x (1 - 1/1.40); it overlaps dropout-add-layernorm at {{.*}}positive.cpp:26:19 (score 0.69), part of the non-overlapping set with the largest total
