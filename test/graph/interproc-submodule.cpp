// RUN: %adopter graph %s -- %torch_flags -I%S/Inputs > %t.dsl
// RUN: FileCheck --strict-whitespace --match-full-lines %s < %t.dsl
// RUN: %adopter dsl %t.dsl | diff %t.dsl -
// FEATURE: two user modules: Inner (InnerImpl, TORCH_MODULE(Inner)) with fc = Linear(in=32, out=32) and act = GELU, forward: x -> fc -> act -> return; Outer with embed = Linear(in=8, out=32), inner = Inner, out = Linear(in=32, out=2), forward: x -> embed -> inner (the tool must descend into Inner::forward and show inner.fc -> inner.act) -> out -> return.
#include <torch/torch.h>

struct InnerImpl : torch::nn::Module {
  InnerImpl() {
    fc = register_module("fc", torch::nn::Linear(32, 32));
    act = register_module("act", torch::nn::GELU());
  }

  torch::Tensor forward(torch::Tensor x) { return act(fc(x)); }

  torch::nn::Linear fc{nullptr};
  torch::nn::GELU act{nullptr};
};
TORCH_MODULE(Inner);

struct OuterImpl : torch::nn::Module {
  OuterImpl() {
    embed = register_module("embed", torch::nn::Linear(8, 32));
    inner = register_module("inner", Inner());
    out = register_module("out", torch::nn::Linear(32, 2));
  }

  torch::Tensor forward(torch::Tensor x) {
    x = embed(x);
    x = inner->forward(x);
    return out(x);
  }

  torch::nn::Linear embed{nullptr};
  Inner inner{nullptr};
  torch::nn::Linear out{nullptr};
};
TORCH_MODULE(Outer);

int main() {
  Outer outer;
  auto y = outer(torch::randn({2, 8}));
  return y.size(1) == 2 ? 0 : 1;
}

// CHECK-LABEL:module Inner {impl="InnerImpl"} @{{.*}}interproc-submodule.cpp:7:8
// CHECK-NEXT:  fc = torch::nn::Linear(in_features=32, out_features=32) {registered} @{{.*}}interproc-submodule.cpp:15:21
// CHECK-NEXT:  act = torch::nn::GELU() {registered} @{{.*}}interproc-submodule.cpp:16:19
// CHECK-NEXT:  forward(%x) @{{.*}}interproc-submodule.cpp:13:17:
// CHECK-NEXT:    %0 = fc(%x) @{{.*}}interproc-submodule.cpp:13:55
// CHECK-NEXT:    %1 = aten::gelu(%0) {via=act} @{{.*}}interproc-submodule.cpp:13:51
// CHECK-NEXT:    return %1 @{{.*}}interproc-submodule.cpp:13:44
// CHECK-EMPTY:
// CHECK-LABEL:module Outer {impl="OuterImpl"} @{{.*}}interproc-submodule.cpp:20:8
// CHECK-NEXT:  embed = torch::nn::Linear(in_features=8, out_features=32) {registered} @{{.*}}interproc-submodule.cpp:33:21
// CHECK-NEXT:  inner = Inner() {registered} @{{.*}}interproc-submodule.cpp:34:9
// CHECK-NEXT:  out = torch::nn::Linear(in_features=32, out_features=2) {registered} @{{.*}}interproc-submodule.cpp:35:21
// CHECK-NEXT:  forward(%x) @{{.*}}interproc-submodule.cpp:27:17:
// CHECK-NEXT:    %0 = embed(%x) @{{.*}}interproc-submodule.cpp:28:9
// CHECK-NEXT:    %3 = inline inner(%0) {scope="Inner::forward", def="{{.*}}interproc-submodule.cpp:13"} @{{.*}}interproc-submodule.cpp:29:16:
// CHECK-NEXT:      %1 = inner.fc(%0) @{{.*}}interproc-submodule.cpp:13:55
// CHECK-NEXT:      %2 = aten::gelu(%1) {via=inner.act} @{{.*}}interproc-submodule.cpp:13:51
// CHECK-NEXT:      yield %2 @{{.*}}interproc-submodule.cpp:13:63
// CHECK-NEXT:    %4 = out(%3) @{{.*}}interproc-submodule.cpp:30:12
// CHECK-NEXT:    return %4 @{{.*}}interproc-submodule.cpp:30:5
