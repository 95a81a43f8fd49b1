// RUN: %adopter graph %s -- %torch_flags -I%S/Inputs > %t.dsl
// RUN: FileCheck --strict-whitespace --match-full-lines %s < %t.dsl
// RUN: %adopter dsl %t.dsl | diff %t.dsl -
// FEATURE: module Net whose holder members are declared empty (`torch::nn::Linear fc1{nullptr};`, `torch::nn::Linear fc2 = nullptr;`) and only get their value in the constructor body via register_module: fc1 = Linear(in=in, out=hidden), fc2 = Linear(in=hidden, out=1), with Net(8, 16) in main so fc1 = Linear(8, 16), fc2 = Linear(16, 1); forward: x -> fc1 -> torch::relu -> fc2 -> return.
#include <torch/torch.h>

struct NetImpl : torch::nn::Module {
  NetImpl(int64_t in, int64_t hidden) {
    fc1 = register_module("fc1", torch::nn::Linear(in, hidden));
    fc2 = register_module("fc2", torch::nn::Linear(hidden, 1));
  }

  torch::Tensor forward(torch::Tensor x) {
    x = torch::relu(fc1(x));
    return fc2(x);
  }

  torch::nn::Linear fc1{nullptr};
  torch::nn::Linear fc2 = nullptr;
};
TORCH_MODULE(Net);

int main() {
  Net net(8, 16);
  auto y = net(torch::randn({2, 8}));
  return y.size(1) == 1 ? 0 : 1;
}

// CHECK-LABEL:module Net {impl="NetImpl"} @{{.*}}register-nullptr.cpp:7:8
// CHECK-NEXT:  fc1 = torch::nn::Linear(in_features=`in`, out_features=`hidden`) {registered} @{{.*}}register-nullptr.cpp:18:21
// CHECK-NEXT:  fc2 = torch::nn::Linear(in_features=`hidden`, out_features=1) {registered} @{{.*}}register-nullptr.cpp:19:21
// CHECK-NEXT:  forward(%x) @{{.*}}register-nullptr.cpp:13:17:
// CHECK-NEXT:    %0 = fc1(%x) @{{.*}}register-nullptr.cpp:14:21
// CHECK-NEXT:    %1 = aten::relu(%0) @{{.*}}register-nullptr.cpp:14:9
// CHECK-NEXT:    %2 = fc2(%1) @{{.*}}register-nullptr.cpp:15:12
// CHECK-NEXT:    return %2 @{{.*}}register-nullptr.cpp:15:5
