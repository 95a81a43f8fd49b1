// RUN: %adopter check --packs adopter --format=json %s -- %torch_flags > %t.json
// RUN: FileCheck --match-full-lines %s < %t.json
//
// Look-alikes of add -> RMSNorm that must not match add-rmsnorm. The
// rmsnorm-manual findings show the look-alikes were analyzed; the decoder
// layer at the end is an add-rmsnorm candidate, which proves the check can
// fail (which of the two rules is selected there is not checked here).
#include <torch/torch.h>

struct LookAlikesImpl : torch::nn::Module {
  // add -> GELU -> RMSNorm; a difference, not a residual sum.
  torch::Tensor between(torch::Tensor x, torch::Tensor y) {
    auto a = torch::gelu(x + y);
    auto b = x - y;
    return a * torch::rsqrt(a.pow(2).mean(-1, true) + 1e-6) + b / torch::sqrt(b.pow(2).mean(-1, true) + 1e-6);
  }

  // The normalized tensor is x, not the sum.
  torch::Tensor other_tensor(torch::Tensor x, torch::Tensor y) {
    auto s = x + y;
    return s * x * torch::rsqrt(x.pow(2).mean(-1, true) + 1e-6);
  }

  // The mean square of the sum is returned too.
  std::tuple<torch::Tensor, torch::Tensor> reused(torch::Tensor x, torch::Tensor y) {
    auto s = x + y;
    auto ms = s.pow(2).mean(-1, true);
    return std::make_tuple(s * torch::rsqrt(ms + 1e-6), ms);
  }

  // Statistics over dim 1.
  torch::Tensor channel_dim(torch::Tensor x, torch::Tensor y) {
    auto s = x + y;
    return s * torch::rsqrt(s.pow(2).mean(1, true) + 1e-6);
  }

  torch::Tensor forward(torch::Tensor x, torch::Tensor y) {
    auto r = reused(x, y);
    return between(x, y) + other_tensor(x, y) + std::get<0>(r) + std::get<1>(r) + channel_dim(x, y);
  }
};
TORCH_MODULE(LookAlikes);

// Positive control.
struct DecoderLayerImpl : torch::nn::Module {
  DecoderLayerImpl() { weight = register_parameter("weight", torch::ones({16})); }
  torch::Tensor forward(torch::Tensor x, torch::Tensor attn_out) {
    auto h = x + attn_out;
    auto n = h * torch::rsqrt(h.pow(2).mean(-1, true) + 1e-6) * weight;
    return h + n;
  }
  torch::Tensor weight;
};
TORCH_MODULE(DecoderLayer);

// CHECK: "parsed": true
// CHECK-NOT: "rule": "add-rmsnorm"
// CHECK:      "check": "adopter-rmsnorm-manual",
// CHECK:      "function": "LookAlikesImpl::between",
// CHECK-NEXT: "line": 15,
// CHECK-NOT: "rule": "add-rmsnorm"
// CHECK:      "check": "adopter-rmsnorm-manual",
// CHECK:      "function": "LookAlikesImpl::between",
// CHECK-NEXT: "line": 15,
// CHECK-NOT: "rule": "add-rmsnorm"
// CHECK:      "check": "adopter-add-rmsnorm",
// CHECK-NEXT: "class": "DecoderLayerImpl",
// CHECK-NEXT: "column": 16,
// CHECK:      "function": "DecoderLayerImpl::forward",
// CHECK-NEXT: "line": 48,
// CHECK:      "rule": "add-rmsnorm",
// CHECK-NOT: "rule": "add-rmsnorm"
