// RUN: %adopter graph %s -- %torch_flags -I%S/Inputs > %t.dsl
// RUN: FileCheck --strict-whitespace --match-full-lines %s < %t.dsl
// RUN: %adopter dsl %t.dsl | diff %t.dsl -
// FEATURE: module Mix with fa = Linear(in=4, out=4), fb = Linear(in=4, out=4); forward(x, y) uses overloaded tensor operators that must become ops: a = fa(x), b = fb(y); s = a + b (add); h = s * 0.5 (mul by scalar 0.5); h = 1.0 + h (add, scalar on the left); n = -h (neg); q = n / y (div); q = q - 1 (sub scalar 1); q += x (in-place add, compound assignment) -> return q.
#include <torch/torch.h>

struct MixImpl : torch::nn::Module {
  MixImpl() {
    fa = register_module("fa", torch::nn::Linear(4, 4));
    fb = register_module("fb", torch::nn::Linear(4, 4));
  }

  torch::Tensor forward(torch::Tensor x, torch::Tensor y) {
    auto a = fa(x);
    auto b = fb(y);
    auto s = a + b;
    auto h = s * 0.5;
    h = 1.0 + h;
    auto n = -h;
    auto q = n / y;
    q = q - 1;
    q += x;
    return q;
  }

  torch::nn::Linear fa{nullptr}, fb{nullptr};
};
TORCH_MODULE(Mix);

int main() {
  Mix mix;
  auto out = mix(torch::randn({3, 4}), torch::rand({3, 4}) + 1);
  return out.size(1) == 4 ? 0 : 1;
}

// CHECK-LABEL:module Mix {impl="MixImpl"} @{{.*}}forward-arith.cpp:7:8
// CHECK-NEXT:  fa = torch::nn::Linear(in_features=4, out_features=4) {registered} @{{.*}}forward-arith.cpp:26:21
// CHECK-NEXT:  fb = torch::nn::Linear(in_features=4, out_features=4) {registered} @{{.*}}forward-arith.cpp:26:34
// CHECK-NEXT:  forward(%x, %y) @{{.*}}forward-arith.cpp:13:17:
// CHECK-NEXT:    %0 = fa(%x) @{{.*}}forward-arith.cpp:14:14
// CHECK-NEXT:    %1 = fb(%y) @{{.*}}forward-arith.cpp:15:14
// CHECK-NEXT:    %2 = aten::add(%0, %1) @{{.*}}forward-arith.cpp:16:16
// CHECK-NEXT:    %3 = aten::mul(%2, 0.5) @{{.*}}forward-arith.cpp:17:16
// CHECK-NEXT:    %4 = aten::add(1.0, %3) @{{.*}}forward-arith.cpp:18:13
// CHECK-NEXT:    %5 = aten::neg(%4) @{{.*}}forward-arith.cpp:19:14
// CHECK-NEXT:    %6 = aten::div(%5, %y) @{{.*}}forward-arith.cpp:20:16
// CHECK-NEXT:    %7 = aten::sub(%6, 1) @{{.*}}forward-arith.cpp:21:11
// CHECK-NEXT:    %8 = aten::add_(%7, %x) {inplace} @{{.*}}forward-arith.cpp:22:7
// CHECK-NEXT:    return %8 @{{.*}}forward-arith.cpp:23:5
