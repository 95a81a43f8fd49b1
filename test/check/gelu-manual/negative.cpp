// RUN: %adopter check --packs adopter --format=json %s -- %torch_flags > %t.json
// RUN: FileCheck --match-full-lines %s < %t.json
//
// Look-alikes of GELU written out that must not match gelu-manual. The erf
// GELU at the end does, which proves the check can fail.
#include <torch/torch.h>
#include <cmath>

namespace F = torch::nn::functional;

struct LookAlikesImpl : torch::nn::Module {
  // sqrt(pi / 2) instead of sqrt(2 / pi); x / 2 instead of x / sqrt(2).
  torch::Tensor wrong_constant(torch::Tensor x) {
    auto a = 0.5 * x * (1.0 + torch::tanh(std::sqrt(M_PI / 2.0) * (x + 0.044715 * torch::pow(x, 3))));
    return a + 0.5 * x * (1.0 + torch::erf(x / 2.0));
  }

  // x^2 instead of x^3; 0.5 missing.
  torch::Tensor wrong_form(torch::Tensor x) {
    auto a = 0.5 * x * (1.0 + torch::tanh(0.7978845608 * (x + 0.044715 * x.pow(2))));
    return a + x * (1.0 + torch::erf(x * M_SQRT1_2));
  }

  // QuickGELU and Mish.
  torch::Tensor other_activations(torch::Tensor x) {
    return x * torch::sigmoid(1.702 * x) + x * torch::tanh(F::softplus(x));
  }

  // The tanh output is returned too.
  std::tuple<torch::Tensor, torch::Tensor> reused(torch::Tensor x) {
    auto t = torch::tanh(0.7978845608 * (x + 0.044715 * torch::pow(x, 3)));
    return std::make_tuple(0.5 * x * (1.0 + t), t);
  }

  // The outer product multiplies y, not x.
  torch::Tensor other_tensor(torch::Tensor x, torch::Tensor y) {
    return 0.5 * y * (1.0 + torch::erf(x / std::sqrt(2.0)));
  }

  torch::Tensor forward(torch::Tensor x, torch::Tensor y) {
    auto r = reused(x);
    return wrong_constant(x) + wrong_form(x) + other_activations(x) + std::get<0>(r) + std::get<1>(r) + other_tensor(x, y);
  }
};
TORCH_MODULE(LookAlikes);

// Positive control.
struct GELUImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor x) {
    return x * 0.5 * (1.0 + torch::erf(x / std::sqrt(2.0)));
  }
};
TORCH_MODULE(GELU);

// CHECK: "parsed": true
// CHECK-NOT: "rule": "gelu-manual"
// CHECK:      "check": "adopter-gelu-manual",
// CHECK-NEXT: "class": "GELUImpl",
// CHECK-NEXT: "column": 14,
// CHECK:      "function": "GELUImpl::forward",
// CHECK-NEXT: "line": 50,
// CHECK:      "rule": "gelu-manual",
// CHECK-NOT: "rule": "gelu-manual"
