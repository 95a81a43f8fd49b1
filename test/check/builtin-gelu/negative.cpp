// RUN: %adopter check --packs torch-builtin --format=json %s -- %torch_flags > %t.json
// RUN: FileCheck --match-full-lines %s < %t.json
//
// Look-alikes of GELU written out that must not match builtin-gelu, one per
// method (two in one method would share x.pow(3) or 0.5 * x and block each
// other anyway). The erf GELU at the end does match, which proves the check
// can fail.
#include <torch/torch.h>
#include <cmath>

struct LookAlikesImpl : torch::nn::Module {
  // 0.0447 instead of 0.044715.
  torch::Tensor wrong_cubic(torch::Tensor x) {
    return 0.5 * x * (1.0 + torch::tanh(0.7978845608 * (x + 0.0447 * torch::pow(x, 3))));
  }

  // sqrt(pi / 2) instead of sqrt(2 / pi).
  torch::Tensor wrong_sqrt(torch::Tensor x) {
    return 0.5 * x * (1.0 + torch::tanh(std::sqrt(M_PI / 2.0) * (x + 0.044715 * x.pow(3))));
  }

  // erf(x / 2) instead of erf(x / sqrt(2)).
  torch::Tensor wrong_erf_scale(torch::Tensor x) {
    return x * 0.5 * (1.0 + torch::erf(x / 2.0));
  }

  // An extra op in between: the tanh is clamped.
  torch::Tensor clamped(torch::Tensor x) {
    auto t = torch::tanh(0.7978845608 * (x + 0.044715 * x.pow(3))).clamp(-0.99, 0.99);
    return 0.5 * x * (1.0 + t);
  }

  // An extra op in between: dropout on the erf argument only.
  torch::Tensor dropped(torch::Tensor x) {
    return x * 0.5 * (1.0 + torch::erf(torch::dropout(x, 0.1, is_training()) / std::sqrt(2.0)));
  }

  // The tanh output is also returned (a saturation statistic reads it).
  std::tuple<torch::Tensor, torch::Tensor> reused(torch::Tensor x) {
    auto t = torch::tanh(0.7978845608 * (x + 0.044715 * torch::pow(x, 3)));
    return std::make_tuple(0.5 * x * (1.0 + t), t);
  }

  // The outer product multiplies y, not x.
  torch::Tensor other_tensor(torch::Tensor x, torch::Tensor y) {
    return 0.5 * y * (1.0 + torch::erf(x / std::sqrt(2.0)));
  }

  // 1 - erf instead of 1 + erf.
  torch::Tensor minus(torch::Tensor x) {
    return 0.5 * x * (1.0 - torch::erf(x / std::sqrt(2.0)));
  }

  // QuickGELU (CLIP): x * sigmoid(1.702 x).
  torch::Tensor quick_gelu(torch::Tensor x) { return x * torch::sigmoid(1.702 * x); }

  torch::Tensor forward(torch::Tensor x, torch::Tensor y) {
    auto r = reused(x);
    return wrong_cubic(x) + wrong_sqrt(x) + wrong_erf_scale(x) + clamped(x) + dropped(x) +
           std::get<0>(r) + std::get<1>(r) + other_tensor(x, y) + minus(x) + quick_gelu(x);
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
// CHECK-NOT: "rule": "builtin-gelu"
// CHECK:      "check": "adopter-builtin-gelu",
// CHECK-NEXT: "class": "GELUImpl",
// CHECK-NEXT: "column": 14,
// CHECK:      "function": "GELUImpl::forward",
// CHECK-NEXT: "line": 68,
// CHECK:      "rule": "builtin-gelu",
// CHECK-NOT: "rule": "builtin-gelu"
// CHECK:      "partition": [
// The look-alikes were seen, and none of their ops went to a builtin.
// CHECK:        "module": "LookAlikes",
// CHECK-NEXT:   "ops": 66,
// CHECK-NEXT:   "packs": {}
