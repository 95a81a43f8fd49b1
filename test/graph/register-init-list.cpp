// RUN: %adopter graph %s -- %torch_flags -I%S/Inputs > %t.dsl
// RUN: FileCheck --strict-whitespace --match-full-lines %s < %t.dsl
// RUN: %adopter dsl %t.dsl | diff %t.dsl -
// FEATURE: module Net whose submodules are all registered in the constructor's member initializer list: fc = Linear(in=10, out=20), drop = Dropout(p=0.5), out = Linear(in=20, out=1); forward: x -> fc -> torch::relu -> drop -> out -> return.
#include <torch/torch.h>

struct NetImpl : torch::nn::Module {
  NetImpl()
      : fc(register_module("fc", torch::nn::Linear(10, 20))),
        drop(register_module("drop", torch::nn::Dropout(0.5))),
        out(register_module("out", torch::nn::Linear(20, 1))) {}

  torch::Tensor forward(torch::Tensor x) {
    x = torch::relu(fc(x));
    x = drop(x);
    return out(x);
  }

  torch::nn::Linear fc;
  torch::nn::Dropout drop;
  torch::nn::Linear out;
};
TORCH_MODULE(Net);

int main() {
  Net net;
  auto y = net(torch::randn({3, 10}));
  return y.size(1) == 1 ? 0 : 1;
}

// CHECK-LABEL:module Net {impl="NetImpl"} @{{.*}}register-init-list.cpp:7:8
// CHECK-NEXT:  fc = torch::nn::Linear(in_features=10, out_features=20) {registered} @{{.*}}register-init-list.cpp:19:21
// CHECK-NEXT:  drop = torch::nn::Dropout(p=0.5) {registered} @{{.*}}register-init-list.cpp:20:22
// CHECK-NEXT:  out = torch::nn::Linear(in_features=20, out_features=1) {registered} @{{.*}}register-init-list.cpp:21:21
// CHECK-NEXT:  forward(%x) @{{.*}}register-init-list.cpp:13:17:
// CHECK-NEXT:    %0 = fc(%x) @{{.*}}register-init-list.cpp:14:21
// CHECK-NEXT:    %1 = aten::relu(%0) @{{.*}}register-init-list.cpp:14:9
// CHECK-NEXT:    %2 = aten::dropout(%1) {via=drop} @{{.*}}register-init-list.cpp:15:9
// CHECK-NEXT:    %3 = out(%2) @{{.*}}register-init-list.cpp:16:12
// CHECK-NEXT:    return %3 @{{.*}}register-init-list.cpp:16:5
