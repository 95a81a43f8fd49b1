// RUN: %adopter check --packs adopter --format=json %s -- %torch_flags > %t.json
// RUN: FileCheck --match-full-lines %s < %t.json
//
// Look-alikes of add -> LayerNorm that must not be selected as add-layernorm.
// The post-norm block at the end is, which proves the check can fail.
#include <torch/torch.h>

namespace F = torch::nn::functional;

struct BlockImpl : torch::nn::Module {
  BlockImpl() {
    fc = register_module("fc", torch::nn::Linear(16, 16));
    drop = register_module("drop", torch::nn::Dropout(0.1));
    norm = register_module("norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({16})));
    bn = register_module("bn", torch::nn::BatchNorm1d(16));
  }

  // add -> dropout -> LayerNorm, add -> activation -> LayerNorm.
  torch::Tensor between(torch::Tensor x, torch::Tensor y) {
    auto a = norm(drop(x + y));
    return norm(torch::gelu(fc(a) + y));
  }

  // A difference, not a residual sum; the sum normalized by BatchNorm and
  // GroupNorm instead of LayerNorm.
  torch::Tensor other_ops(torch::Tensor x, torch::Tensor y) {
    auto a = norm(x - y);
    auto b = bn(x + y);
    auto c = F::group_norm(a + b, F::GroupNormFuncOptions(4));
    return a * b * c;
  }

  // The LayerNorm reads x, not the sum.
  torch::Tensor other_tensor(torch::Tensor x, torch::Tensor y) {
    auto s = x + y;
    return norm(x) * s;
  }

  // Dropout right before the add: dropout-add-layernorm is chosen instead.
  torch::Tensor with_dropout(torch::Tensor x) {
    return norm(x + drop(fc(x)));
  }

  torch::Tensor forward(torch::Tensor x, torch::Tensor y) {
    return between(x, y) + other_ops(x, y) + other_tensor(x, y) + with_dropout(x);
  }

  torch::nn::Linear fc{nullptr};
  torch::nn::Dropout drop{nullptr};
  torch::nn::LayerNorm norm{nullptr};
  torch::nn::BatchNorm1d bn{nullptr};
};
TORCH_MODULE(Block);

// Positive control: post-norm residual.
struct PostNormImpl : torch::nn::Module {
  PostNormImpl() {
    proj = register_module("proj", torch::nn::Linear(16, 16));
    norm = register_module("norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({16})));
  }
  torch::Tensor forward(torch::Tensor x) { return norm(proj(x) + x); }
  torch::nn::Linear proj{nullptr};
  torch::nn::LayerNorm norm{nullptr};
};
TORCH_MODULE(PostNorm);

// Only with_dropout's add + LayerNorm is a candidate, rejected for the longer
// dropout-add-layernorm chain; the control is selected.
// CHECK: "parsed": true
// CHECK-NOT: "rule": "add-layernorm"
// CHECK:      "check": "adopter-add-layernorm",
// CHECK-NEXT: "class": "BlockImpl",
// CHECK-NEXT: "column": 19,
// CHECK-NEXT: "decision": "rejected: score 0.57 = 2 ops x (1 - 1/1.40); it overlaps dropout-add-layernorm at {{.*}}negative.cpp:41:21 (score 0.69), part of the non-overlapping set with the largest total",
// CHECK:      "function": "BlockImpl::with_dropout",
// CHECK-NEXT: "line": 41,
// CHECK:      "rule": "add-layernorm",
// CHECK-NEXT: "score": {{.*}},
// CHECK-NEXT: "selected": false
// CHECK-NOT: "rule": "add-layernorm"
// CHECK:      "check": "adopter-dropout-add-layernorm",
// CHECK:      "function": "BlockImpl::with_dropout",
// CHECK-NEXT: "line": 41,
// CHECK-NOT: "rule": "add-layernorm"
// CHECK:      "check": "adopter-add-layernorm",
// CHECK-NEXT: "class": "PostNormImpl",
// CHECK-NEXT: "column": 64,
// CHECK:      "line": 61,
// CHECK:      "rule": "add-layernorm",
// CHECK-NEXT: "score": {{.*}},
// CHECK-NEXT: "selected": true
// CHECK-NOT: "rule": "add-layernorm"
