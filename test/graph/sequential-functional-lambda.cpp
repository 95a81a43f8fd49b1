// RUN: %adopter graph %s -- %torch_flags -I%S/Inputs > %t.dsl
// RUN: FileCheck --strict-whitespace --match-full-lines %s < %t.dsl
// RUN: %adopter dsl %t.dsl | diff %t.dsl -
// FEATURE: module Net with seq = Sequential{Linear(in=8, out=8), Functional(torch::relu), Functional(lambda x -> x * 2), Functional(torch::leaky_relu, negative_slope=0.2), Linear(in=8, out=1)}: the tool must name the wrapped function of each Functional (torch::relu, an inline lambda computing x * 2, torch::leaky_relu with bound extra argument 0.2); forward: x -> seq -> return.
#include <torch/torch.h>

struct NetImpl : torch::nn::Module {
  NetImpl() {
    seq = register_module(
        "seq", torch::nn::Sequential(
                   torch::nn::Linear(8, 8), torch::nn::Functional(torch::relu),
                   torch::nn::Functional([](torch::Tensor x) { return x * 2; }),
                   torch::nn::Functional(torch::leaky_relu, 0.2),
                   torch::nn::Linear(8, 1)));
  }

  torch::Tensor forward(torch::Tensor x) { return seq->forward(x); }

  torch::nn::Sequential seq{nullptr};
};
TORCH_MODULE(Net);

int main() {
  Net net;
  auto y = net(torch::randn({3, 8}));
  return y.size(1) == 1 ? 0 : 1;
}

// CHECK-LABEL:module Net {impl="NetImpl"} @{{.*}}sequential-functional-lambda.cpp:7:8
// CHECK-NEXT:  seq = torch::nn::Sequential {registered} @{{.*}}sequential-functional-lambda.cpp:19:25:
// CHECK-NEXT:    0 = torch::nn::Linear(in_features=8, out_features=8) @{{.*}}sequential-functional-lambda.cpp:11:20
// CHECK-NEXT:    1 = torch::nn::Functional(function=aten::relu) @{{.*}}sequential-functional-lambda.cpp:11:45
// CHECK-NEXT:    2 = torch::nn::Functional(function=lambda) @{{.*}}sequential-functional-lambda.cpp:12:20
// CHECK-NEXT:    3 = torch::nn::Functional(aten::leaky_relu, 0.2) @{{.*}}sequential-functional-lambda.cpp:13:20
// CHECK-NEXT:    4 = torch::nn::Linear(in_features=8, out_features=1) @{{.*}}sequential-functional-lambda.cpp:14:20
// CHECK-NEXT:  forward(%x) @{{.*}}sequential-functional-lambda.cpp:17:17:
// CHECK-NEXT:    %5 = inline seq(%x) {scope="torch::nn::Sequential"} @{{.*}}sequential-functional-lambda.cpp:17:56:
// CHECK-NEXT:      %0 = seq.0(%x) @{{.*}}sequential-functional-lambda.cpp:17:56
// CHECK-NEXT:      %1 = aten::relu(%0) {via=seq.1} @{{.*}}sequential-functional-lambda.cpp:17:56
// CHECK-NEXT:      %2 = opaque(%1) {via=seq.2} @{{.*}}sequential-functional-lambda.cpp:17:56
// CHECK-NEXT:      %3 = aten::leaky_relu(%2, 0.2) {via=seq.3} @{{.*}}sequential-functional-lambda.cpp:17:56
// CHECK-NEXT:      %4 = seq.4(%3) @{{.*}}sequential-functional-lambda.cpp:17:56
// CHECK-NEXT:      yield %4 @{{.*}}sequential-functional-lambda.cpp:17:56
// CHECK-NEXT:    return %5 @{{.*}}sequential-functional-lambda.cpp:17:44
