// RUN: %adopter graph %s -- %torch_flags > %t.dsl
// RUN: FileCheck --strict-whitespace --match-full-lines %s < %t.dsl
// RUN: %adopter dsl %t.dsl | diff %t.dsl -
// FEATURE: module Attn has forward(x) = proj(x), plus a method weights(x) that forward never calls but that takes and returns tensors (an attention map for visualization): it is recovered after forward, with its own body (softmax of a scaled q k^T product). reset() takes and returns no tensor and is not printed; static methods are not analysed (the static helper scale() stays a symbol). Model calls attn->weights(x) from its own method inspect(x), which is recovered too, with weights() inlined.
#include <torch/torch.h>

struct AttnImpl : torch::nn::Module {
  AttnImpl() { proj = register_module("proj", torch::nn::Linear(8, 8)); }
  torch::Tensor forward(torch::Tensor x) { return proj(x); }
  torch::Tensor weights(const torch::Tensor &x) {
    return torch::softmax(torch::matmul(x, x.transpose(-2, -1)) * scale(), -1);
  }
  void reset() { proj->reset(); }
  static double scale() { return 0.125; }
  torch::nn::Linear proj{nullptr};
};
TORCH_MODULE(Attn);

struct ModelImpl : torch::nn::Module {
  ModelImpl() { attn = register_module("attn", Attn()); }
  torch::Tensor forward(torch::Tensor x) { return attn(x); }
  torch::Tensor inspect(torch::Tensor x) { return attn->weights(x); }
  Attn attn{nullptr};
};
TORCH_MODULE(Model);

// CHECK-LABEL:module Attn {impl="AttnImpl"} @{{.*}}method-outside-forward.cpp:7:8
// CHECK-NEXT:  proj = torch::nn::Linear(in_features=8, out_features=8) {registered} @{{.*}}method-outside-forward.cpp:15:21
// CHECK-NEXT:  forward(%x) @{{.*}}method-outside-forward.cpp:9:17:
// CHECK-NEXT:    %0 = proj(%x) @{{.*}}method-outside-forward.cpp:9:51
// CHECK-NEXT:    return %0 @{{.*}}method-outside-forward.cpp:9:44
// CHECK-NEXT:  weights(%x) @{{.*}}method-outside-forward.cpp:10:17:
// CHECK-NEXT:    %0 = aten::transpose(%x, -2, -1) @{{.*}}method-outside-forward.cpp:11:46
// CHECK-NEXT:    %1 = aten::matmul(%x, %0) @{{.*}}method-outside-forward.cpp:11:27
// CHECK-NEXT:    %2 = aten::mul(%1, `scale()`) @{{.*}}method-outside-forward.cpp:11:65
// CHECK-NEXT:    %3 = aten::softmax(%2, -1) @{{.*}}method-outside-forward.cpp:11:12
// CHECK-NEXT:    return %3 @{{.*}}method-outside-forward.cpp:11:5
// CHECK-EMPTY:
// CHECK-LABEL:module Model {impl="ModelImpl"} @{{.*}}method-outside-forward.cpp:19:8
// CHECK-NEXT:  attn = Attn() {registered} @{{.*}}method-outside-forward.cpp:23:8
// CHECK-NEXT:  forward(%x) @{{.*}}method-outside-forward.cpp:21:17:
// CHECK-NEXT:    %1 = inline attn(%x) {scope="Attn::forward", def="{{.*}}method-outside-forward.cpp:9"} @{{.*}}method-outside-forward.cpp:21:51:
// CHECK-NEXT:      %0 = attn.proj(%x) @{{.*}}method-outside-forward.cpp:9:51
// CHECK-NEXT:      yield %0 @{{.*}}method-outside-forward.cpp:9:60
// CHECK-NEXT:    return %1 @{{.*}}method-outside-forward.cpp:21:44
// CHECK-NEXT:  inspect(%x) @{{.*}}method-outside-forward.cpp:22:17:
// CHECK-NEXT:    %4 = inline attn.weights(%x) {scope="Attn::weights", def="{{.*}}method-outside-forward.cpp:10"} @{{.*}}method-outside-forward.cpp:22:57:
// CHECK-NEXT:      %0 = aten::transpose(%x, -2, -1) @{{.*}}method-outside-forward.cpp:11:46
// CHECK-NEXT:      %1 = aten::matmul(%x, %0) @{{.*}}method-outside-forward.cpp:11:27
// CHECK-NEXT:      %2 = aten::mul(%1, `scale()`) @{{.*}}method-outside-forward.cpp:11:65
// CHECK-NEXT:      %3 = aten::softmax(%2, -1) @{{.*}}method-outside-forward.cpp:11:12
// CHECK-NEXT:      yield %3 @{{.*}}method-outside-forward.cpp:12:3
// CHECK-NEXT:    return %4 @{{.*}}method-outside-forward.cpp:22:44
