// RUN: %adopter graph %s -- %torch_flags -I%S/Inputs > %t.dsl
// RUN: FileCheck --strict-whitespace --match-full-lines %s < %t.dsl
// RUN: %adopter dsl %t.dsl | diff %t.dsl -
// FEATURE: module Repeat with body = Linear(in=48, out=48) and norm = LayerNorm(normalized_shape={48}); the constructor parameter n_layers is stored in member n_layers_ and forward loops `for (int64_t i = 0; i < n_layers_; ++i) x = x + torch::relu(body(norm(x)));` so the tool must report a loop with a symbolic/unknown trip count n_layers_ (not unroll it) whose body is norm -> body -> relu -> add residual, and return x after the loop.
#include <torch/torch.h>

struct RepeatImpl : torch::nn::Module {
  explicit RepeatImpl(int64_t n_layers) : n_layers_(n_layers) {
    body = register_module("body", torch::nn::Linear(48, 48));
    norm = register_module(
        "norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({48})));
  }

  torch::Tensor forward(torch::Tensor x) {
    for (int64_t i = 0; i < n_layers_; ++i) {
      x = x + torch::relu(body(norm(x)));
    }
    return x;
  }

  int64_t n_layers_;
  torch::nn::Linear body{nullptr};
  torch::nn::LayerNorm norm{nullptr};
};
TORCH_MODULE(Repeat);

int main(int argc, char **argv) {
  Repeat rep(argc + 2);
  auto y = rep(torch::randn({2, 48}));
  return y.size(1) == 48 ? 0 : 1;
}

// CHECK-LABEL:module Repeat {impl="RepeatImpl"} @{{.*}}forward-loop-unknown.cpp:7:8
// CHECK-NEXT:  body = torch::nn::Linear(in_features=48, out_features=48) {registered} @{{.*}}forward-loop-unknown.cpp:22:21
// CHECK-NEXT:  norm = torch::nn::LayerNorm(normalized_shape=[48]) {registered} @{{.*}}forward-loop-unknown.cpp:23:24
// CHECK-NEXT:  forward(%x) @{{.*}}forward-loop-unknown.cpp:14:17:
// CHECK-NEXT:    loop `i < n_layers_` @{{.*}}forward-loop-unknown.cpp:15:5:
// CHECK-NEXT:      %0 = norm(%x) @{{.*}}forward-loop-unknown.cpp:16:32
// CHECK-NEXT:      %1 = body(%0) @{{.*}}forward-loop-unknown.cpp:16:27
// CHECK-NEXT:      %2 = aten::relu(%1) @{{.*}}forward-loop-unknown.cpp:16:15
// CHECK-NEXT:      %3 = aten::add(%x, %2) @{{.*}}forward-loop-unknown.cpp:16:13
// CHECK-NEXT:    %4 = prim::phi(%x, %3) @{{.*}}forward-loop-unknown.cpp:15:5
// CHECK-NEXT:    return %4 @{{.*}}forward-loop-unknown.cpp:18:5
