// RUN: %adopter graph %s -- %torch_flags -I%S/Inputs > %t.dsl
// RUN: FileCheck --strict-whitespace --match-full-lines %s < %t.dsl
// RUN: %adopter dsl %t.dsl | diff %t.dsl -
// FEATURE: module Acts with a single submodule fc = Linear(in=8, out=8) whose forward applies the same relu op through five spellings that must all normalise to relu, then gelu: x -> fc -> torch::relu -> at::relu -> torch::nn::functional::relu -> Tensor::relu (x.relu()) -> F::gelu (namespace F = torch::nn::functional) -> return.
#include <torch/torch.h>

namespace F = torch::nn::functional;

struct ActsImpl : torch::nn::Module {
  ActsImpl() { fc = register_module("fc", torch::nn::Linear(8, 8)); }

  torch::Tensor forward(torch::Tensor x) {
    x = fc(x);
    x = torch::relu(x);
    x = at::relu(x);
    x = torch::nn::functional::relu(x);
    x = x.relu();
    x = F::gelu(x);
    return x;
  }

  torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(Acts);

int main() {
  Acts acts;
  auto y = acts(torch::randn({2, 8}));
  return y.size(1) == 8 ? 0 : 1;
}

// CHECK-LABEL:module Acts {impl="ActsImpl"} @{{.*}}forward-free-ops.cpp:9:8
// CHECK-NEXT:  fc = torch::nn::Linear(in_features=8, out_features=8) {registered} @{{.*}}forward-free-ops.cpp:22:21
// CHECK-NEXT:  forward(%x) @{{.*}}forward-free-ops.cpp:12:17:
// CHECK-NEXT:    %0 = fc(%x) @{{.*}}forward-free-ops.cpp:13:9
// CHECK-NEXT:    %1 = aten::relu(%0) @{{.*}}forward-free-ops.cpp:14:9
// CHECK-NEXT:    %2 = aten::relu(%1) @{{.*}}forward-free-ops.cpp:15:9
// CHECK-NEXT:    %3 = aten::relu(%2) @{{.*}}forward-free-ops.cpp:16:9
// CHECK-NEXT:    %4 = aten::relu(%3) @{{.*}}forward-free-ops.cpp:17:11
// CHECK-NEXT:    %5 = aten::gelu(%4) @{{.*}}forward-free-ops.cpp:18:9
// CHECK-NEXT:    return %5 @{{.*}}forward-free-ops.cpp:19:5
