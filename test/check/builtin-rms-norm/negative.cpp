// RUN: %adopter check --packs torch-builtin --torch-version 2.4 --format=json %s -- %torch_flags > %t.json
// RUN: FileCheck --match-full-lines %s < %t.json
//
// Look-alikes of RMSNorm written out that must not match builtin-rms-norm,
// one per method. The LLaMA RMSNorm at the end does, which proves the check
// can fail.
#include <torch/torch.h>

struct LookAlikesImpl : torch::nn::Module {
  LookAlikesImpl() { weight = register_parameter("weight", torch::ones({16})); }

  // Mean over dim 1 (channels of an NCHW map), not the last dim.
  torch::Tensor channel_rms(torch::Tensor x) {
    return x * torch::rsqrt(x.pow(2).mean(1, true) + 1e-6);
  }

  // eps added outside the sqrt.
  torch::Tensor eps_outside(torch::Tensor x) {
    return x / (torch::sqrt(x.pow(2).mean(-1, true)) + 1e-6) * weight;
  }

  // Divided by the reciprocal root, multiplied by the root.
  torch::Tensor inverted(torch::Tensor x, torch::Tensor y) {
    auto a = x / torch::rsqrt(x.pow(2).mean(-1, true) + 1e-6);
    return a + y * torch::sqrt(y.pow(2).mean(-1, true) + 1e-6);
  }

  // An extra op in between: the mean square clamped before eps.
  torch::Tensor clamped(torch::Tensor x) {
    return x * torch::rsqrt(x.pow(2).mean(-1, true).clamp_max(1e4) + 1e-6);
  }

  // The mean square is also returned (a loss term reads it).
  std::tuple<torch::Tensor, torch::Tensor> reused(torch::Tensor x) {
    auto ms = x.pow(2).mean(-1, true);
    return std::make_tuple(x * torch::rsqrt(ms + 1e-6), ms);
  }

  // y is scaled by the RMS of another tensor x.
  torch::Tensor other_tensor(torch::Tensor x, torch::Tensor y) {
    return y * torch::rsqrt(x.pow(2).mean(-1, true) + 1e-6);
  }

  // Mean of |x|, not of the square.
  torch::Tensor not_square(torch::Tensor x) {
    return x * torch::rsqrt(x.abs().mean(-1, true) + 1e-6);
  }

  torch::Tensor forward(torch::Tensor x, torch::Tensor y) {
    auto r = reused(x);
    return channel_rms(x) + eps_outside(x) + inverted(x, y) + clamped(x) + std::get<0>(r) +
           std::get<1>(r) + other_tensor(x, y) + not_square(x);
  }
  torch::Tensor weight;
};
TORCH_MODULE(LookAlikes);

// Positive control.
struct RMSNormImpl : torch::nn::Module {
  RMSNormImpl() { weight = register_parameter("weight", torch::ones({16})); }
  torch::Tensor forward(const torch::Tensor &x) {
    auto output = x * torch::rsqrt(x.pow(2).mean(-1, true) + 1e-6);
    return output * weight;
  }
  torch::Tensor weight;
};
TORCH_MODULE(RMSNorm);

// CHECK: "parsed": true
// CHECK-NOT: "rule": "builtin-rms-norm"
// CHECK:      "check": "adopter-builtin-rms-norm",
// CHECK-NEXT: "class": "RMSNormImpl",
// CHECK-NEXT: "column": 38,
// CHECK:      "function": "RMSNormImpl::forward",
// CHECK-NEXT: "line": 62,
// CHECK:      "rule": "builtin-rms-norm",
// CHECK-NOT: "rule": "builtin-rms-norm"
// CHECK:      "partition": [
// The look-alikes were seen, and none of their ops went to a builtin.
// CHECK:        "module": "LookAlikes",
// CHECK-NEXT:   "ops": 50,
// CHECK-NEXT:   "packs": {}
