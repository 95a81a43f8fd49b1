// RUN: %adopter check --packs adopter --format=json %s -- %torch_flags > %t.json
// RUN: FileCheck --match-full-lines %s < %t.json
//
// Look-alikes of swiglu. One real chain comes first so that the check can
// fail; where a Linear -> SiLU remains, linear-silu is reported instead.
#include <torch/torch.h>

struct ReferenceImpl : torch::nn::Module {
  ReferenceImpl() {
    gate = register_module("gate", torch::nn::Linear(64, 256));
    up = register_module("up", torch::nn::Linear(64, 256));
  }
  torch::Tensor forward(torch::Tensor x) { return torch::silu(gate(x)) * up(x); }
  torch::nn::Linear gate{nullptr}, up{nullptr};
};

// The up projection reads another tensor (a gated cross-stream mix).
struct CrossGateImpl : torch::nn::Module {
  CrossGateImpl() {
    gate = register_module("gate", torch::nn::Linear(64, 256));
    up = register_module("up", torch::nn::Linear(64, 256));
  }
  torch::Tensor forward(torch::Tensor x, torch::Tensor y) {
    return torch::silu(gate(x)) * up(y);
  }
  torch::nn::Linear gate{nullptr}, up{nullptr};
};

// GeGLU: GELU, not SiLU, on the gate.
struct GeGLUImpl : torch::nn::Module {
  GeGLUImpl() {
    gate = register_module("gate", torch::nn::Linear(64, 256));
    up = register_module("up", torch::nn::Linear(64, 256));
  }
  torch::Tensor forward(torch::Tensor x) { return torch::gelu(gate(x)) * up(x); }
  torch::nn::Linear gate{nullptr}, up{nullptr};
};

// The activated gate is also logged as a sparsity statistic.
struct GateKeptImpl : torch::nn::Module {
  GateKeptImpl() {
    gate = register_module("gate", torch::nn::Linear(64, 256));
    up = register_module("up", torch::nn::Linear(64, 256));
  }
  std::pair<torch::Tensor, torch::Tensor> forward(torch::Tensor x) {
    auto a = torch::silu(gate(x));
    return {a * up(x), (a.abs() < 1e-3).to(torch::kFloat).mean()};
  }
  torch::nn::Linear gate{nullptr}, up{nullptr};
};

// The packed projection is split in three, not two.
struct ThreeWayImpl : torch::nn::Module {
  ThreeWayImpl() { proj = register_module("proj", torch::nn::Linear(64, 768)); }
  torch::Tensor forward(torch::Tensor x) {
    auto p = proj(x).chunk(3, -1);
    return torch::silu(p[0]) * p[1] + p[2];
  }
  torch::nn::Linear proj{nullptr};
};

// CHECK:      "parsed": true
// CHECK:      "findings": [
// CHECK:        "class": "ReferenceImpl",
// CHECK-NEXT:   "column": 63,
// CHECK-NEXT:   "decision": "rejected: {{.*}} it overlaps swiglu at {{.*}}negative.cpp:13:63 {{.*}}",
// CHECK:        "function": "ReferenceImpl::forward",
// CHECK-NEXT:   "line": 13,
// CHECK:        "rule": "linear-silu",
// CHECK-NEXT:   "score": {{.*}},
// CHECK-NEXT:   "selected": false
// CHECK:        "class": "ReferenceImpl",
// CHECK-NEXT:   "column": 63,
// CHECK:        "function": "ReferenceImpl::forward",
// CHECK-NEXT:   "line": 13,
// CHECK:        "rule": "swiglu",
// CHECK-NEXT:   "score": {{.*}},
// CHECK-NEXT:   "selected": true
// CHECK-NOT:    "rule": "swiglu",
// CHECK:        "class": "CrossGateImpl",
// CHECK-NEXT:   "column": 24,
// CHECK:        "function": "CrossGateImpl::forward",
// CHECK-NEXT:   "line": 24,
// CHECK:        "rule": "linear-silu",
// CHECK-NEXT:   "score": {{.*}},
// CHECK-NEXT:   "selected": true
// CHECK-NOT:    "rule": "swiglu",
// CHECK:        "class": "GeGLUImpl",
// CHECK-NEXT:   "column": 63,
// CHECK:        "function": "GeGLUImpl::forward",
// CHECK-NEXT:   "line": 35,
// CHECK:        "rule": "linear-gelu",
// CHECK-NEXT:   "score": {{.*}},
// CHECK-NEXT:   "selected": true
// CHECK-NOT:    "rule": "swiglu",
// CHECK:        "class": "GateKeptImpl",
// CHECK-NEXT:   "column": 26,
// CHECK:        "function": "GateKeptImpl::forward",
// CHECK-NEXT:   "line": 46,
// CHECK:        "rule": "linear-silu",
// CHECK-NEXT:   "score": {{.*}},
// CHECK-NEXT:   "selected": true
// CHECK-NOT:    "rule": "swiglu",
// CHECK:      "partition": [
