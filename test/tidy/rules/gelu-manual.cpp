// RUN: rm -rf %t && mkdir -p %t && sed -E 's#// *CHECK-[A-Z0-9-]*:.*#//#' %s > %t/t.cpp
// RUN: cd %t && %clang_tidy -checks='-*,adopter-gelu-manual' --fix t.cpp -- %torch_flags 2>&1 | FileCheck %s --check-prefix=CHECK-MESSAGES --implicit-check-not='warning:'
// RUN: FileCheck %s --check-prefix=CHECK-FIXES --input-file=%t/t.cpp
//
// adopter-gelu-manual in clang-tidy's fixture style: nanoGPT's tanh GELU and
// the erf GELU written out become calls of adopter::ops::gelu; a wrong
// constant, x^2 instead of x^3 and an outer product with another tensor are
// look-alikes that must not warn.
#include <torch/torch.h>
// CHECK-FIXES: #include <adopter/kernels/Gelu.h>
#include <cmath>

struct NewGELUImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor x) {
    return 0.5 * x * (1.0 + torch::tanh(std::sqrt(2.0 / M_PI) * (x + 0.044715 * torch::pow(x, 3.0))));
    // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: this is GELU written out op by op; one fused elementwise kernel computes it in a single pass (adopter::ops::gelu) [adopter-gelu-manual]
    // CHECK-MESSAGES: :[[@LINE-2]]:81: note: 'aten::pow' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-3]]:79: note: 'aten::mul' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-4]]:68: note: 'aten::add' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-5]]:63: note: 'aten::mul' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-6]]:29: note: 'aten::tanh' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-7]]:27: note: 'aten::add' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-8]]:20: note: 'aten::mul' is part of the chain
    // CHECK-FIXES: return adopter::ops::gelu(x, "tanh");
  }
};

struct ErfGELUImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor x) {
    auto y = x * 0.5 * (1.0 + torch::erf(x / std::sqrt(2.0)));
    // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: this is GELU written out {{.*}} [adopter-gelu-manual]
    // CHECK-MESSAGES: :[[@LINE-2]]:44: note: 'aten::div' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-3]]:31: note: 'aten::erf' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-4]]:29: note: 'aten::add' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-5]]:22: note: 'aten::mul' is part of the chain
    // CHECK-FIXES: auto y = adopter::ops::gelu(x);
    return y;
  }
};

// Negative: sqrt(pi / 2) instead of sqrt(2 / pi); x^2 instead of x^3; the
// outer product multiplies y, not x.
struct LookAlikeImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor x, torch::Tensor y) {
    auto a = 0.5 * x * (1.0 + torch::tanh(std::sqrt(M_PI / 2.0) * (x + 0.044715 * torch::pow(x, 3))));
    // CHECK-FIXES: auto a = 0.5 * x * (1.0 + torch::tanh(std::sqrt(M_PI / 2.0) * (x + 0.044715 * torch::pow(x, 3))));
    auto b = 0.5 * x * (1.0 + torch::tanh(0.7978845608 * (x + 0.044715 * x.pow(2))));
    // CHECK-FIXES: auto b = 0.5 * x * (1.0 + torch::tanh(0.7978845608 * (x + 0.044715 * x.pow(2))));
    auto c = 0.5 * y * (1.0 + torch::erf(x / std::sqrt(2.0)));
    // CHECK-FIXES: auto c = 0.5 * y * (1.0 + torch::erf(x / std::sqrt(2.0)));
    return a + b + c;
  }
};
