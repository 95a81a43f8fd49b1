// RUN: %adopter check --packs adopter --format=json %s -- %torch_flags > %t.json
// RUN: FileCheck --match-full-lines %s < %t.json
//
// Look-alikes of Linear -> ReLU that must not be candidates of linear-relu.
// The real chain in forward() is reported, which proves the check can fail;
// a candidate of any look-alike (selected or not) would add a second
// "rule": "linear-relu" to the JSON.
// ReLU6, LeakyReLU and Hardtanh(0, 6) are look-alikes too: the replacement
// (adopter::nn::FusedLinearReLU) computes max(x, 0) only, so rewriting them
// would change the model's results. Each is here in the spellings that the
// positive fixture uses for ReLU: module (with options), function,
// functional API with options, and elements of a Sequential.
#include <torch/torch.h>

#include <tuple>
#include <vector>

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
    fc9 = register_module("fc9", torch::nn::Linear(32, 32));
    fc10 = register_module("fc10", torch::nn::Linear(32, 32));
    fc11 = register_module("fc11", torch::nn::Linear(32, 32));
    fc12 = register_module("fc12", torch::nn::Linear(32, 32));
    fc13 = register_module("fc13", torch::nn::Linear(32, 32));
    fc14 = register_module("fc14", torch::nn::Linear(32, 32));
    fc15 = register_module("fc15", torch::nn::Linear(32, 32));
    fc16 = register_module("fc16", torch::nn::Linear(32, 32));
    ok = register_module("ok", torch::nn::Linear(32, 32));
    drop = register_module("drop", torch::nn::Dropout(0.1));
    norm = register_module("norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({32})));
    conv = register_module("conv", torch::nn::Conv1d(32, 32, 1));
    bil = register_module("bil", torch::nn::Bilinear(32, 32, 32));
    relu6 = register_module("relu6", torch::nn::ReLU6(torch::nn::ReLU6Options().inplace(true)));
    leaky = register_module("leaky", torch::nn::LeakyReLU(torch::nn::LeakyReLUOptions().negative_slope(0.2)));
    clamp6 = register_module("clamp6", torch::nn::Hardtanh(torch::nn::HardtanhOptions().min_val(0.0).max_val(6.0)));
    seq = register_module("seq", torch::nn::Sequential(torch::nn::Linear(32, 32), torch::nn::LeakyReLU(),
                                                       torch::nn::Linear(32, 32), torch::nn::ReLU6()));
  }

  std::tuple<torch::Tensor, torch::Tensor> forward(torch::Tensor x) {
    // The activation is applied to a different tensor.
    auto h1 = fc1(x);
    x = h1 + torch::relu(x);
    // The Linear output is also added after the ReLU.
    auto h2 = fc2(x);
    x = torch::relu(h2) + h2;
    // Something in between.
    x = torch::relu(drop(fc3(x)));
    x = norm(fc4(x)).relu();
    // Not a ReLU-family activation: Hardtanh to [-1, 1], tanh.
    x = torch::hardtanh(fc5(x), -1.0, 1.0);
    x = torch::tanh(fc6(x));
    // ReLU6, LeakyReLU, Hardtanh(0, 6): not what the ReLU kernel computes.
    x = relu6(fc10(x));
    x = F::relu6(fc11(x));
    x = leaky(fc12(x));
    x = torch::leaky_relu(fc13(x), 0.01);
    x = F::leaky_relu(fc14(x), F::LeakyReLUFuncOptions().negative_slope(0.1).inplace(true));
    x = clamp6(fc15(x));
    x = torch::hardtanh(fc16(x), 0.0, 6.0);
    x = seq->forward(x);
    // Other module types.
    x = torch::relu(conv(x.unsqueeze(-1))).squeeze(-1);
    x = torch::relu(bil(x, x));
    // The ReLU runs before the Linear.
    x = fc7(torch::relu(x));
    // The Linear output is also kept in a list.
    auto h8 = fc8(x);
    features.push_back(h8);
    x = torch::relu(h8);
    // The control: a real chain.
    x = torch::relu(ok(x));
    // The Linear output is also returned.
    auto h9 = fc9(x);
    return std::make_tuple(torch::relu(h9), h9);
  }

  torch::nn::Linear fc1{nullptr}, fc2{nullptr}, fc3{nullptr}, fc4{nullptr}, fc5{nullptr}, fc6{nullptr},
      fc7{nullptr}, fc8{nullptr}, fc9{nullptr}, fc10{nullptr}, fc11{nullptr}, fc12{nullptr}, fc13{nullptr},
      fc14{nullptr}, fc15{nullptr}, fc16{nullptr}, ok{nullptr};
  torch::nn::Dropout drop{nullptr};
  torch::nn::LayerNorm norm{nullptr};
  torch::nn::Conv1d conv{nullptr};
  torch::nn::Bilinear bil{nullptr};
  torch::nn::ReLU6 relu6{nullptr};
  torch::nn::LeakyReLU leaky{nullptr};
  torch::nn::Hardtanh clamp6{nullptr};
  torch::nn::Sequential seq{nullptr};
  std::vector<torch::Tensor> features;
};
TORCH_MODULE(Net);

// CHECK: "parsed": true
// CHECK-NOT: "rule": "linear-relu"
// CHECK:      "check": "adopter-linear-relu",
// CHECK-NEXT: "class": "NetImpl",
// CHECK-NEXT: "column": 21,
// CHECK-NEXT: "decision": "selected: {{.*}}",
// CHECK-NEXT: "file": "{{.*}}negative.cpp",
// CHECK-NEXT: "fixable": true,
// CHECK-NEXT: "function": "NetImpl::forward",
// CHECK-NEXT: "line": 82,
// CHECK-NEXT: "message": "Linear 'ok' followed by ReLU can run as one GEMM {{.*}}",
// CHECK:      "rule": "linear-relu",
// CHECK-NOT: "rule": "linear-relu"
// CHECK:      "linear-relu": 2
