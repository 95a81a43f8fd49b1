// RUN: %adopter graph %s -- %torch_flags -I%S/Inputs > %t.dsl
// RUN: FileCheck --strict-whitespace --match-full-lines %s < %t.dsl
// RUN: %adopter dsl %t.dsl | diff %t.dsl -
// FEATURE: module Head with fc = Linear(in=32, out=32), dropout = Dropout(p=0.3), out = Linear(in=32, out=5); forward(x, mask) has three conditionals that must be recovered as branches: x = fc(x); if (is_training()) x = dropout(x) else x = x * 0.9 (two-armed, condition is_training()); if (mask.defined()) x = x.masked_fill(mask, 0.0) (one-armed, no else: x passes through unchanged otherwise); y = out(x); return x.size(0) > 1 ? torch::log_softmax(y, -1) : y (ternary select).
#include <torch/torch.h>

struct HeadImpl : torch::nn::Module {
  HeadImpl() {
    fc = register_module("fc", torch::nn::Linear(32, 32));
    dropout = register_module("dropout", torch::nn::Dropout(0.3));
    out = register_module("out", torch::nn::Linear(32, 5));
  }

  torch::Tensor forward(torch::Tensor x, torch::Tensor mask = {}) {
    x = fc(x);
    if (is_training()) {
      x = dropout(x);
    } else {
      x = x * 0.9;
    }
    if (mask.defined()) {
      x = x.masked_fill(mask, 0.0);
    }
    auto y = out(x);
    return x.size(0) > 1 ? torch::log_softmax(y, -1) : y;
  }

  torch::nn::Linear fc{nullptr};
  torch::nn::Dropout dropout{nullptr};
  torch::nn::Linear out{nullptr};
};
TORCH_MODULE(Head);

int main() {
  Head head;
  head->eval();
  auto y = head(torch::randn({4, 32}));
  return y.size(1) == 5 ? 0 : 1;
}

// CHECK-LABEL:module Head {impl="HeadImpl"} @{{.*}}forward-if-else.cpp:7:8
// CHECK-NEXT:  fc = torch::nn::Linear(in_features=32, out_features=32) {registered} @{{.*}}forward-if-else.cpp:28:21
// CHECK-NEXT:  dropout = torch::nn::Dropout(p=0.3) {registered} @{{.*}}forward-if-else.cpp:29:22
// CHECK-NEXT:  out = torch::nn::Linear(in_features=32, out_features=5) {registered} @{{.*}}forward-if-else.cpp:30:21
// CHECK-NEXT:  forward(%x, %mask) @{{.*}}forward-if-else.cpp:14:17:
// CHECK-NEXT:    %0 = fc(%x) @{{.*}}forward-if-else.cpp:15:9
// CHECK-NEXT:    if `is_training()` @{{.*}}forward-if-else.cpp:16:5:
// CHECK-NEXT:      %1 = aten::dropout(%0) {via=dropout} @{{.*}}forward-if-else.cpp:17:11
// CHECK-NEXT:    else:
// CHECK-NEXT:      %2 = aten::mul(%0, 0.9) @{{.*}}forward-if-else.cpp:19:13
// CHECK-NEXT:    %3 = prim::phi(%1, %2) @{{.*}}forward-if-else.cpp:16:5
// CHECK-NEXT:    if `mask.defined()` @{{.*}}forward-if-else.cpp:21:5:
// CHECK-NEXT:      %4 = aten::masked_fill(%3, %mask, 0.0) @{{.*}}forward-if-else.cpp:22:13
// CHECK-NEXT:    %5 = prim::phi(%4, %3) @{{.*}}forward-if-else.cpp:21:5
// CHECK-NEXT:    %6 = out(%5) @{{.*}}forward-if-else.cpp:24:14
// CHECK-NEXT:    if `x.size(0) > 1` @{{.*}}forward-if-else.cpp:25:12:
// CHECK-NEXT:      %7 = aten::log_softmax(%6, -1) @{{.*}}forward-if-else.cpp:25:28
// CHECK-NEXT:    %8 = prim::phi(%7, %6) @{{.*}}forward-if-else.cpp:25:12
// CHECK-NEXT:    return %8 @{{.*}}forward-if-else.cpp:25:5
