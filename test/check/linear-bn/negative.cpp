// RUN: %adopter check --packs adopter --format=json %s -- %torch_flags > %t.json
// RUN: FileCheck --match-full-lines %s < %t.json
//
// Look-alikes of Linear -> BatchNorm1d that must not be candidates of
// linear-bn. The real chain (ok -> bn_ok) is reported, which proves the check
// can fail; Linear -> ReLU -> BatchNorm1d is a linear-relu site and
// Conv1d -> BatchNorm1d a conv-bn site, which shows those were seen.
#include <torch/torch.h>

#include <tuple>

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
    bn = register_module("bn", torch::nn::BatchNorm1d(32));
    bn_ok = register_module("bn_ok", torch::nn::BatchNorm1d(32));
    drop = register_module("drop", torch::nn::Dropout(0.1));
    ln = register_module("ln", torch::nn::LayerNorm(torch::nn::LayerNormOptions({32})));
    inorm = register_module("inorm", torch::nn::InstanceNorm1d(32));
    conv = register_module("conv", torch::nn::Conv1d(32, 32, 1));
  }

  std::tuple<torch::Tensor, torch::Tensor> forward(torch::Tensor x, torch::Tensor seq) {
    // BatchNorm of the input, added to the Linear output.
    x = fc1(x) + bn(x);
    // The Linear output is also added after the BatchNorm.
    auto h2 = fc2(x);
    x = bn(h2) + h2;
    // Something in between: dropout, a ReLU (a linear-relu site), and the
    // transpose a (N, L, C) sequence needs before BatchNorm1d.
    x = bn(drop(fc3(x)));
    x = bn(torch::relu(fc4(x)));
    seq = bn(fc5(seq).transpose(1, 2)).transpose(1, 2);
    // Other normalizations after a Linear.
    x = ln(fc6(x));
    x = inorm(fc7(x).unsqueeze(-1)).squeeze(-1);
    // BatchNorm1d after a convolution: conv-bn, not linear-bn.
    seq = bn(conv(seq.transpose(1, 2))).transpose(1, 2);
    // BatchNorm before the Linear.
    x = fc1(bn(x));
    // The control.
    x = bn_ok(ok(x));
    return std::make_tuple(x, seq);
  }

  torch::nn::Linear fc1{nullptr}, fc2{nullptr}, fc3{nullptr}, fc4{nullptr}, fc5{nullptr}, fc6{nullptr},
      fc7{nullptr}, ok{nullptr};
  torch::nn::BatchNorm1d bn{nullptr}, bn_ok{nullptr};
  torch::nn::Dropout drop{nullptr};
  torch::nn::LayerNorm ln{nullptr};
  torch::nn::InstanceNorm1d inorm{nullptr};
  torch::nn::Conv1d conv{nullptr};
};
TORCH_MODULE(Net);

// CHECK: "parsed": true
// CHECK-NOT: "rule": "linear-bn"
// CHECK:      "check": "adopter-linear-relu",
// CHECK-NEXT: "class": "NetImpl",
// CHECK-NEXT: "column": 24,
// CHECK-NEXT: "decision": "selected: {{.*}}",
// CHECK-NEXT: "file": "{{.*}}negative.cpp",
// CHECK-NEXT: "fixable": true,
// CHECK-NEXT: "function": "NetImpl::forward",
// CHECK-NEXT: "line": 39,
// CHECK-NOT: "rule": "linear-bn"
// CHECK:      "check": "adopter-conv-bn",
// CHECK-NEXT: "class": "NetImpl",
// CHECK-NEXT: "column": 14,
// CHECK-NEXT: "decision": "selected: {{.*}}",
// CHECK-NEXT: "file": "{{.*}}negative.cpp",
// CHECK-NEXT: "fixable": {{true|false}},
// CHECK-NEXT: "function": "NetImpl::forward",
// CHECK-NEXT: "line": 45,
// CHECK-NOT: "rule": "linear-bn"
// CHECK:      "check": "adopter-linear-bn",
// CHECK-NEXT: "class": "NetImpl",
// CHECK-NEXT: "column": 15,
// CHECK-NEXT: "decision": "selected: {{.*}}",
// CHECK-NEXT: "file": "{{.*}}negative.cpp",
// CHECK-NEXT: "fixable": true,
// CHECK-NEXT: "function": "NetImpl::forward",
// CHECK-NEXT: "line": 49,
// CHECK-NEXT: "message": "Linear 'ok' followed by BatchNorm1d 'bn_ok' {{.*}}",
// CHECK:      "rule": "linear-bn",
// CHECK-NOT: "rule": "linear-bn"
// CHECK:      "linear-bn": 2,
