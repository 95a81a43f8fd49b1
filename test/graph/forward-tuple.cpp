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
// CHECK-NEXT:    %4, %5 = inline split(%0) {scope="split", def="{{.*}}forward-tuple.cpp:9"} @{{.*}}forward-tuple.cpp:22:19:
// CHECK-NEXT:      %1 = aten::chunk(%0, 2, -1) @{{.*}}forward-tuple.cpp:10:19
// CHECK-NEXT:      %2 = prim::getitem(%1, 0) @{{.*}}forward-tuple.cpp:11:26
// CHECK-NEXT:      %3 = prim::getitem(%1, 1) @{{.*}}forward-tuple.cpp:11:37
// CHECK-NEXT:      yield %2, %3 @{{.*}}forward-tuple.cpp:12:1
// CHECK-NEXT:    %6 = aten::sigmoid(%4) @{{.*}}forward-tuple.cpp:23:14
// CHECK-NEXT:    %7 = aten::tanh(%5) @{{.*}}forward-tuple.cpp:23:34
// CHECK-NEXT:    %8 = aten::mul(%6, %7) @{{.*}}forward-tuple.cpp:23:32
// CHECK-NEXT:    %9 = aten::chunk(%8, 2, -1) @{{.*}}forward-tuple.cpp:24:20
// CHECK-NEXT:    %10 = prim::getitem(%9, 0) @{{.*}}forward-tuple.cpp:25:19
// CHECK-NEXT:    %11 = cell(%10) @{{.*}}forward-tuple.cpp:25:14
// CHECK-NEXT:    %15, %16 = inline split(%0) {scope="split", def="{{.*}}forward-tuple.cpp:9"} @{{.*}}forward-tuple.cpp:26:30:
// CHECK-NEXT:      %12 = aten::chunk(%0, 2, -1) @{{.*}}forward-tuple.cpp:10:19
// CHECK-NEXT:      %13 = prim::getitem(%12, 0) @{{.*}}forward-tuple.cpp:11:26
// CHECK-NEXT:      %14 = prim::getitem(%12, 1) @{{.*}}forward-tuple.cpp:11:37
// CHECK-NEXT:      yield %13, %14 @{{.*}}forward-tuple.cpp:12:1
// CHECK-NEXT:    %17 = aten::narrow(%15, -1, 0, 8) @{{.*}}forward-tuple.cpp:27:20
// CHECK-NEXT:    %18 = prim::getitem(%9, 1) @{{.*}}forward-tuple.cpp:27:39
// CHECK-NEXT:    %19 = aten::add(%17, %18) @{{.*}}forward-tuple.cpp:27:37
// CHECK-NEXT:    return %19, %11 @{{.*}}forward-tuple.cpp:28:5
// CHECK-EMPTY:
// CHECK-LABEL:module main {function} @{{.*}}forward-tuple.cpp:35:5
// CHECK-NEXT:  gate = Gate() {local} @{{.*}}forward-tuple.cpp:36:8
// CHECK-NEXT:  main() @{{.*}}forward-tuple.cpp:35:5:
// CHECK-NEXT:    %0 = aten::randn([2, 16]) @{{.*}}forward-tuple.cpp:37:22
// CHECK-NEXT:    %21, %22 = inline gate(%0) {scope="Gate::forward", def="{{.*}}forward-tuple.cpp:20"} @{{.*}}forward-tuple.cpp:37:17:
// CHECK-NEXT:      %1 = gate.fc(%0) @{{.*}}forward-tuple.cpp:21:14
// CHECK-NEXT:      %5, %6 = inline split(%1) {scope="split", def="{{.*}}forward-tuple.cpp:9"} @{{.*}}forward-tuple.cpp:22:19:
// CHECK-NEXT:        %2 = aten::chunk(%1, 2, -1) @{{.*}}forward-tuple.cpp:10:19
// CHECK-NEXT:        %3 = prim::getitem(%2, 0) @{{.*}}forward-tuple.cpp:11:26
// CHECK-NEXT:        %4 = prim::getitem(%2, 1) @{{.*}}forward-tuple.cpp:11:37
// CHECK-NEXT:        yield %3, %4 @{{.*}}forward-tuple.cpp:12:1
// CHECK-NEXT:      %7 = aten::sigmoid(%5) @{{.*}}forward-tuple.cpp:23:14
// CHECK-NEXT:      %8 = aten::tanh(%6) @{{.*}}forward-tuple.cpp:23:34
// CHECK-NEXT:      %9 = aten::mul(%7, %8) @{{.*}}forward-tuple.cpp:23:32
// CHECK-NEXT:      %10 = aten::chunk(%9, 2, -1) @{{.*}}forward-tuple.cpp:24:20
// CHECK-NEXT:      %11 = prim::getitem(%10, 0) @{{.*}}forward-tuple.cpp:25:19
// CHECK-NEXT:      %12 = gate.cell(%11) @{{.*}}forward-tuple.cpp:25:14
// CHECK-NEXT:      %16, %17 = inline split(%1) {scope="split", def="{{.*}}forward-tuple.cpp:9"} @{{.*}}forward-tuple.cpp:26:30:
// CHECK-NEXT:        %13 = aten::chunk(%1, 2, -1) @{{.*}}forward-tuple.cpp:10:19
// CHECK-NEXT:        %14 = prim::getitem(%13, 0) @{{.*}}forward-tuple.cpp:11:26
// CHECK-NEXT:        %15 = prim::getitem(%13, 1) @{{.*}}forward-tuple.cpp:11:37
// CHECK-NEXT:        yield %14, %15 @{{.*}}forward-tuple.cpp:12:1
// CHECK-NEXT:      %18 = aten::narrow(%16, -1, 0, 8) @{{.*}}forward-tuple.cpp:27:20
// CHECK-NEXT:      %19 = prim::getitem(%10, 1) @{{.*}}forward-tuple.cpp:27:39
// CHECK-NEXT:      %20 = aten::add(%18, %19) @{{.*}}forward-tuple.cpp:27:37
// CHECK-NEXT:      yield %20, %12 @{{.*}}forward-tuple.cpp:29:3
// CHECK-NEXT:    return `h.size(1) == 8 && c.size(1) == 8 ? 0 : 1` @{{.*}}forward-tuple.cpp:38:3
