// RUN: %adopter check --packs torch-builtin --format=json %s -- %torch_flags > %t.json
// RUN: FileCheck --match-full-lines %s < %t.json
//
// Look-alikes of LayerNorm written out that must not match builtin-layer-norm,
// one per method. The BERT LayerNorm at the end does, which proves the check
// can fail.
#include <torch/torch.h>

struct LookAlikesImpl : torch::nn::Module {
  LookAlikesImpl() {
    a_2 = register_parameter("a_2", torch::ones({16}));
    b_2 = register_parameter("b_2", torch::zeros({16}));
  }

  // ConvNeXt's channels_first LayerNorm: statistics over dim 1.
  torch::Tensor channels_first(torch::Tensor x) {
    auto u = x.mean(1, true);
    auto s = (x - u).pow(2).mean(1, true);
    return (x - u) / torch::sqrt(s + 1e-6);
  }

  // Mean over the last dim, variance over dim 1.
  torch::Tensor mixed_dims(torch::Tensor x) {
    auto c = x - x.mean(-1, true);
    return c / torch::sqrt(c.pow(2).mean(1, true) + 1e-5);
  }

  // The unbiased variance (var's default).
  torch::Tensor unbiased(torch::Tensor x) {
    auto mu = x.mean(-1, true);
    return (x - mu) * torch::rsqrt(x.var(-1, /*unbiased=*/true, /*keepdim=*/true) + 1e-5);
  }

  // The Annotated Transformer: unbiased std, eps added outside the root.
  torch::Tensor annotated(torch::Tensor x) {
    auto mean = x.mean(-1, true);
    auto std = x.std(-1, true, true);
    return a_2 * (x - mean) / (std + 1e-6) + b_2;
  }

  // eps added after the sqrt.
  torch::Tensor eps_outside(torch::Tensor x) {
    auto c = x - x.mean(-1, true);
    return c / (torch::sqrt(c.pow(2).mean(-1, true)) + 1e-5);
  }

  // An extra op in between: the variance clamped instead of eps added.
  torch::Tensor clamped(torch::Tensor x) {
    auto c = x - x.mean(-1, true);
    return c / torch::sqrt(c.pow(2).mean(-1, true).clamp_min(1e-5));
  }

  // y centered by the mean of x.
  torch::Tensor other_tensor(torch::Tensor x, torch::Tensor y) {
    auto c = y - x.mean(-1, true);
    return c / torch::sqrt(c.pow(2).mean(-1, true) + 1e-5);
  }

  torch::Tensor forward(torch::Tensor x, torch::Tensor y) {
    return channels_first(x) + mixed_dims(x) + unbiased(x) + annotated(x) + eps_outside(x) +
           clamped(x) + other_tensor(x, y);
  }
  torch::Tensor a_2, b_2;
};
TORCH_MODULE(LookAlikes);

// Positive control.
struct BertLayerNormImpl : torch::nn::Module {
  BertLayerNormImpl() {
    weight = register_parameter("weight", torch::ones({16}));
    bias = register_parameter("bias", torch::zeros({16}));
  }
  torch::Tensor forward(torch::Tensor x) {
    auto u = x.mean(-1, true);
    auto s = (x - u).pow(2).mean(-1, true);
    x = (x - u) / torch::sqrt(s + 1e-12);
    return weight * x + bias;
  }
  torch::Tensor weight, bias;
};
TORCH_MODULE(BertLayerNorm);

// Centered by another tensor's mean, what remains in other_tensor is RMSNorm
// of c: a builtin-rms-norm candidate (rejected here for the LibTorch
// version), which shows the look-alikes were analyzed.
// CHECK: "parsed": true
// CHECK-NOT: "rule": "builtin-layer-norm"
// CHECK:      "check": "adopter-builtin-rms-norm",
// CHECK-NEXT: "class": "LookAlikesImpl",
// CHECK-NEXT: "column": 30,
// CHECK-NEXT: "decision": "rejected: the rule needs LibTorch >=2.4 (found 1.13)",
// CHECK:      "function": "LookAlikesImpl::other_tensor",
// CHECK-NEXT: "line": 56,
// CHECK-NOT: "rule": "builtin-layer-norm"
// CHECK:      "check": "adopter-builtin-layer-norm",
// CHECK-NEXT: "class": "BertLayerNormImpl",
// CHECK-NEXT: "column": 16,
// CHECK:      "function": "BertLayerNormImpl::forward",
// CHECK-NEXT: "line": 74,
// CHECK:      "rule": "builtin-layer-norm",
// CHECK-NOT: "rule": "builtin-layer-norm"
// CHECK:      "partition": [
// CHECK:        "module": "LookAlikes",
// CHECK-NEXT:   "ops": 55,
// CHECK-NEXT:   "packs": {}
