// RUN: %adopter graph %s -- %torch_flags -I%S/Inputs > %t.dsl
// RUN: FileCheck --strict-whitespace --match-full-lines %s < %t.dsl
// RUN: %adopter dsl %t.dsl | diff %t.dsl -
// FEATURE: module Net with fc = Linear(in=8, out=8); forward calls the self-recursive helper apply_n(x, 3) (`n == 0 ? x : apply_n(torch::relu(x), n - 1)`) and the mutually recursive pair ping/pong; the tool must terminate and report fc followed by the recursive calls (either unrolled to relu x3 for apply_n with the constant 3, or marked as a recursive/opaque call), then torch::sigmoid -> return.
#include <torch/torch.h>

torch::Tensor apply_n(torch::Tensor x, int n) {
  return n == 0 ? x : apply_n(torch::relu(x), n - 1);
}

torch::Tensor pong(const torch::Tensor &x, int depth);

torch::Tensor ping(const torch::Tensor &x, int depth) {
  return depth <= 0 ? x : pong(torch::tanh(x), depth - 1);
}

torch::Tensor pong(const torch::Tensor &x, int depth) {
  return depth <= 0 ? x : ping(x * 0.5, depth - 1);
}

struct NetImpl : torch::nn::Module {
  NetImpl() { fc = register_module("fc", torch::nn::Linear(8, 8)); }

  torch::Tensor forward(torch::Tensor x) {
    x = fc(x);
    x = apply_n(x, 3);
    x = ping(x, 2);
    return torch::sigmoid(x);
  }

  torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(Net);

int main() {
  Net net;
  auto y = net(torch::randn({2, 8}));
  return y.size(1) == 8 ? 0 : 1;
}

// CHECK-LABEL:module Net {impl="NetImpl"} @{{.*}}interproc-recursion.cpp:21:8
// CHECK-NEXT:  fc = torch::nn::Linear(in_features=8, out_features=8) {registered} @{{.*}}interproc-recursion.cpp:31:21
// CHECK-NEXT:  forward(%x) @{{.*}}interproc-recursion.cpp:24:17:
// CHECK-NEXT:    %0 = fc(%x) @{{.*}}interproc-recursion.cpp:25:9
// CHECK-NEXT:    %7 = inline apply_n(%0, 3) {scope="apply_n", def="{{.*}}interproc-recursion.cpp:7"} @{{.*}}interproc-recursion.cpp:26:9:
// CHECK-NEXT:      %1 = aten::relu(%0) @{{.*}}interproc-recursion.cpp:8:31
// CHECK-NEXT:      %6 = inline apply_n(%1, 2) {scope="apply_n", def="{{.*}}interproc-recursion.cpp:7"} @{{.*}}interproc-recursion.cpp:8:23:
// CHECK-NEXT:        %2 = aten::relu(%1) @{{.*}}interproc-recursion.cpp:8:31
// CHECK-NEXT:        %5 = inline apply_n(%2, 1) {scope="apply_n", def="{{.*}}interproc-recursion.cpp:7"} @{{.*}}interproc-recursion.cpp:8:23:
// CHECK-NEXT:          %3 = aten::relu(%2) @{{.*}}interproc-recursion.cpp:8:31
// CHECK-NEXT:          %4 = inline apply_n(%3, 0) {scope="apply_n", def="{{.*}}interproc-recursion.cpp:7"} @{{.*}}interproc-recursion.cpp:8:23:
// CHECK-NEXT:            yield %3 @{{.*}}interproc-recursion.cpp:9:1
// CHECK-NEXT:          yield %4 @{{.*}}interproc-recursion.cpp:9:1
// CHECK-NEXT:        yield %5 @{{.*}}interproc-recursion.cpp:9:1
// CHECK-NEXT:      yield %6 @{{.*}}interproc-recursion.cpp:9:1
// CHECK-NEXT:    %12 = inline ping(%7, 2) {scope="ping", def="{{.*}}interproc-recursion.cpp:13"} @{{.*}}interproc-recursion.cpp:27:9:
// CHECK-NEXT:      %8 = aten::tanh(%7) @{{.*}}interproc-recursion.cpp:14:32
// CHECK-NEXT:      %11 = inline pong(%8, 1) {scope="pong", def="{{.*}}interproc-recursion.cpp:17"} @{{.*}}interproc-recursion.cpp:14:27:
// CHECK-NEXT:        %9 = aten::mul(%8, 0.5) @{{.*}}interproc-recursion.cpp:18:34
// CHECK-NEXT:        %10 = inline ping(%9, 0) {scope="ping", def="{{.*}}interproc-recursion.cpp:13"} @{{.*}}interproc-recursion.cpp:18:27:
// CHECK-NEXT:          yield %9 @{{.*}}interproc-recursion.cpp:15:1
// CHECK-NEXT:        yield %10 @{{.*}}interproc-recursion.cpp:19:1
// CHECK-NEXT:      yield %11 @{{.*}}interproc-recursion.cpp:15:1
// CHECK-NEXT:    %13 = aten::sigmoid(%12) @{{.*}}interproc-recursion.cpp:28:12
// CHECK-NEXT:    return %13 @{{.*}}interproc-recursion.cpp:28:5
