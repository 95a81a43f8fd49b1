// RUN: %adopter check --packs adopter --format=json %s -- %torch_flags > %t.json
// RUN: FileCheck --match-full-lines %s < %t.json
//
// Look-alikes of dropout -> add -> LayerNorm that must not be reported as
// dropout-add-layernorm. The BERT block at the end is, which proves the check
// can fail; the add-layernorm findings prove the look-alikes were seen.
#include <torch/torch.h>

namespace F = torch::nn::functional;

struct BlockImpl : torch::nn::Module {
  BlockImpl() {
    fc = register_module("fc", torch::nn::Linear(16, 16));
    drop = register_module("drop", torch::nn::Dropout(0.1));
    norm = register_module("norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({16})));
    gamma = register_parameter("gamma", torch::ones({16}));
  }

  // The dropout output is returned too: the fused kernel does not produce it.
  // What remains fusable is the add and the LayerNorm.
  std::tuple<torch::Tensor, torch::Tensor> reused(torch::Tensor x) {
    auto d = drop(fc(x));
    return std::make_tuple(norm(d + x), d);
  }

  // Something between the add and the LayerNorm.
  torch::Tensor add_relu_norm(torch::Tensor x) {
    auto s = drop(fc(x)) + x;
    return norm(torch::relu(s));
  }

  // LayerScale: dropout -> mul -> add -> LayerNorm.
  torch::Tensor layer_scale(torch::Tensor x) {
    return norm(x + drop(fc(x)) * gamma);
  }

  // The dropped tensor is not what is added; the normalized sum is another.
  torch::Tensor other_tensor(torch::Tensor x, torch::Tensor y) {
    auto d = F::dropout(fc(x), F::DropoutFuncOptions().p(0.1));
    auto s = d + y;
    return norm(x + y) * s;
  }

  // dropout -> mul -> LayerNorm; dropout -> add -> BatchNorm-like op.
  torch::Tensor not_add(torch::Tensor x, torch::Tensor g) {
    auto a = norm(torch::dropout(x, 0.1, is_training()) * g);
    auto b = torch::batch_norm(torch::dropout(x, 0.2, is_training()) + g, {}, {}, {}, {}, true, 0.1, 1e-5, false);
    return a + b;
  }

  torch::Tensor forward(torch::Tensor x, torch::Tensor y) {
    auto r = std::get<0>(reused(x)) + std::get<1>(reused(y));
    return r + add_relu_norm(x) + layer_scale(x) + other_tensor(x, y) + not_add(x, y);
  }

  torch::nn::Linear fc{nullptr};
  torch::nn::Dropout drop{nullptr};
  torch::nn::LayerNorm norm{nullptr};
  torch::Tensor gamma;
};
TORCH_MODULE(Block);

// Positive control: the BERT output block.
struct BertOutputImpl : torch::nn::Module {
  BertOutputImpl() {
    dense = register_module("dense", torch::nn::Linear(64, 16));
    dropout = register_module("dropout", torch::nn::Dropout(0.1));
    LayerNorm = register_module("LayerNorm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({16})));
  }
  torch::Tensor forward(torch::Tensor h, torch::Tensor input) {
    return LayerNorm(dropout(dense(h)) + input);
  }
  torch::nn::Linear dense{nullptr};
  torch::nn::Dropout dropout{nullptr};
  torch::nn::LayerNorm LayerNorm{nullptr};
};
TORCH_MODULE(BertOutput);

// CHECK: "parsed": true
// CHECK-NOT: "rule": "dropout-add-layernorm"
// CHECK:      "check": "adopter-add-layernorm",
// CHECK-NEXT: "class": "BlockImpl",
// CHECK-NEXT: "column": 35,
// CHECK:      "function": "BlockImpl::reused",
// CHECK-NEXT: "line": 23,
// CHECK-NOT: "rule": "dropout-add-layernorm"
// CHECK:      "check": "adopter-add-layernorm",
// CHECK:      "function": "BlockImpl::layer_scale",
// CHECK-NEXT: "line": 34,
// CHECK-NOT: "rule": "dropout-add-layernorm"
// CHECK:      "check": "adopter-add-layernorm",
// CHECK:      "function": "BlockImpl::other_tensor",
// CHECK-NEXT: "line": 41,
// CHECK-NOT: "rule": "dropout-add-layernorm"
// CHECK:      "check": "adopter-dropout-add-layernorm",
// CHECK-NEXT: "class": "BertOutputImpl",
// CHECK-NEXT: "column": 22,
// CHECK:      "function": "BertOutputImpl::forward",
// CHECK-NEXT: "line": 71,
// CHECK:      "rule": "dropout-add-layernorm",
// CHECK-NOT: "rule": "dropout-add-layernorm"
