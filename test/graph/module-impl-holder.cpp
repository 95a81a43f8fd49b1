// RUN: %adopter graph %s -- %torch_flags -I%S/Inputs > %t.dsl
// RUN: FileCheck --strict-whitespace --match-full-lines %s < %t.dsl
// RUN: %adopter dsl %t.dsl | diff %t.dsl -
// FEATURE: module MLP (MLPImpl wrapped by TORCH_MODULE(MLP)) with submodules fc1 = Linear(in=784, out=128), act = ReLU, fc2 = Linear(in=128, out=10); forward: x -> fc1 -> act -> fc2 -> return.
#include <torch/torch.h>

struct MLPImpl : torch::nn::Module {
  MLPImpl()
      : fc1(register_module("fc1", torch::nn::Linear(784, 128))),
        act(register_module("act", torch::nn::ReLU())),
        fc2(register_module("fc2", torch::nn::Linear(128, 10))) {}

  torch::Tensor forward(torch::Tensor x) {
    x = fc1(x);
    x = act(x);
    return fc2(x);
  }

  torch::nn::Linear fc1;
  torch::nn::ReLU act;
  torch::nn::Linear fc2;
};
TORCH_MODULE(MLP);

int main() {
  MLP model;
  auto y = model(torch::randn({2, 784}));
  return y.size(1) == 10 ? 0 : 1;
}

// CHECK-LABEL:module MLP {impl="MLPImpl"} @{{.*}}module-impl-holder.cpp:7:8
// CHECK-NEXT:  fc1 = torch::nn::Linear(in_features=784, out_features=128) {registered} @{{.*}}module-impl-holder.cpp:19:21
// CHECK-NEXT:  act = torch::nn::ReLU() {registered} @{{.*}}module-impl-holder.cpp:20:19
// CHECK-NEXT:  fc2 = torch::nn::Linear(in_features=128, out_features=10) {registered} @{{.*}}module-impl-holder.cpp:21:21
// CHECK-NEXT:  forward(%x) @{{.*}}module-impl-holder.cpp:13:17:
// CHECK-NEXT:    %0 = fc1(%x) @{{.*}}module-impl-holder.cpp:14:9
// CHECK-NEXT:    %1 = aten::relu(%0) {via=act} @{{.*}}module-impl-holder.cpp:15:9
// CHECK-NEXT:    %2 = fc2(%1) @{{.*}}module-impl-holder.cpp:16:12
// CHECK-NEXT:    return %2 @{{.*}}module-impl-holder.cpp:16:5
