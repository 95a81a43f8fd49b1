// RUN: %adopter graph %s -- %torch_flags -I%S/Inputs > %t.dsl
// RUN: FileCheck --strict-whitespace --match-full-lines %s < %t.dsl
// RUN: %adopter dsl %t.dsl | diff %t.dsl -
// FEATURE: module Scorer with fc = Linear(in=16, out=16); forward(x, y, mask) uses in-place ops that mutate their receiver (the tool must thread the mutated value through): x = fc(x); x.add_(y) (add_ in place on x); x.relu_() (relu_ on x); scores = x.matmul(x.transpose(0, 1)); scores.masked_fill_(mask, -1e9) (masked_fill_ on scores, value -1e9); torch::relu_(scores) (free in-place relu_ on scores) -> return scores.
#include <torch/torch.h>

struct ScorerImpl : torch::nn::Module {
  ScorerImpl() { fc = register_module("fc", torch::nn::Linear(16, 16)); }

  torch::Tensor forward(torch::Tensor x, const torch::Tensor &y,
                        const torch::Tensor &mask) {
    x = fc(x);
    x.add_(y);
    x.relu_();
    auto scores = x.matmul(x.transpose(0, 1));
    scores.masked_fill_(mask, -1e9);
    torch::relu_(scores);
    return scores;
  }

  torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(Scorer);

int main() {
  Scorer s;
  torch::NoGradGuard no_grad;
  auto mask = torch::ones({4, 4}, torch::kBool).triu(1);
  auto out = s(torch::randn({4, 16}), torch::randn({4, 16}), mask);
  return out.size(0) == 4 ? 0 : 1;
}

// CHECK-LABEL:module Scorer {impl="ScorerImpl"} @{{.*}}forward-inplace.cpp:7:8
// CHECK-NEXT:  fc = torch::nn::Linear(in_features=16, out_features=16) {registered} @{{.*}}forward-inplace.cpp:21:21
// CHECK-NEXT:  forward(%x, %y, %mask) @{{.*}}forward-inplace.cpp:10:17:
// CHECK-NEXT:    %0 = fc(%x) @{{.*}}forward-inplace.cpp:12:9
// CHECK-NEXT:    %1 = aten::add_(%0, %y) {inplace} @{{.*}}forward-inplace.cpp:13:7
// CHECK-NEXT:    %2 = aten::relu_(%1) {inplace} @{{.*}}forward-inplace.cpp:14:7
// CHECK-NEXT:    %3 = aten::transpose(%2, 0, 1) @{{.*}}forward-inplace.cpp:15:30
// CHECK-NEXT:    %4 = aten::matmul(%2, %3) @{{.*}}forward-inplace.cpp:15:21
// CHECK-NEXT:    %5 = aten::masked_fill_(%4, %mask, -1e+09) {inplace} @{{.*}}forward-inplace.cpp:16:12
// CHECK-NEXT:    %6 = aten::relu_(%5) {inplace} @{{.*}}forward-inplace.cpp:17:5
// CHECK-NEXT:    return %6 @{{.*}}forward-inplace.cpp:18:5
