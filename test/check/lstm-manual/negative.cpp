// RUN: %adopter check --packs adopter --format=json %s -- %torch_flags > %t.json
// RUN: FileCheck --match-full-lines %s < %t.json
//
// Look-alikes of lstm-manual. One real cell comes first so that the check can
// fail.
#include <torch/torch.h>
#include <tuple>

using State = std::tuple<torch::Tensor, torch::Tensor>;

struct ReferenceImpl : torch::nn::Module {
  ReferenceImpl() {
    x2h = register_module("x2h", torch::nn::Linear(32, 256));
    h2h = register_module("h2h", torch::nn::Linear(64, 256));
  }
  State forward(torch::Tensor x, torch::Tensor h, torch::Tensor c) {
    auto g = (x2h(x) + h2h(h)).chunk(4, 1);
    c = torch::sigmoid(g[1]) * c + torch::sigmoid(g[0]) * torch::tanh(g[2]);
    return std::make_tuple(torch::sigmoid(g[3]) * torch::tanh(c), c);
  }
  torch::nn::Linear x2h{nullptr}, h2h{nullptr};
};

// Already fused: torch::nn::LSTM and torch::nn::LSTMCell.
struct FusedModulesImpl : torch::nn::Module {
  FusedModulesImpl() {
    lstm = register_module("lstm", torch::nn::LSTM(torch::nn::LSTMOptions(32, 64).num_layers(2)));
    cell = register_module("cell", torch::nn::LSTMCell(32, 64));
  }
  torch::Tensor forward(torch::Tensor seq, torch::Tensor x) {
    auto out = std::get<0>(lstm(seq));
    auto hc = cell(x);
    return out.select(0, -1) + std::get<0>(hc);
  }
  torch::nn::LSTM lstm{nullptr};
  torch::nn::LSTMCell cell{nullptr};
};

// Layer-normalised LSTM: the gate pre-activations go through LayerNorms.
struct LayerNormLSTMCellImpl : torch::nn::Module {
  LayerNormLSTMCellImpl() {
    x2h = register_module("x2h", torch::nn::Linear(32, 256));
    h2h = register_module("h2h", torch::nn::Linear(64, 256));
    ln_x = register_module("ln_x", torch::nn::LayerNorm(torch::nn::LayerNormOptions({256})));
    ln_h = register_module("ln_h", torch::nn::LayerNorm(torch::nn::LayerNormOptions({256})));
  }
  State forward(torch::Tensor x, torch::Tensor h, torch::Tensor c) {
    auto g = (ln_x(x2h(x)) + ln_h(h2h(h))).chunk(4, 1);
    c = torch::sigmoid(g[1]) * c + torch::sigmoid(g[0]) * torch::tanh(g[2]);
    return std::make_tuple(torch::sigmoid(g[3]) * torch::tanh(c), c);
  }
  torch::nn::Linear x2h{nullptr}, h2h{nullptr};
  torch::nn::LayerNorm ln_x{nullptr}, ln_h{nullptr};
};

// Coupled input-forget gate (f = 1 - i), three chunks.
struct CoupledGateCellImpl : torch::nn::Module {
  CoupledGateCellImpl() {
    x2h = register_module("x2h", torch::nn::Linear(32, 192));
    h2h = register_module("h2h", torch::nn::Linear(64, 192));
  }
  State forward(torch::Tensor x, torch::Tensor h, torch::Tensor c) {
    auto g = (x2h(x) + h2h(h)).chunk(3, 1);
    auto i = torch::sigmoid(g[0]);
    c = (1 - i) * c + i * torch::tanh(g[1]);
    return std::make_tuple(torch::sigmoid(g[2]) * torch::tanh(c), c);
  }
  torch::nn::Linear x2h{nullptr}, h2h{nullptr};
};

// Highway layer: a sigmoid gate mixes a transform with the input.
struct HighwayImpl : torch::nn::Module {
  HighwayImpl() {
    transform = register_module("transform", torch::nn::Linear(64, 64));
    gate = register_module("gate", torch::nn::Linear(64, 64));
  }
  torch::Tensor forward(torch::Tensor x) {
    auto t = torch::sigmoid(gate(x));
    return t * torch::tanh(transform(x)) + (1 - t) * x;
  }
  torch::nn::Linear transform{nullptr}, gate{nullptr};
};

// CHECK:      "parsed": true
// CHECK:      "findings": [
// CHECK:        "class": "ReferenceImpl",
// CHECK-NEXT:   "column": 15,
// CHECK:        "function": "ReferenceImpl::forward",
// CHECK-NEXT:   "line": 17,
// CHECK:        "rule": "lstm-manual",
// CHECK-NEXT:   "score": {{.*}},
// CHECK-NEXT:   "selected": true
// CHECK-NOT:    "rule": "lstm-manual",
// CHECK:      "partition": [
// The look-alikes were seen, and none of their ops went to a kernel.
// CHECK:        "module": "FusedModulesImpl",
// CHECK-NEXT:   "ops": {{[1-9][0-9]*}},
// CHECK-NEXT:   "packs": {}
// CHECK:        "module": "LayerNormLSTMCellImpl",
// CHECK-NEXT:   "ops": 15,
// CHECK-NEXT:   "packs": {}
// CHECK:        "module": "CoupledGateCellImpl",
// CHECK-NEXT:   "ops": 13,
// CHECK-NEXT:   "packs": {}
// CHECK:        "module": "HighwayImpl",
// CHECK-NEXT:   "ops": 8,
// CHECK-NEXT:   "packs": {}
