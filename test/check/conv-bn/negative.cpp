// RUN: %adopter check --packs adopter --format=json %s -- %torch_flags > %t.json
// RUN: FileCheck --match-full-lines %s < %t.json
//
// Look-alikes of convolution -> BatchNorm that must not be candidates of
// conv-bn. Two controls prove the check can fail: a BatchNorm output that is
// also used after its ReLU leaves a 2-op conv-bn without the activation, and
// a plain stem chain. Linear -> BatchNorm1d is linear-bn, not conv-bn.
#include <torch/torch.h>

#include <tuple>

struct NetImpl : torch::nn::Module {
  NetImpl() {
    conv1 = register_module("conv1", torch::nn::Conv2d(16, 16, 3));
    conv2 = register_module("conv2", torch::nn::Conv2d(16, 16, 3));
    conv3 = register_module("conv3", torch::nn::Conv2d(16, 16, 3));
    conv4 = register_module("conv4", torch::nn::Conv2d(16, 16, 3));
    conv5 = register_module("conv5", torch::nn::Conv2d(16, 16, 3));
    conv6 = register_module("conv6", torch::nn::Conv2d(16, 16, 3));
    conv7 = register_module("conv7", torch::nn::Conv2d(16, 16, 3));
    conv8 = register_module("conv8", torch::nn::Conv2d(16, 16, 3));
    stem = register_module("stem", torch::nn::Conv2d(16, 16, 3));
    bn = register_module("bn", torch::nn::BatchNorm2d(16));
    bn8 = register_module("bn8", torch::nn::BatchNorm2d(16));
    bn_stem = register_module("bn_stem", torch::nn::BatchNorm2d(16));
    gn = register_module("gn", torch::nn::GroupNorm(4, 16));
    in = register_module("in", torch::nn::InstanceNorm2d(16));
    pool = register_module("pool", torch::nn::MaxPool2d(2));
    fc = register_module("fc", torch::nn::Linear(16, 16));
    bn1d = register_module("bn1d", torch::nn::BatchNorm1d(16));
  }

  std::tuple<torch::Tensor, torch::Tensor> forward(torch::Tensor x) {
    // BatchNorm of the input, added to the convolution output.
    x = conv1(x) + bn(x);
    // The convolution output is also added after the BatchNorm.
    auto c2 = conv2(x);
    x = bn(c2) + c2;
    // Something in between: a ReLU, a pooling.
    x = bn(torch::relu(conv3(x)));
    x = bn(pool(conv4(x)));
    // Other normalizations after a convolution.
    x = gn(conv5(x));
    x = in(conv6(x));
    // Pre-activation order: BatchNorm, ReLU, convolution.
    x = conv7(torch::relu(bn(x)));
    // Control: the BatchNorm output is also added, so the ReLU stays out.
    auto b = bn8(conv8(x));
    x = torch::relu(b) + b;
    // Linear -> BatchNorm1d: linear-bn.
    auto v = bn1d(fc(x.mean({2, 3})));
    // Control: the stem.
    return std::make_tuple(torch::relu(bn_stem(stem(x))), v);
  }

  torch::nn::Conv2d conv1{nullptr}, conv2{nullptr}, conv3{nullptr}, conv4{nullptr}, conv5{nullptr},
      conv6{nullptr}, conv7{nullptr}, conv8{nullptr}, stem{nullptr};
  torch::nn::BatchNorm2d bn{nullptr}, bn8{nullptr}, bn_stem{nullptr};
  torch::nn::GroupNorm gn{nullptr};
  torch::nn::InstanceNorm2d in{nullptr};
  torch::nn::MaxPool2d pool{nullptr};
  torch::nn::Linear fc{nullptr};
  torch::nn::BatchNorm1d bn1d{nullptr};
};
TORCH_MODULE(Net);

// CHECK: "parsed": true
// CHECK-NOT: "rule": "conv-bn"
// CHECK:      "check": "adopter-conv-bn",
// CHECK-NEXT: "class": "NetImpl",
// CHECK-NEXT: "column": 18,
// CHECK-NEXT: "decision": "selected: score 0.46 = 2 ops x (1 - 1/1.30), no overlapping candidate",
// CHECK-NEXT: "file": "{{.*}}negative.cpp",
// CHECK-NEXT: "fixable": true,
// CHECK-NEXT: "function": "NetImpl::forward",
// CHECK-NEXT: "line": 48,
// CHECK-NEXT: "message": "convolution 'conv8' followed by BatchNorm 'bn8' {{.*}}",
// CHECK-NEXT: "ops": [
// CHECK:      "op": "conv8",
// CHECK:      "op": "bn8",
// CHECK-NEXT: "type": "torch::nn::BatchNorm2d"
// CHECK-NEXT: }
// CHECK-NEXT: ],
// CHECK:      "rule": "conv-bn",
// CHECK-NOT: "rule": "conv-bn"
// CHECK:      "check": "adopter-linear-bn",
// CHECK-NEXT: "class": "NetImpl",
// CHECK-NEXT: "column": 19,
// CHECK:      "line": 51,
// CHECK-NOT: "rule": "conv-bn"
// CHECK:      "check": "adopter-conv-bn",
// CHECK-NEXT: "class": "NetImpl",
// CHECK-NEXT: "column": 48,
// CHECK-NEXT: "decision": "selected: score 0.69 = 3 ops x (1 - 1/1.30), no overlapping candidate",
// CHECK-NEXT: "file": "{{.*}}negative.cpp",
// CHECK-NEXT: "fixable": true,
// CHECK-NEXT: "function": "NetImpl::forward",
// CHECK-NEXT: "line": 53,
// CHECK:      "rule": "conv-bn",
// CHECK-NOT: "rule": "conv-bn"
// CHECK:      "conv-bn": 5,
