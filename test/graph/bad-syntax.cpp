// RUN: %expect_exit 3 %adopter graph %s -- %torch_flags -I%S/Inputs 2>%t.err > %t.dsl
// RUN: FileCheck --strict-whitespace --match-full-lines %s < %t.dsl
// RUN: %adopter dsl %t.dsl | diff %t.dsl -
// RUN: FileCheck --check-prefix=ERR %s < %t.err
// FEATURE: module Broken with fc1 = Linear(in=8, out=16), fc2 = Linear(in=16, out=4) whose forward lacks the semicolon after `x = torch::relu(x)`, so the file does not compile; the tool must not crash and must still report the module, both submodules with their options, and the forward it can recover (clang recovers as if the semicolon were there: x -> fc1 -> torch::relu -> fc2 -> return) together with the compiler diagnostic. // EXPECT-ERROR
#include <torch/torch.h>

struct BrokenImpl : torch::nn::Module {
  BrokenImpl() {
    fc1 = register_module("fc1", torch::nn::Linear(8, 16));
    fc2 = register_module("fc2", torch::nn::Linear(16, 4));
  }

  torch::Tensor forward(torch::Tensor x) {
    x = fc1(x);
    x = torch::relu(x)
    x = fc2(x);
    return x;
  }

  torch::nn::Linear fc1{nullptr}, fc2{nullptr};
};
TORCH_MODULE(Broken);
// ERR: {{.*}}bad-syntax.cpp:16:23: error: expected ';' after expression
// ERR: adopter: error: '{{.*}}bad-syntax.cpp' did not compile; the graph shows what did parse

// CHECK-LABEL:module Broken {impl="BrokenImpl"} @{{.*}}bad-syntax.cpp:8:8
// CHECK-NEXT:  fc1 = torch::nn::Linear(in_features=8, out_features=16) {registered} @{{.*}}bad-syntax.cpp:21:21
// CHECK-NEXT:  fc2 = torch::nn::Linear(in_features=16, out_features=4) {registered} @{{.*}}bad-syntax.cpp:21:35
// CHECK-NEXT:  forward(%x) @{{.*}}bad-syntax.cpp:14:17:
// CHECK-NEXT:    %0 = fc1(%x) @{{.*}}bad-syntax.cpp:15:9
// CHECK-NEXT:    %1 = aten::relu(%0) @{{.*}}bad-syntax.cpp:16:9
// CHECK-NEXT:    %2 = fc2(%1) @{{.*}}bad-syntax.cpp:17:9
// CHECK-NEXT:    return %2 @{{.*}}bad-syntax.cpp:18:5
