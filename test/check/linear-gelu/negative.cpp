// RUN: %adopter check --packs adopter --format=json %s -- %torch_flags > %t.json
// RUN: FileCheck --match-full-lines %s < %t.json
//
// Look-alikes of Linear -> GELU that must not be candidates of linear-gelu.
// The real chain (ok) is reported, which proves the check can fail, and the
// GELU written out after fc5 is seen as gelu-manual, not as linear-gelu (the
// rule matches torch::gelu, torch::nn::GELU and F::gelu).
#include <torch/torch.h>

#include <cmath>
#include <tuple>

namespace F = torch::nn::functional;

struct NetImpl : torch::nn::Module {
  NetImpl() {
    fc1 = register_module("fc1", torch::nn::Linear(32, 32));
    fc2 = register_module("fc2", torch::nn::Linear(32, 32));
    fc3 = register_module("fc3", torch::nn::Linear(32, 32));
    fc4 = register_module("fc4", torch::nn::Linear(32, 32));
    fc5 = register_module("fc5", torch::nn::Linear(32, 32));
    fc6 = register_module("fc6", torch::nn::Linear(32, 32));
    fc7 = register_module("fc7", torch::nn::Linear(32, 32));
    ok = register_module("ok", torch::nn::Linear(32, 32));
    norm = register_module("norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({32})));
    drop = register_module("drop", torch::nn::Dropout(0.1));
    conv = register_module("conv", torch::nn::Conv1d(32, 32, 1));
    act = register_module("act", torch::nn::GELU());
  }

  std::tuple<torch::Tensor, torch::Tensor> forward(torch::Tensor x) {
    // GELU of the input, multiplied by the Linear output.
    auto h1 = fc1(x);
    x = h1 * torch::gelu(x);
    // The Linear output is also added after the GELU.
    auto h2 = fc2(x);
    x = torch::gelu(h2) + h2;
    // Something in between.
    x = act(norm(fc3(x)));
    x = F::gelu(drop(fc4(x)));
    // Another module type.
    x = act(conv(x.unsqueeze(-1))).squeeze(-1);
    // GELU written out (erf form): a gelu-manual site.
    auto h5 = fc5(x);
    x = 0.5 * h5 * (1.0 + torch::erf(h5 / std::sqrt(2.0)));
    // Not GELU.
    x = torch::sigmoid(fc6(x));
    // The control.
    x = torch::gelu(ok(x), "tanh");
    // The Linear output is also returned.
    auto h7 = fc7(x);
    return std::make_tuple(F::gelu(h7), h7);
  }

  torch::nn::Linear fc1{nullptr}, fc2{nullptr}, fc3{nullptr}, fc4{nullptr}, fc5{nullptr}, fc6{nullptr},
      fc7{nullptr}, ok{nullptr};
  torch::nn::LayerNorm norm{nullptr};
  torch::nn::Dropout drop{nullptr};
  torch::nn::Conv1d conv{nullptr};
  torch::nn::GELU act{nullptr};
};
TORCH_MODULE(Net);

// CHECK: "parsed": true
// CHECK-NOT: "rule": "linear-gelu"
// CHECK:      "check": "adopter-gelu-manual",
// CHECK-NEXT: "class": "NetImpl",
// CHECK-NEXT: "column": 13,
// CHECK-NEXT: "decision": "selected: {{.*}}",
// CHECK-NEXT: "file": "{{.*}}negative.cpp",
// CHECK-NEXT: "fixable": true,
// CHECK-NEXT: "function": "NetImpl::forward",
// CHECK-NEXT: "line": 45,
// CHECK-NOT: "rule": "linear-gelu"
// CHECK:      "check": "adopter-linear-gelu",
// CHECK-NEXT: "class": "NetImpl",
// CHECK-NEXT: "column": 21,
// CHECK-NEXT: "decision": "selected: {{.*}}",
// CHECK-NEXT: "file": "{{.*}}negative.cpp",
// CHECK-NEXT: "fixable": true,
// CHECK-NEXT: "function": "NetImpl::forward",
// CHECK-NEXT: "line": 49,
// CHECK-NEXT: "message": "Linear 'ok' followed by GELU {{.*}}",
// CHECK:      "rule": "linear-gelu",
// CHECK-NOT: "rule": "linear-gelu"
// CHECK:      "linear-gelu": 2
