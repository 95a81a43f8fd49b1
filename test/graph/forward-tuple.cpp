// RUN: %adopter graph %s -- %torch_flags -I%S/Inputs > %t.dsl
// RUN: FileCheck --strict-whitespace --match-full-lines %s < %t.dsl
// RUN: %adopter dsl %t.dsl | diff %t.dsl -
// FEATURE: module Gate with fc = Linear(in=16, out=32), cell = Linear(in=8, out=8); the tool must track tuple elements through a helper, structured bindings, std::get and chunk indexing: y = fc(x); `auto [a, b] = split(y)` where the free helper split returns std::make_tuple(halves[0], halves[1]) of halves = x.chunk(2, -1), so a and b are the two halves of y; g = torch::sigmoid(a) * torch::tanh(b); `auto parts = g.chunk(2, -1)`; c = cell(parts[0]); first = std::get<0>(split(y)) (same value as a); h = first.narrow(-1, 0, 8) + parts[1]; forward returns std::make_tuple(h, c), i.e. two outputs h and c.
#include <torch/torch.h>

#include <tuple>

std::tuple<torch::Tensor, torch::Tensor> split(const torch::Tensor &x) {
  auto halves = x.chunk(2, -1);
  return std::make_tuple(halves[0], halves[1]);
}

struct GateImpl : torch::nn::Module {
  GateImpl() {
    fc = register_module("fc", torch::nn::Linear(16, 32));
    cell = register_module("cell", torch::nn::Linear(8, 8));
  }

  std::tuple<torch::Tensor, torch::Tensor> forward(torch::Tensor x) {
    auto y = fc(x);
    auto [a, b] = split(y);
    auto g = torch::sigmoid(a) * torch::tanh(b);
    auto parts = g.chunk(2, -1);
    auto c = cell(parts[0]);
    auto first = std::get<0>(split(y));
    auto h = first.narrow(-1, 0, 8) + parts[1];
    return std::make_tuple(h, c);
  }

  torch::nn::Linear fc{nullptr}, cell{nullptr};
};
TORCH_MODULE(Gate);

int main() {
  Gate gate;
  auto [h, c] = gate(torch::randn({2, 16}));
  return h.size(1) == 8 && c.size(1) == 8 ? 0 : 1;
}

// CHECK-LABEL:module Gate {impl="GateImpl"} @{{.*}}forward-tuple.cpp:14:8
// CHECK-NEXT:  fc = torch::nn::Linear(in_features=16, out_features=32) {registered} @{{.*}}forward-tuple.cpp:31:21
// CHECK-NEXT:  cell = torch::nn::Linear(in_features=8, out_features=8) {registered} @{{.*}}forward-tuple.cpp:31:34
// CHECK-NEXT:  forward(%x) @{{.*}}forward-tuple.cpp:20:44:
// CHECK-NEXT:    %0 = fc(%x) @{{.*}}forward-tuple.cpp:21:14
// CHECK-NEXT:    %1 = opaque(%0) {text=`split(y)`} @{{.*}}forward-tuple.cpp:22:19
// CHECK-NEXT:    %2, %3 = prim::unpack(%1) @{{.*}}forward-tuple.cpp:22:19
// CHECK-NEXT:    %4 = aten::sigmoid(%2) @{{.*}}forward-tuple.cpp:23:14
// CHECK-NEXT:    %5 = aten::tanh(%3) @{{.*}}forward-tuple.cpp:23:34
// CHECK-NEXT:    %6 = aten::mul(%4, %5) @{{.*}}forward-tuple.cpp:23:32
// CHECK-NEXT:    %7 = aten::chunk(%6, 2, -1) @{{.*}}forward-tuple.cpp:24:20
// CHECK-NEXT:    %8 = prim::getitem(%7, 0) @{{.*}}forward-tuple.cpp:25:19
// CHECK-NEXT:    %9 = cell(%8) @{{.*}}forward-tuple.cpp:25:14
// CHECK-NEXT:    %10 = opaque(%0) {text=`split(y)`} @{{.*}}forward-tuple.cpp:26:30
// CHECK-NEXT:    %11 = prim::getitem(%10, 0) @{{.*}}forward-tuple.cpp:26:18
// CHECK-NEXT:    %12 = aten::narrow(%11, -1, 0, 8) @{{.*}}forward-tuple.cpp:27:20
// CHECK-NEXT:    %13 = prim::getitem(%7, 1) @{{.*}}forward-tuple.cpp:27:39
// CHECK-NEXT:    %14 = aten::add(%12, %13) @{{.*}}forward-tuple.cpp:27:37
// CHECK-NEXT:    return %14, %9 @{{.*}}forward-tuple.cpp:28:5
