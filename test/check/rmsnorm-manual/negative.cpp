// RUN: %adopter check --packs adopter --format=json %s -- %torch_flags > %t.json
// RUN: FileCheck --match-full-lines %s < %t.json
//
// Look-alikes of RMSNorm written out that must not match rmsnorm-manual.
// The LLaMA RMSNorm at the end does, which proves the check can fail.
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

  // The mean square is also returned (a loss term reads it).
  std::tuple<torch::Tensor, torch::Tensor> reused(torch::Tensor x) {
    auto ms = x.pow(2).mean(-1, true);
    return std::make_tuple(x * torch::rsqrt(ms + 1e-6), ms);
  }

  // y is scaled by the RMS of another tensor x.
  torch::Tensor other_tensor(torch::Tensor x, torch::Tensor y) {
    return y * torch::rsqrt(x.pow(2).mean(-1, true) + 1e-6);
  }

  // Mean of |x| and a cube, not of the square.
  torch::Tensor not_square(torch::Tensor x) {
    auto a = x * torch::rsqrt(x.abs().mean(-1, true) + 1e-6);
    return a / torch::sqrt(x.pow(3).mean(-1, true) + 1e-6);
  }

  torch::Tensor forward(torch::Tensor x, torch::Tensor y) {
    auto r = reused(x);
    return channel_rms(x) + eps_outside(x) + std::get<0>(r) + std::get<1>(r) + other_tensor(x, y) + not_square(x);
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
// CHECK-NOT: "rule": "rmsnorm-manual"
// CHECK:      "check": "adopter-rmsnorm-manual",
// CHECK-NEXT: "class": "RMSNormImpl",
// CHECK-NEXT: "column": 38,
// CHECK:      "function": "RMSNormImpl::forward",
// CHECK-NEXT: "line": 50,
// CHECK:      "rule": "rmsnorm-manual",
// CHECK-NOT: "rule": "rmsnorm-manual"
