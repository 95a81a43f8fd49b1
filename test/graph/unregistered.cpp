// RUN: %adopter graph %s -- %torch_flags -I%S/Inputs > %t.dsl
// RUN: FileCheck --strict-whitespace --match-full-lines %s < %t.dsl
// RUN: %adopter dsl %t.dsl | diff %t.dsl -
// FEATURE: module Net with one registered submodule fc = Linear(in=10, out=10) and one member proj = Linear(in=10, out=10) that is constructed by its default member initializer `{10, 10}` but never passed to register_module (the tool must report proj as unregistered, i.e. its parameters are not part of the module); forward: x -> fc -> proj -> return.
#include <torch/torch.h>

struct NetImpl : torch::nn::Module {
  NetImpl() { fc = register_module("fc", torch::nn::Linear(10, 10)); }

  torch::Tensor forward(torch::Tensor x) {
    x = fc(x);
    return proj(x);
  }

  torch::nn::Linear fc{nullptr};
  torch::nn::Linear proj{10, 10};
};
TORCH_MODULE(Net);

int main() {
  Net net;
  auto y = net(torch::randn({2, 10}));
  // Only fc's weight and bias are registered.
  return net->parameters().size() == 2 && y.size(1) == 10 ? 0 : 1;
}

// CHECK-LABEL:module Net {impl="NetImpl"} @{{.*}}unregistered.cpp:7:8
// CHECK-NEXT:  fc = torch::nn::Linear(in_features=10, out_features=10) {registered} @{{.*}}unregistered.cpp:15:21
// CHECK-NEXT:  proj = torch::nn::Linear(in_features=10, out_features=10) {unregistered} @{{.*}}unregistered.cpp:16:21
// CHECK-NEXT:  forward(%x) @{{.*}}unregistered.cpp:10:17:
// CHECK-NEXT:    %0 = fc(%x) @{{.*}}unregistered.cpp:11:9
// CHECK-NEXT:    %1 = proj(%0) @{{.*}}unregistered.cpp:12:12
// CHECK-NEXT:    return %1 @{{.*}}unregistered.cpp:12:5
