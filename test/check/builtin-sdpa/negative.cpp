// RUN: %adopter check --packs torch-builtin --torch-version 2.4 --format=json %s -- %torch_flags > %t.json
// RUN: FileCheck --match-full-lines %s < %t.json
//
// Look-alikes of attention that must not match builtin-sdpa. One real
// attention chain comes first so that the check can fail.
#include <torch/torch.h>
#include <tuple>

// The reference chain: reported.
struct ReferenceImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v) {
    return torch::matmul(torch::softmax(torch::matmul(q, k.transpose(-2, -1)) / 8.0, -1), v);
  }
};

// The softmax normalises over the queries (dim -2), not the keys.
struct QueryNormImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v) {
    return torch::matmul(torch::softmax(torch::matmul(q, k.transpose(-2, -1)) / 8.0, -2), v);
  }
};

// output_attentions: the weights are returned as well as multiplied by v.
struct WeightsOutImpl : torch::nn::Module {
  std::tuple<torch::Tensor, torch::Tensor> forward(torch::Tensor q, torch::Tensor k, torch::Tensor v) {
    auto w = torch::softmax(torch::matmul(q, k.transpose(-2, -1)) * 0.125, -1);
    return std::make_tuple(torch::matmul(w, v), w);
  }
};

// Gemma 2's logit soft-capping between the product and the softmax.
struct SoftCapImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v) {
    auto s = torch::matmul(q, k.transpose(-2, -1)) * 0.125;
    s = torch::tanh(s / 50.0) * 50.0;
    return torch::matmul(torch::softmax(s, -1), v);
  }
};

// An extra op between the softmax and the product with v.
struct NanGuardImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v) {
    auto w = torch::softmax(torch::matmul(q, k.transpose(-2, -1)) * 0.125, -1);
    return torch::matmul(torch::nan_to_num(w), v);
  }
};

// A multiplicative mask on the scores.
struct MulMaskImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v, torch::Tensor m) {
    auto s = torch::matmul(q, k.transpose(-2, -1)) * 0.125;
    return torch::matmul(torch::softmax(s * m, -1), v);
  }
};

// Linear attention: no softmax.
struct LinearAttentionImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v) {
    return torch::matmul(torch::matmul(q, k.transpose(-2, -1)) * 0.125, v);
  }
};

// Sigmoid attention: sigmoid instead of softmax.
struct SigmoidAttentionImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v) {
    return torch::matmul(torch::sigmoid(torch::matmul(q, k.transpose(-2, -1)) * 0.125), v);
  }
};

// The weights multiply v from the right.
struct VLeftImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v) {
    return torch::matmul(v, torch::softmax(torch::matmul(q, k.transpose(-2, -1)) * 0.125, -1));
  }
};

// Scores masked to 0, not to a large negative value: they still get
// weight in the softmax, which SDPA's mask cannot express. (The same with
// -1e9 is attention: positive.cpp.)
struct ZeroFillImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v, torch::Tensor pad) {
    auto s = torch::matmul(q, k.transpose(-2, -1)) / 8.0;
    s = s.masked_fill(pad, 0.0);
    return torch::matmul(torch::softmax(s, -1), v);
  }
};

// CHECK:      "parsed": true
// CHECK:      "findings": [
// CHECK:        "class": "ReferenceImpl",
// CHECK-NEXT:   "column": 41,
// CHECK:        "function": "ReferenceImpl::forward",
// CHECK-NEXT:   "line": 12,
// CHECK:        "rule": "builtin-sdpa",
// CHECK-NEXT:   "score": {{.*}},
// CHECK-NEXT:   "selected": true
// CHECK-NOT:    "rule": "builtin-sdpa",
// CHECK:      "partition": [
// The look-alikes were seen, and none of their ops went to a builtin.
// CHECK:        "module": "QueryNormImpl",
// CHECK-NEXT:   "ops": 5,
// CHECK-NEXT:   "packs": {}
// CHECK:        "module": "WeightsOutImpl",
// CHECK-NEXT:   "ops": 5,
// CHECK-NEXT:   "packs": {}
// CHECK:        "module": "SoftCapImpl",
// CHECK-NEXT:   "ops": 8,
// CHECK-NEXT:   "packs": {}
// CHECK:        "module": "NanGuardImpl",
// CHECK-NEXT:   "ops": 6,
// CHECK-NEXT:   "packs": {}
// CHECK:        "module": "MulMaskImpl",
// CHECK-NEXT:   "ops": 6,
// CHECK-NEXT:   "packs": {}
// CHECK:        "module": "LinearAttentionImpl",
// CHECK-NEXT:   "ops": 4,
// CHECK-NEXT:   "packs": {}
// CHECK:        "module": "SigmoidAttentionImpl",
// CHECK-NEXT:   "ops": 5,
// CHECK-NEXT:   "packs": {}
// CHECK:        "module": "VLeftImpl",
// CHECK-NEXT:   "ops": 5,
// CHECK-NEXT:   "packs": {}
// CHECK:        "module": "ZeroFillImpl",
// CHECK-NEXT:   "ops": 6,
// CHECK-NEXT:   "packs": {}
