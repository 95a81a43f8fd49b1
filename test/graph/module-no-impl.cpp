// RUN: %adopter graph %s -- %torch_flags -I%S/Inputs > %t.dsl
// RUN: FileCheck --strict-whitespace --match-full-lines %s < %t.dsl
// RUN: %adopter dsl %t.dsl | diff %t.dsl -
// FEATURE: module Net (plain torch::nn::Module subclass, no Impl suffix, no TORCH_MODULE holder, used through std::shared_ptr<Net>) with submodules conv = Conv2d(in=1, out=8, kernel=3), fc = Linear(in=8, out=2); forward: x -> conv -> torch::relu -> mean over dims {2, 3} -> fc -> return.
#include <torch/torch.h>

#include <memory>

struct Net : torch::nn::Module {
  Net() {
    conv = register_module("conv", torch::nn::Conv2d(1, 8, 3));
    fc = register_module("fc", torch::nn::Linear(8, 2));
  }

  torch::Tensor forward(torch::Tensor x) {
    x = torch::relu(conv->forward(x));
    x = x.mean({2, 3});
    return fc->forward(x);
  }

  torch::nn::Conv2d conv{nullptr};
  torch::nn::Linear fc{nullptr};
};

int main() {
  auto net = std::make_shared<Net>();
  auto y = net->forward(torch::randn({1, 1, 16, 16}));
  return y.size(1) == 2 ? 0 : 1;
}

// CHECK-LABEL:module Net @{{.*}}module-no-impl.cpp:9:8
// CHECK-NEXT:  conv = torch::nn::Conv2d(in_channels=1, out_channels=8, kernel_size=3) {registered} @{{.*}}module-no-impl.cpp:21:21
// CHECK-NEXT:  fc = torch::nn::Linear(in_features=8, out_features=2) {registered} @{{.*}}module-no-impl.cpp:22:21
// CHECK-NEXT:  forward(%x) @{{.*}}module-no-impl.cpp:15:17:
// CHECK-NEXT:    %0 = conv(%x) @{{.*}}module-no-impl.cpp:16:27
// CHECK-NEXT:    %1 = aten::relu(%0) @{{.*}}module-no-impl.cpp:16:9
// CHECK-NEXT:    %2 = aten::mean(%1, [2, 3]) @{{.*}}module-no-impl.cpp:17:11
// CHECK-NEXT:    %3 = fc(%2) @{{.*}}module-no-impl.cpp:18:16
// CHECK-NEXT:    return %3 @{{.*}}module-no-impl.cpp:18:5
