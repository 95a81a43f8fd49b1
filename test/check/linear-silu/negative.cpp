// RUN: %adopter check --packs adopter --format=json %s -- %torch_flags > %t.json
// RUN: FileCheck --match-full-lines %s < %t.json
//
// Look-alikes of Linear -> SiLU that must not be candidates of linear-silu.
// The real chain (ok) is reported, which proves the check can fail; the GELU
// after fc7 is a linear-gelu site, not a linear-silu one.
#include <torch/torch.h>

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
    fc8 = register_module("fc8", torch::nn::Linear(32, 32));
    ok = register_module("ok", torch::nn::Linear(32, 32));
    norm = register_module("norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({32})));
    conv = register_module("conv", torch::nn::Conv1d(32, 32, 1));
    act = register_module("act", torch::nn::SiLU());
  }

  std::tuple<torch::Tensor, torch::Tensor> forward(torch::Tensor x) {
    // SiLU of the input, gating the Linear output.
    auto h1 = fc1(x);
    x = h1 * torch::silu(x);
    // The Linear output is also added after the SiLU.
    auto h2 = fc2(x);
    x = act(h2) + h2;
    // Something in between.
    x = F::silu(norm(fc3(x)));
    // Another module type.
    x = act(conv(x.unsqueeze(-1))).squeeze(-1);
    // Other activations: sigmoid, mish, GELU.
    x = torch::sigmoid(fc4(x));
    x = torch::mish(fc5(x));
    x = torch::silu(x) + torch::sigmoid(fc6(x));
    x = torch::gelu(fc7(x));
    // The control.
    x = torch::silu(ok(x));
    // The Linear output is also returned.
    auto h8 = fc8(x);
    return std::make_tuple(torch::silu(h8), h8);
  }

  torch::nn::Linear fc1{nullptr}, fc2{nullptr}, fc3{nullptr}, fc4{nullptr}, fc5{nullptr}, fc6{nullptr},
      fc7{nullptr}, fc8{nullptr}, ok{nullptr};
  torch::nn::LayerNorm norm{nullptr};
  torch::nn::Conv1d conv{nullptr};
  torch::nn::SiLU act{nullptr};
};
TORCH_MODULE(Net);

// CHECK: "parsed": true
// CHECK-NOT: "rule": "linear-silu"
// CHECK:      "check": "adopter-linear-gelu",
// CHECK-NEXT: "class": "NetImpl",
// CHECK-NEXT: "column": 21,
// CHECK-NEXT: "decision": "selected: {{.*}}",
// CHECK-NEXT: "file": "{{.*}}negative.cpp",
// CHECK-NEXT: "fixable": true,
// CHECK-NEXT: "function": "NetImpl::forward",
// CHECK-NEXT: "line": 44,
// CHECK-NOT: "rule": "linear-silu"
// CHECK:      "check": "adopter-linear-silu",
// CHECK-NEXT: "class": "NetImpl",
// CHECK-NEXT: "column": 21,
// CHECK-NEXT: "decision": "selected: {{.*}}",
// CHECK-NEXT: "file": "{{.*}}negative.cpp",
// CHECK-NEXT: "fixable": true,
// CHECK-NEXT: "function": "NetImpl::forward",
// CHECK-NEXT: "line": 46,
// CHECK-NEXT: "message": "Linear 'ok' followed by SiLU {{.*}}",
// CHECK:      "rule": "linear-silu",
// CHECK-NOT: "rule": "linear-silu"
// CHECK:      "linear-silu": 2
