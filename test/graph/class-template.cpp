// RUN: %adopter graph %s -- %torch_flags -I%S/Inputs > %t.dsl
// RUN: FileCheck --strict-whitespace --match-full-lines %s < %t.dsl
// RUN: %adopter dsl %t.dsl | diff %t.dsl -
// FEATURE: class template StackImpl<int N> must be reported once per instantiation: StackImpl<4> with fc = Linear(in=4, out=8) and StackImpl<8> with fc = Linear(in=8, out=16) (out = N * 2), both with forward: x -> fc -> torch::tanh -> return; module Pair registers a = Stack4 (StackImpl<4>) and b = Stack8 (StackImpl<8>); Pair forward: x -> a, y -> b, return cat of the two along dim 1.
#include <torch/torch.h>

template <int N> struct StackImpl : torch::nn::Module {
  StackImpl() : fc(register_module("fc", torch::nn::Linear(N, N * 2))) {}

  torch::Tensor forward(torch::Tensor x) { return torch::tanh(fc(x)); }

  torch::nn::Linear fc;
};

using Stack4Impl = StackImpl<4>;
using Stack8Impl = StackImpl<8>;
TORCH_MODULE(Stack4);
TORCH_MODULE(Stack8);

struct PairImpl : torch::nn::Module {
  PairImpl() {
    a = register_module("a", Stack4());
    b = register_module("b", Stack8());
  }

  torch::Tensor forward(torch::Tensor x, torch::Tensor y) {
    return torch::cat({a(x), b(y)}, 1);
  }

  Stack4 a{nullptr};
  Stack8 b{nullptr};
};
TORCH_MODULE(Pair);

int main() {
  Pair p;
  auto z = p(torch::randn({2, 4}), torch::randn({2, 8}));
  return z.size(1) == 24 ? 0 : 1;
}

// CHECK-LABEL:module Stack4 {impl="StackImpl<4>"} @{{.*}}class-template.cpp:7:25
// CHECK-NEXT:  fc = torch::nn::Linear(in_features=4, out_features=8) {registered} @{{.*}}class-template.cpp:12:21
// CHECK-NEXT:  forward(%x) @{{.*}}class-template.cpp:10:17:
// CHECK-NEXT:    %0 = fc(%x) @{{.*}}class-template.cpp:10:63
// CHECK-NEXT:    %1 = aten::tanh(%0) @{{.*}}class-template.cpp:10:51
// CHECK-NEXT:    return %1 @{{.*}}class-template.cpp:10:44
// CHECK-EMPTY:
// CHECK-LABEL:module Stack8 {impl="StackImpl<8>"} @{{.*}}class-template.cpp:7:25
// CHECK-NEXT:  fc = torch::nn::Linear(in_features=8, out_features=16) {registered} @{{.*}}class-template.cpp:12:21
// CHECK-NEXT:  forward(%x) @{{.*}}class-template.cpp:10:17:
// CHECK-NEXT:    %0 = fc(%x) @{{.*}}class-template.cpp:10:63
// CHECK-NEXT:    %1 = aten::tanh(%0) @{{.*}}class-template.cpp:10:51
// CHECK-NEXT:    return %1 @{{.*}}class-template.cpp:10:44
// CHECK-EMPTY:
// CHECK-LABEL:module Pair {impl="PairImpl"} @{{.*}}class-template.cpp:20:8
// CHECK-NEXT:  a = Stack4() {registered} @{{.*}}class-template.cpp:30:10
// CHECK-NEXT:  b = Stack8() {registered} @{{.*}}class-template.cpp:31:10
// CHECK-NEXT:  forward(%x, %y) @{{.*}}class-template.cpp:26:17:
// CHECK-NEXT:    %2 = inline a(%x) {scope="Stack4::forward", def="{{.*}}class-template.cpp:10"} @{{.*}}class-template.cpp:27:24:
// CHECK-NEXT:      %0 = a.fc(%x) @{{.*}}class-template.cpp:10:63
// CHECK-NEXT:      %1 = aten::tanh(%0) @{{.*}}class-template.cpp:10:51
// CHECK-NEXT:      yield %1 @{{.*}}class-template.cpp:10:71
// CHECK-NEXT:    %5 = inline b(%y) {scope="Stack8::forward", def="{{.*}}class-template.cpp:10"} @{{.*}}class-template.cpp:27:30:
// CHECK-NEXT:      %3 = b.fc(%y) @{{.*}}class-template.cpp:10:63
// CHECK-NEXT:      %4 = aten::tanh(%3) @{{.*}}class-template.cpp:10:51
// CHECK-NEXT:      yield %4 @{{.*}}class-template.cpp:10:71
// CHECK-NEXT:    %6 = aten::cat([%2, %5], 1) @{{.*}}class-template.cpp:27:12
// CHECK-NEXT:    return %6 @{{.*}}class-template.cpp:27:5
