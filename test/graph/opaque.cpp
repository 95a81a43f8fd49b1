// RUN: %adopter graph %s -- %torch_flags -I%S/Inputs > %t.dsl
// RUN: FileCheck --strict-whitespace --match-full-lines %s < %t.dsl
// RUN: %adopter dsl %t.dsl | diff %t.dsl -
// FEATURE: module Fusion with fc = Linear(in=16, out=16) and out = Linear(in=48, out=4); forward contains code the tool cannot analyse and must keep as opaque nodes without losing the surrounding flow: x -> fc -> custom_op(., 3) (external function declared but not defined here: opaque call) -> an immediately invoked lambda computing t * t (inline lambda call) -> three tensors pushed into a std::vector<torch::Tensor> feats (h, the lambda result, and x) -> torch::cat(feats, -1) -> out -> return.
#include <torch/torch.h>

#include <vector>

// Provided by an external library; no definition visible to the tool.
torch::Tensor custom_op(const torch::Tensor &x, int mode);

struct FusionImpl : torch::nn::Module {
  FusionImpl() {
    fc = register_module("fc", torch::nn::Linear(16, 16));
    out = register_module("out", torch::nn::Linear(48, 4));
  }

  torch::Tensor forward(torch::Tensor x) {
    auto h = custom_op(fc(x), 3);
    auto sq = [](const torch::Tensor &t) { return t * t; }(h);
    std::vector<torch::Tensor> feats;
    feats.push_back(h);
    feats.push_back(sq);
    feats.push_back(x);
    return out(torch::cat(feats, -1));
  }

  torch::nn::Linear fc{nullptr}, out{nullptr};
};
TORCH_MODULE(Fusion);

// CHECK-LABEL:module Fusion {impl="FusionImpl"} @{{.*}}opaque.cpp:12:8
// CHECK-NEXT:  fc = torch::nn::Linear(in_features=16, out_features=16) {registered} @{{.*}}opaque.cpp:28:21
// CHECK-NEXT:  out = torch::nn::Linear(in_features=48, out_features=4) {registered} @{{.*}}opaque.cpp:28:34
// CHECK-NEXT:  forward(%x) @{{.*}}opaque.cpp:18:17:
// CHECK-NEXT:    %0 = fc(%x) @{{.*}}opaque.cpp:19:24
// CHECK-NEXT:    %1 = custom_op(%0, 3) {scope="custom_op", reason="no definition"} @{{.*}}opaque.cpp:19:14
// CHECK-NEXT:    %3 = inline lambda(%1) {scope="FusionImpl::forward::lambda", def="{{.*}}opaque.cpp:20"} @{{.*}}opaque.cpp:20:15:
// CHECK-NEXT:      %2 = aten::mul(%1, %1) @{{.*}}opaque.cpp:20:53
// CHECK-NEXT:      yield %2 @{{.*}}opaque.cpp:20:58
// CHECK-NEXT:    %4 = aten::cat([%1, %3, %x], -1) @{{.*}}opaque.cpp:25:16
// CHECK-NEXT:    %5 = out(%4) @{{.*}}opaque.cpp:25:12
// CHECK-NEXT:    return %5 @{{.*}}opaque.cpp:25:5
