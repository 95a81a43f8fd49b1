// RUN: rm -rf %t && mkdir -p %t && sed -E 's#// *CHECK-[A-Z0-9-]*:.*#//#' %s > %t/t.cpp
// RUN: cd %t && %clang_tidy -checks='-*,adopter-dropout-add-layernorm' --fix t.cpp -- %torch_flags 2>&1 | FileCheck %s --check-prefix=CHECK-MESSAGES --implicit-check-not='warning:'
// RUN: FileCheck %s --check-prefix=CHECK-FIXES --input-file=%t/t.cpp
//
// adopter-dropout-add-layernorm in clang-tidy's fixture style: the BERT
// output block (dropout, residual add, LayerNorm) is reported and its fix
// writes adopter::ops::dropout_add_layer_norm with the dropout module and
// the LayerNorm, which stay members. A LayerScale multiply or a ReLU inside
// the chain are look-alikes that must not warn.
#include <torch/torch.h>
// CHECK-FIXES: #include <adopter/kernels/FusedDropoutAddLayerNorm.h>

struct BertOutputImpl : torch::nn::Module {
  BertOutputImpl() {
    dense = register_module("dense", torch::nn::Linear(64, 16));
    dropout = register_module("dropout", torch::nn::Dropout(0.1));
    LayerNorm = register_module("LayerNorm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({16}).eps(1e-12)));
  }
  torch::Tensor forward(torch::Tensor h, torch::Tensor input) {
    return LayerNorm(dropout(dense(h)) + input);
    // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: dropout, the residual add and LayerNorm can run as one fused kernel that reads the activations once (adopter::ops::dropout_add_layer_norm) [adopter-dropout-add-layernorm]
    // CHECK-MESSAGES: :[[@LINE-2]]:40: note: 'aten::add' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-3]]:12: note: 'LayerNorm' (torch::nn::LayerNorm) is part of the chain
    // CHECK-FIXES: return std::get<1>(adopter::ops::dropout_add_layer_norm(dense(h), input, adopter::ops::Dropout(dropout), LayerNorm));
  }
  torch::nn::Linear dense{nullptr};
  torch::nn::Dropout dropout{nullptr};
  torch::nn::LayerNorm LayerNorm{nullptr};
  // CHECK-FIXES: torch::nn::LayerNorm LayerNorm{nullptr};
};

// Negative: LayerScale (dropout, multiply, add, LayerNorm); a ReLU between
// the add and the LayerNorm.
struct LookAlikeImpl : torch::nn::Module {
  LookAlikeImpl() {
    fc = register_module("fc", torch::nn::Linear(16, 16));
    drop = register_module("drop", torch::nn::Dropout(0.1));
    norm = register_module("norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({16})));
    gamma = register_parameter("gamma", torch::ones({16}));
  }
  torch::Tensor forward(torch::Tensor x) {
    auto a = norm(x + drop(fc(x)) * gamma);
    auto s = drop(fc(x)) + x;
    return a + norm(torch::relu(s));
  }
  torch::nn::Linear fc{nullptr};
  torch::nn::Dropout drop{nullptr};
  torch::nn::LayerNorm norm{nullptr};
  torch::Tensor gamma;
};
