// RUN: %adopter check --packs adopter --format=json %s -- %torch_flags > %t.json
// RUN: FileCheck --match-full-lines %s < %t.json
//
// Look-alikes of LayerNorm written out that must not match layernorm-manual.
// The BERT LayerNorm at the end does, which proves the check can fail.
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

  // The Annotated Transformer: unbiased std, eps outside the sqrt.
  torch::Tensor annotated(torch::Tensor x) {
    auto mean = x.mean(-1, true);
    auto std = x.std(-1, true, true);
    return a_2 * (x - mean) / (std + 1e-6) + b_2;
  }

  // eps added after the sqrt; unbiased variance.
  torch::Tensor eps_outside(torch::Tensor x) {
    auto c = x - x.mean(-1, true);
    auto a = c / (torch::sqrt(c.pow(2).mean(-1, true)) + 1e-5);
    auto d = x - x.mean(-1, true);
    return a + d * torch::rsqrt(x.var(-1, /*unbiased=*/true, true) + 1e-5);
  }

  // Mean over the last dim, variance over dim 1.
  torch::Tensor mixed_dims(torch::Tensor x) {
    auto c = x - x.mean(-1, true);
    return c / torch::sqrt(c.pow(2).mean(1, true) + 1e-5);
  }

  // The centered input is also returned.
  std::tuple<torch::Tensor, torch::Tensor> reused(torch::Tensor x) {
    auto c = x - x.mean(-1, true);
    return std::make_tuple(c / torch::sqrt(c.pow(2).mean(-1, true) + 1e-5), c);
  }

  torch::Tensor forward(torch::Tensor x) {
    auto r = reused(x);
    return channels_first(x) + annotated(x) + eps_outside(x) + mixed_dims(x) + std::get<0>(r) + std::get<1>(r);
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

// With the centered input reused, what remains is RMSNorm of c (a real
// rmsnorm-manual site, which shows the look-alikes were analyzed).
// CHECK: "parsed": true
// CHECK-NOT: "rule": "layernorm-manual"
// CHECK:      "check": "adopter-rmsnorm-manual",
// CHECK-NEXT: "class": "LookAlikesImpl",
// CHECK-NEXT: "column": 46,
// CHECK:      "function": "LookAlikesImpl::reused",
// CHECK-NEXT: "line": 45,
// CHECK-NOT: "rule": "layernorm-manual"
// CHECK:      "check": "adopter-layernorm-manual",
// CHECK-NEXT: "class": "BertLayerNormImpl",
// CHECK-NEXT: "column": 16,
// CHECK:      "function": "BertLayerNormImpl::forward",
// CHECK-NEXT: "line": 63,
// CHECK:      "rule": "layernorm-manual",
// CHECK-NOT: "rule": "layernorm-manual"
