// RUN: %adopter graph %s -- %torch_flags -I%S/Inputs > %t.dsl
// RUN: FileCheck --strict-whitespace --match-full-lines %s < %t.dsl
// RUN: %adopter dsl %t.dsl | diff %t.dsl -
// FEATURE: module Aliased (model::AliasedImpl, TORCH_MODULE) whose types are spelled through aliases that must all resolve to torch::nn: fc1 = Linear(in=16, out=32) (`using torch::nn::Linear`), norm = BatchNorm1d(num_features=32) (`namespace nn = torch::nn`), fc2 = Linear(in=32, out=4) (built from nn::LinearOptions(32, 4)); forward: x -> fc1 -> norm -> torch::relu (spelled unqualified `relu` via `using namespace torch`) -> fc2 -> torch::sigmoid -> return.
#include <torch/torch.h>

namespace nn = torch::nn;
using torch::nn::Linear;

namespace model {
using namespace torch;

struct AliasedImpl : nn::Module {
  AliasedImpl() {
    fc1 = register_module("fc1", Linear(16, 32));
    norm = register_module("norm", nn::BatchNorm1d(32));
    fc2 = register_module("fc2", torch::nn::Linear(nn::LinearOptions(32, 4)));
  }

  Tensor forward(Tensor x) {
    x = fc1(x);
    x = norm(x);
    x = relu(x);
    x = fc2(x);
    return torch::sigmoid(x);
  }

  Linear fc1{nullptr};
  nn::BatchNorm1d norm{nullptr};
  nn::Linear fc2{nullptr};
};
TORCH_MODULE(Aliased);
} // namespace model

int main() {
  model::Aliased m;
  auto y = m(torch::randn({8, 16}));
  return y.size(1) == 4 ? 0 : 1;
}

// CHECK-LABEL:module Aliased {impl="AliasedImpl"} @{{.*}}namespace-alias.cpp:13:8
// CHECK-NEXT:  fc1 = torch::nn::Linear(in_features=16, out_features=32) {registered} @{{.*}}namespace-alias.cpp:28:10
// CHECK-NEXT:  norm = torch::nn::BatchNorm1d(num_features=32) {registered} @{{.*}}namespace-alias.cpp:29:19
// CHECK-NEXT:  fc2 = torch::nn::Linear(in_features=32, out_features=4) {registered} @{{.*}}namespace-alias.cpp:30:14
// CHECK-NEXT:  forward(%x) @{{.*}}namespace-alias.cpp:20:10:
// CHECK-NEXT:    %0 = fc1(%x) @{{.*}}namespace-alias.cpp:21:9
// CHECK-NEXT:    %1 = norm(%0) @{{.*}}namespace-alias.cpp:22:9
// CHECK-NEXT:    %2 = aten::relu(%1) @{{.*}}namespace-alias.cpp:23:9
// CHECK-NEXT:    %3 = fc2(%2) @{{.*}}namespace-alias.cpp:24:9
// CHECK-NEXT:    %4 = aten::sigmoid(%3) @{{.*}}namespace-alias.cpp:25:12
// CHECK-NEXT:    return %4 @{{.*}}namespace-alias.cpp:25:5
