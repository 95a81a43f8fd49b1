// RUN: %adopter graph %s -- %torch_flags -I%S/Inputs > %t.dsl
// RUN: FileCheck --strict-whitespace --match-full-lines %s < %t.dsl
// RUN: %adopter dsl %t.dsl | diff %t.dsl -
// FEATURE: module Tower with two Sequentials filled by push_back in loops: fixed = Sequential of 3 unrolled iterations (for i in 0..2: Linear(in=32, out=32), ReLU) i.e. 6 children "0".."5" from a loop with known trip count 3; dynamic = Sequential with a runtime trip count n_blocks (constructor parameter, only known at run time since main passes argc + 4, so the tool must report the repetition count as symbolic `n_blocks`, not unroll it) of Linear(in=32, out=32), Tanh, followed by a final Linear(in=32, out=1); forward: x -> fixed -> dynamic -> return.
#include <torch/torch.h>

struct TowerImpl : torch::nn::Module {
  explicit TowerImpl(int n_blocks) {
    for (int i = 0; i < 3; ++i) {
      fixed->push_back(torch::nn::Linear(32, 32));
      fixed->push_back(torch::nn::ReLU());
    }
    for (int i = 0; i < n_blocks; ++i) {
      dynamic->push_back(torch::nn::Linear(32, 32));
      dynamic->push_back(torch::nn::Tanh());
    }
    dynamic->push_back(torch::nn::Linear(32, 1));
    register_module("fixed", fixed);
    register_module("dynamic", dynamic);
  }

  torch::Tensor forward(torch::Tensor x) {
    x = fixed->forward(x);
    return dynamic->forward(x);
  }

  torch::nn::Sequential fixed;
  torch::nn::Sequential dynamic;
};
TORCH_MODULE(Tower);

int main(int argc, char **argv) {
  Tower t(argc + 4);
  auto y = t(torch::randn({2, 32}));
  return y.size(1) == 1 ? 0 : 1;
}

// CHECK-LABEL:module Tower {impl="TowerImpl"} @{{.*}}sequential-pushback-loop.cpp:7:8
// CHECK-NEXT:  fixed = torch::nn::Sequential {registered} @{{.*}}sequential-pushback-loop.cpp:27:25:
// CHECK-NEXT:    0 = torch::nn::Linear(in_features=32, out_features=32) @{{.*}}sequential-pushback-loop.cpp:10:24
// CHECK-NEXT:    1 = torch::nn::ReLU() @{{.*}}sequential-pushback-loop.cpp:11:24
// CHECK-NEXT:    2 = torch::nn::Linear(in_features=32, out_features=32) @{{.*}}sequential-pushback-loop.cpp:10:24
// CHECK-NEXT:    3 = torch::nn::ReLU() @{{.*}}sequential-pushback-loop.cpp:11:24
// CHECK-NEXT:    4 = torch::nn::Linear(in_features=32, out_features=32) @{{.*}}sequential-pushback-loop.cpp:10:24
// CHECK-NEXT:    5 = torch::nn::ReLU() @{{.*}}sequential-pushback-loop.cpp:11:24
// CHECK-NEXT:  dynamic = torch::nn::Sequential {registered} @{{.*}}sequential-pushback-loop.cpp:28:25:
// CHECK-NEXT:    * = torch::nn::Linear(in_features=32, out_features=32) {repeat=`i < n_blocks`, count=`n_blocks`} @{{.*}}sequential-pushback-loop.cpp:14:26
// CHECK-NEXT:    * = torch::nn::Tanh() {repeat=`i < n_blocks`, count=`n_blocks`} @{{.*}}sequential-pushback-loop.cpp:15:26
// CHECK-NEXT:    2 = torch::nn::Linear(in_features=32, out_features=1) @{{.*}}sequential-pushback-loop.cpp:17:24
// CHECK-NEXT:  forward(%x) @{{.*}}sequential-pushback-loop.cpp:22:17:
// CHECK-NEXT:    %6 = inline fixed(%x) {scope="torch::nn::Sequential"} @{{.*}}sequential-pushback-loop.cpp:23:16:
// CHECK-NEXT:      %0 = fixed.0(%x) @{{.*}}sequential-pushback-loop.cpp:23:16
// CHECK-NEXT:      %1 = aten::relu(%0) {via=fixed.1} @{{.*}}sequential-pushback-loop.cpp:23:16
// CHECK-NEXT:      %2 = fixed.2(%1) @{{.*}}sequential-pushback-loop.cpp:23:16
// CHECK-NEXT:      %3 = aten::relu(%2) {via=fixed.3} @{{.*}}sequential-pushback-loop.cpp:23:16
// CHECK-NEXT:      %4 = fixed.4(%3) @{{.*}}sequential-pushback-loop.cpp:23:16
// CHECK-NEXT:      %5 = aten::relu(%4) {via=fixed.5} @{{.*}}sequential-pushback-loop.cpp:23:16
// CHECK-NEXT:      yield %5 @{{.*}}sequential-pushback-loop.cpp:23:16
// CHECK-NEXT:    %11 = inline dynamic(%6) {scope="torch::nn::Sequential"} @{{.*}}sequential-pushback-loop.cpp:24:21:
// CHECK-NEXT:      loop `i < n_blocks` @{{.*}}sequential-pushback-loop.cpp:24:21:
// CHECK-NEXT:        %7 = dynamic.*0(%6) @{{.*}}sequential-pushback-loop.cpp:24:21
// CHECK-NEXT:        %8 = aten::tanh(%7) {via=dynamic.*1} @{{.*}}sequential-pushback-loop.cpp:24:21
// CHECK-NEXT:      %9 = prim::phi(%6, %8) @{{.*}}sequential-pushback-loop.cpp:24:21
// CHECK-NEXT:      %10 = dynamic.2(%9) @{{.*}}sequential-pushback-loop.cpp:24:21
// CHECK-NEXT:      yield %10 @{{.*}}sequential-pushback-loop.cpp:24:21
// CHECK-NEXT:    return %11 @{{.*}}sequential-pushback-loop.cpp:24:5
