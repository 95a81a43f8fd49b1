// RUN: rm -rf %t && mkdir -p %t && sed -E 's#// *CHECK-[A-Z0-9-]*:.*#//#' %s > %t/t.cpp
// RUN: cd %t && %clang_tidy -checks='-*,adopter-linear-bn' --fix t.cpp -- %torch_flags 2>&1 | FileCheck %s --check-prefix=CHECK-MESSAGES --implicit-check-not='warning:'
// RUN: FileCheck %s --check-prefix=CHECK-FIXES --input-file=%t/t.cpp
//
// adopter-linear-bn in clang-tidy's fixture style: a Linear followed by a
// BatchNorm1d (and the activation after it) is reported, and the fix-it
// calls adopter::ops::linear_bn over the same members. A Linear output also added after the BatchNorm, a
// LayerNorm after a Linear, and the transpose a (N, L, C) sequence needs
// before BatchNorm1d are look-alikes that must not warn.
// CHECK-FIXES: #include <adopter/kernels/LinearBN.h>
#include <torch/torch.h>

struct TabularNetImpl : torch::nn::Module {
  TabularNetImpl() {
    fc1 = register_module("fc1", torch::nn::Linear(16, 64));
    bn1 = register_module("bn1", torch::nn::BatchNorm1d(64));
  }
  torch::Tensor forward(torch::Tensor x) { return bn1(fc1(x)); }
  // CHECK-MESSAGES: :[[@LINE-1]]:55: warning: Linear 'fc1' followed by BatchNorm1d 'bn1' can run as one fused kernel (BatchNorm folded into the weights in eval mode) (adopter::ops::linear_bn) [adopter-linear-bn]
  // CHECK-MESSAGES: :[[@LINE-2]]:51: note: 'bn1' (torch::nn::BatchNorm1d) is part of the chain
  // CHECK-FIXES: torch::Tensor forward(torch::Tensor x) { return adopter::ops::linear_bn(x, fc1, bn1, adopter::ops::Activation::none()); }
  torch::nn::Linear fc1{nullptr};
  // CHECK-FIXES: torch::nn::Linear fc1{nullptr};
  torch::nn::BatchNorm1d bn1{nullptr};
};

// The activation after the BatchNorm goes into the call.
struct HeadImpl : torch::nn::Module {
  HeadImpl() {
    fc = register_module("fc", torch::nn::Linear(16, 8));
    bn = register_module("bn", torch::nn::BatchNorm1d(8));
  }
  torch::Tensor forward(torch::Tensor x) { return torch::relu(bn(fc(x))); }
  // CHECK-MESSAGES: :[[@LINE-1]]:66: warning: Linear 'fc' followed by BatchNorm1d 'bn' {{.*}} [adopter-linear-bn]
  // CHECK-MESSAGES: :[[@LINE-2]]:63: note: 'bn' (torch::nn::BatchNorm1d) is part of the chain
  // CHECK-MESSAGES: :[[@LINE-3]]:51: note: 'aten::relu' is part of the chain
  // CHECK-FIXES: torch::Tensor forward(torch::Tensor x) { return adopter::ops::linear_bn(x, fc, bn, adopter::ops::Activation::relu()); }
  torch::nn::Linear fc{nullptr};
  torch::nn::BatchNorm1d bn{nullptr};
};

// Negative: h is also added after the BatchNorm; a LayerNorm; a transpose
// between the Linear and the BatchNorm1d.
struct LookAlikeImpl : torch::nn::Module {
  LookAlikeImpl() {
    fc1 = register_module("fc1", torch::nn::Linear(32, 32));
    fc2 = register_module("fc2", torch::nn::Linear(32, 32));
    bn = register_module("bn", torch::nn::BatchNorm1d(32));
    ln = register_module("ln", torch::nn::LayerNorm(torch::nn::LayerNormOptions({32})));
  }
  torch::Tensor forward(torch::Tensor x, torch::Tensor seq) {
    auto h = fc1(x);
    x = bn(h) + h;
    x = ln(fc2(x));
    return x + bn(fc2(seq).transpose(1, 2)).transpose(1, 2).sum();
  }
  torch::nn::Linear fc1{nullptr}, fc2{nullptr};
  torch::nn::BatchNorm1d bn{nullptr};
  torch::nn::LayerNorm ln{nullptr};
};
