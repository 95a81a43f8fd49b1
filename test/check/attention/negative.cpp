// RUN: %adopter check --packs adopter --format=json %s -- %torch_flags > %t.json
// RUN: FileCheck --match-full-lines %s < %t.json
//
// Look-alikes of attention. One real attention chain comes first so that the
// check can fail; the masked-softmax left when the weights are reused is
// reported (it is the only candidate there, and its rule returns the weights).
#include <torch/torch.h>
#include <tuple>
#include <vector>

// The reference chain: reported.
struct ReferenceImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v) {
    return torch::matmul(torch::softmax(torch::matmul(q, k.transpose(-2, -1)) / 8.0, -1), v);
  }
};

// The softmax normalises over the queries (dim 1), not the keys.
struct QueryNormImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v,
                        torch::Tensor mask) {
    auto s = torch::matmul(q, k.transpose(-2, -1)) / 8.0;
    s = s.masked_fill(mask == 0, -1e9);
    return torch::matmul(torch::softmax(s, 1), v);
  }
};

// The weights are returned as well as multiplied by v: attention is blocked,
// the scale -> mask -> softmax in front of it is a masked-softmax site.
struct WeightsOutImpl : torch::nn::Module {
  std::tuple<torch::Tensor, torch::Tensor> forward(torch::Tensor q, torch::Tensor k,
                                                   torch::Tensor v, torch::Tensor mask) {
    auto s = torch::matmul(q, k.transpose(-2, -1)) / 8.0;
    s = s.masked_fill(mask == 0, -1e9);
    auto w = torch::softmax(s, -1);
    return std::make_tuple(torch::matmul(w, v), w);
  }
};

// The attention maps are collected for visualisation: attention is blocked.
struct MapsKeptImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v) {
    auto w = torch::softmax(torch::matmul(q, k.transpose(-2, -1)) / 8.0, -1);
    maps.push_back(w);
    return torch::matmul(w, v);
  }
  std::vector<torch::Tensor> maps;
};

// matmul -> scale -> softmax with no product with v (and no mask).
struct ScoresOnlyImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor q, torch::Tensor k) {
    return torch::softmax(torch::matmul(q, k.transpose(-2, -1)) / 8.0, -1);
  }
};

// Attention pooling: a Linear scores the tokens, no q.k^T product.
struct PoolImpl : torch::nn::Module {
  PoolImpl() { score = register_module("score", torch::nn::Linear(64, 1)); }
  torch::Tensor forward(torch::Tensor x) {
    auto w = torch::softmax(score(x).squeeze(-1), -1);
    return torch::matmul(w.unsqueeze(1), x).squeeze(1);
  }
  torch::nn::Linear score{nullptr};
};

// CHECK:      "parsed": true
// CHECK:      "findings": [
// CHECK:        "class": "ReferenceImpl",
// CHECK-NEXT:   "column": 41,
// CHECK:        "function": "ReferenceImpl::forward",
// CHECK-NEXT:   "line": 14,
// CHECK:        "rule": "attention",
// CHECK-NEXT:   "score": {{.*}},
// CHECK-NEXT:   "selected": true
// CHECK-NOT:    "rule": "attention",
// CHECK-NOT:    "rule": "masked-softmax",
// CHECK:        "class": "WeightsOutImpl",
// CHECK-NEXT:   "column": 52,
// CHECK:        "function": "WeightsOutImpl::forward",
// CHECK-NEXT:   "line": 33,
// CHECK:        "rule": "masked-softmax",
// CHECK-NEXT:   "score": {{.*}},
// CHECK-NEXT:   "selected": true
// CHECK-NOT:    "rule": "attention",
// CHECK-NOT:    "rule": "masked-softmax",
// CHECK:      "partition": [
