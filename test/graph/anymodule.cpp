// RUN: %adopter graph %s -- %torch_flags -I%S/Inputs > %t.dsl
// RUN: FileCheck --strict-whitespace --match-full-lines %s < %t.dsl
// RUN: %adopter dsl %t.dsl | diff %t.dsl -
// FEATURE: module FFN with fc1 = Linear(in=64, out=256), act = AnyModule wrapping GELU (member `torch::nn::AnyModule act;` assigned torch::nn::AnyModule(torch::nn::GELU()) and registered via act.ptr()), fc2 = Linear(in=256, out=64); forward: x -> fc1 -> act (called as act.forward(x), resolved to GELU) -> fc2 -> return.
#include <torch/torch.h>

struct FFNImpl : torch::nn::Module {
  FFNImpl() {
    fc1 = register_module("fc1", torch::nn::Linear(64, 256));
    act = torch::nn::AnyModule(torch::nn::GELU());
    register_module("act", act.ptr());
    fc2 = register_module("fc2", torch::nn::Linear(256, 64));
  }

  torch::Tensor forward(torch::Tensor x) {
    x = fc1(x);
    x = act.forward(x);
    return fc2(x);
  }

  torch::nn::Linear fc1{nullptr};
  torch::nn::AnyModule act;
  torch::nn::Linear fc2{nullptr};
};
TORCH_MODULE(FFN);

int main() {
  FFN ffn;
  auto y = ffn(torch::randn({2, 64}));
  return y.size(1) == 64 ? 0 : 1;
}

// CHECK-LABEL:module FFN {impl="FFNImpl"} @{{.*}}anymodule.cpp:7:8
// CHECK-NEXT:  fc1 = torch::nn::Linear(in_features=64, out_features=256) {registered} @{{.*}}anymodule.cpp:21:21
// CHECK-NEXT:  act = torch::nn::AnyModule() {registered} @{{.*}}anymodule.cpp:22:24:
// CHECK-NEXT:    module = torch::nn::GELU()
// CHECK-NEXT:  fc2 = torch::nn::Linear(in_features=256, out_features=64) {registered} @{{.*}}anymodule.cpp:23:21
// CHECK-NEXT:  forward(%x) @{{.*}}anymodule.cpp:15:17:
// CHECK-NEXT:    %0 = fc1(%x) @{{.*}}anymodule.cpp:16:9
// CHECK-NEXT:    %1 = aten::gelu(%0) {via=act} @{{.*}}anymodule.cpp:17:13
// CHECK-NEXT:    %2 = fc2(%1) @{{.*}}anymodule.cpp:18:12
// CHECK-NEXT:    return %2 @{{.*}}anymodule.cpp:18:5
