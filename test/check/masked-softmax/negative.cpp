// RUN: %adopter check --packs adopter --format=json %s -- %torch_flags > %t.json
// RUN: FileCheck --match-full-lines %s < %t.json
//
// Look-alikes of masked-softmax. One real chain comes first so that the check
// can fail; the one followed by a product with v is attention, not this rule.
#include <torch/torch.h>
#include <tuple>

// The reference chain: reported.
struct ReferenceImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor s, torch::Tensor mask) {
    return torch::softmax(s.masked_fill(mask, -1e9), -1);
  }
};

// Softmax over dim 1.
struct OtherDimImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor s, torch::Tensor mask) {
    return torch::softmax(s.masked_fill(mask, -1e9), 1);
  }
};

// Scale and softmax, no mask.
struct NoMaskImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor s) { return torch::softmax(s / 8.0, -1); }
};

// The masked scores are returned too.
struct MaskedKeptImpl : torch::nn::Module {
  std::tuple<torch::Tensor, torch::Tensor> forward(torch::Tensor s, torch::Tensor mask) {
    auto m = s.masked_fill(mask, -1e9);
    return std::make_tuple(torch::softmax(m, -1), m);
  }
};

// The mask is applied to a copy; the softmax reads the unmasked scores.
struct WrongTensorImpl : torch::nn::Module {
  std::tuple<torch::Tensor, torch::Tensor> forward(torch::Tensor s, torch::Tensor mask) {
    auto masked = s.masked_fill(mask, 0.0);
    return std::make_tuple(torch::softmax(s, -1), masked.sum(-1));
  }
};

// log_softmax, not softmax.
struct LogProbsImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor s, torch::Tensor mask) {
    return torch::log_softmax(s + mask, -1);
  }
};

// Followed by the product with v: the attention chain is chosen.
struct FullAttentionImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v, torch::Tensor mask) {
    auto s = torch::matmul(q, k.transpose(-2, -1)).masked_fill(mask, -1e9);
    return torch::matmul(torch::softmax(s, -1), v);
  }
};

// CHECK:      "parsed": true
// CHECK:      "findings": [
// CHECK:        "class": "ReferenceImpl",
// CHECK-NEXT:   "column": 29,
// CHECK:        "function": "ReferenceImpl::forward",
// CHECK-NEXT:   "line": 12,
// CHECK:        "rule": "masked-softmax",
// CHECK-NEXT:   "score": {{.*}},
// CHECK-NEXT:   "selected": true
// CHECK-NOT:    "rule": "attention",
// CHECK-NOT:    "rule": "masked-softmax",
// CHECK:        "class": "FullAttentionImpl",
// CHECK-NEXT:   "column": 14,
// CHECK:        "function": "FullAttentionImpl::forward",
// CHECK-NEXT:   "line": 54,
// CHECK:        "rule": "attention",
// CHECK-NEXT:   "score": {{.*}},
// CHECK-NEXT:   "selected": true
// CHECK:        "class": "FullAttentionImpl",
// CHECK-NEXT:   "column": 52,
// CHECK-NEXT:   "decision": "rejected: {{.*}} it overlaps attention at {{.*}}negative.cpp:54:14 {{.*}}",
// CHECK:        "function": "FullAttentionImpl::forward",
// CHECK-NEXT:   "line": 54,
// CHECK:        "rule": "masked-softmax",
// CHECK-NEXT:   "score": {{.*}},
// CHECK-NEXT:   "selected": false
// CHECK-NOT:    "rule": "attention",
// CHECK-NOT:    "rule": "masked-softmax",
// CHECK:      "partition": [
