// RUN: %adopter graph %s -- %torch_flags -I%S/Inputs > %t.dsl
// RUN: FileCheck --strict-whitespace --match-full-lines %s < %t.dsl
// RUN: %adopter dsl %t.dsl | diff %t.dsl -
// FEATURE: module Net with fc1 = Linear(in=10, out=32), fc2 = Linear(in=32, out=2); forward re-assigns the single variable x several times and the tool must version it (SSA-like) to get the chain x -> fc1 -> torch::relu -> fc2 -> torch::log_softmax(dim=1) -> return.
#include <torch/torch.h>

struct NetImpl : torch::nn::Module {
  NetImpl() {
    fc1 = register_module("fc1", torch::nn::Linear(10, 32));
    fc2 = register_module("fc2", torch::nn::Linear(32, 2));
  }

  torch::Tensor forward(torch::Tensor x) {
    x = fc1(x);
    x = torch::relu(x);
    x = fc2(x);
    x = torch::log_softmax(x, /*dim=*/1);
    return x;
  }

  torch::nn::Linear fc1{nullptr}, fc2{nullptr};
};
TORCH_MODULE(Net);

int main() {
  Net net;
  auto y = net(torch::randn({4, 10}));
  return y.size(1) == 2 ? 0 : 1;
}

// CHECK-LABEL:module Net {impl="NetImpl"} @{{.*}}forward-reassign.cpp:7:8
// CHECK-NEXT:  fc1 = torch::nn::Linear(in_features=10, out_features=32) {registered} @{{.*}}forward-reassign.cpp:21:21
// CHECK-NEXT:  fc2 = torch::nn::Linear(in_features=32, out_features=2) {registered} @{{.*}}forward-reassign.cpp:21:35
// CHECK-NEXT:  forward(%x) @{{.*}}forward-reassign.cpp:13:17:
// CHECK-NEXT:    %0 = fc1(%x) @{{.*}}forward-reassign.cpp:14:9
// CHECK-NEXT:    %1 = aten::relu(%0) @{{.*}}forward-reassign.cpp:15:9
// CHECK-NEXT:    %2 = fc2(%1) @{{.*}}forward-reassign.cpp:16:9
// CHECK-NEXT:    %3 = aten::log_softmax(%2, 1) @{{.*}}forward-reassign.cpp:17:9
// CHECK-NEXT:    return %3 @{{.*}}forward-reassign.cpp:18:5
