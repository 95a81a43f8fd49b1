// RUN: %adopter graph %s -- %torch_flags -I%S/Inputs > %t.dsl
// RUN: FileCheck --strict-whitespace --match-full-lines %s < %t.dsl
// RUN: %adopter dsl %t.dsl | diff %t.dsl -
// FEATURE: module Net whose submodules are registered by assignment in the constructor body: fc = Linear(in=10, out=20, bias=false) (from LinearOptions(10, 20).bias(false)), bn = BatchNorm1d(num_features=20, momentum=0.01); forward: x -> fc -> bn -> return.
#include <torch/torch.h>

struct NetImpl : torch::nn::Module {
  NetImpl() {
    fc = register_module(
        "fc", torch::nn::Linear(torch::nn::LinearOptions(10, 20).bias(false)));
    bn = register_module(
        "bn",
        torch::nn::BatchNorm1d(torch::nn::BatchNorm1dOptions(20).momentum(0.01)));
  }

  torch::Tensor forward(torch::Tensor x) {
    x = fc->forward(x);
    return bn->forward(x);
  }

  torch::nn::Linear fc{nullptr};
  torch::nn::BatchNorm1d bn{nullptr};
};
TORCH_MODULE(Net);

int main() {
  Net net;
  auto y = net(torch::randn({4, 10}));
  return y.size(1) == 20 ? 0 : 1;
}

// CHECK-LABEL:module Net {impl="NetImpl"} @{{.*}}register-body.cpp:7:8
// CHECK-NEXT:  fc = torch::nn::Linear(in_features=10, out_features=20, bias=false) {registered} @{{.*}}register-body.cpp:21:21
// CHECK-NEXT:  bn = torch::nn::BatchNorm1d(num_features=20, momentum=0.01) {registered} @{{.*}}register-body.cpp:22:26
// CHECK-NEXT:  forward(%x) @{{.*}}register-body.cpp:16:17:
// CHECK-NEXT:    %0 = fc(%x) @{{.*}}register-body.cpp:17:13
// CHECK-NEXT:    %1 = bn(%0) @{{.*}}register-body.cpp:18:16
// CHECK-NEXT:    return %1 @{{.*}}register-body.cpp:18:5
