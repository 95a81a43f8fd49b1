// RUN: %adopter graph %s -- %torch_flags > %t.dsl
// RUN: FileCheck --strict-whitespace --match-full-lines %s < %t.dsl
// RUN: %adopter dsl %t.dsl | diff %t.dsl -
// FEATURE: Sequentials built by factory functions and filled under conditions. block(n, lin_first, p) pushes Linear/ReLU/BatchNorm1d in an order chosen by an unknown `if`/`else`, then Dropout under `if (p > 0)`: its elements are unplaced (`*`) with {when=...}, and since the function never calls the Sequential, it is analyzed as built in a method `seq.forward`, where each run of elements under one condition is an `if` joined by a phi. stem(c) returns a Sequential built in its return statement: a local named `returned`. Net registers a member Sequential filled under `if (deep)` in its constructor and calls it: the conditional elements become an `if` inside the inline, and elements are named by their place (`layers.*1`).
#include <torch/torch.h>

torch::nn::Sequential block(int64_t n, bool lin_first, double p) {
  torch::nn::Sequential seq;
  if (lin_first) {
    seq->push_back(torch::nn::Linear(n, n));
    seq->push_back(torch::nn::ReLU());
  } else {
    seq->push_back(torch::nn::Linear(n, n));
    seq->push_back(torch::nn::BatchNorm1d(n));
  }
  if (p > 0)
    seq->push_back(torch::nn::Dropout(p));
  return seq;
}

torch::nn::Sequential stem(int64_t c) {
  return torch::nn::Sequential(torch::nn::Conv2d(torch::nn::Conv2dOptions(3, c, 3).bias(false)),
                               torch::nn::BatchNorm2d(c));
}

struct NetImpl : torch::nn::Module {
  NetImpl(int64_t n, bool deep) {
    layers->push_back(torch::nn::Linear(n, n));
    if (deep) {
      layers->push_back(torch::nn::Tanh());
      layers->push_back(torch::nn::Linear(n, n));
    }
    register_module("layers", layers);
  }

  torch::Tensor forward(torch::Tensor x) { return layers->forward(x); }

  torch::nn::Sequential layers;
};
TORCH_MODULE(Net);

// CHECK-LABEL:module Net {impl="NetImpl"} @{{.*}}sequential-factory.cpp:26:8
// CHECK-NEXT:  layers = torch::nn::Sequential {registered} @{{.*}}sequential-factory.cpp:38:25:
// CHECK-NEXT:    0 = torch::nn::Linear(in_features=`n`, out_features=`n`) @{{.*}}sequential-factory.cpp:28:23
// CHECK-NEXT:    * = torch::nn::Tanh() {when=`deep`} @{{.*}}sequential-factory.cpp:30:25
// CHECK-NEXT:    * = torch::nn::Linear(in_features=`n`, out_features=`n`) {when=`deep`} @{{.*}}sequential-factory.cpp:31:25
// CHECK-NEXT:  forward(%x) @{{.*}}sequential-factory.cpp:36:17:
// CHECK-NEXT:    %4 = inline layers(%x) {scope="torch::nn::Sequential"} @{{.*}}sequential-factory.cpp:36:59:
// CHECK-NEXT:      %0 = layers.0(%x) @{{.*}}sequential-factory.cpp:36:59
// CHECK-NEXT:      if `deep` @{{.*}}sequential-factory.cpp:36:59:
// CHECK-NEXT:        %1 = aten::tanh(%0) {via=layers.*1} @{{.*}}sequential-factory.cpp:36:59
// CHECK-NEXT:        %2 = layers.*2(%1) @{{.*}}sequential-factory.cpp:36:59
// CHECK-NEXT:      %3 = prim::phi(%2, %0) @{{.*}}sequential-factory.cpp:36:59
// CHECK-NEXT:      yield %3 @{{.*}}sequential-factory.cpp:36:59
// CHECK-NEXT:    return %4 @{{.*}}sequential-factory.cpp:36:44
// CHECK-EMPTY:
// CHECK-LABEL:module block {function} @{{.*}}sequential-factory.cpp:7:23
// CHECK-NEXT:  seq = torch::nn::Sequential {local} @{{.*}}sequential-factory.cpp:8:25:
// CHECK-NEXT:    * = torch::nn::Linear(in_features=`n`, out_features=`n`) {when=`lin_first`} @{{.*}}sequential-factory.cpp:10:20
// CHECK-NEXT:    * = torch::nn::ReLU() {when=`lin_first`} @{{.*}}sequential-factory.cpp:11:20
// CHECK-NEXT:    * = torch::nn::Linear(in_features=`n`, out_features=`n`) {when=`!lin_first`} @{{.*}}sequential-factory.cpp:13:20
// CHECK-NEXT:    * = torch::nn::BatchNorm1d(num_features=`n`) {when=`!lin_first`} @{{.*}}sequential-factory.cpp:14:20
// CHECK-NEXT:    * = torch::nn::Dropout(p=`p`) {when=`p > 0`} @{{.*}}sequential-factory.cpp:17:20
// CHECK-NEXT:  block(%n, %lin_first, %p) @{{.*}}sequential-factory.cpp:7:23:
// CHECK-NEXT:    if `lin_first` @{{.*}}sequential-factory.cpp:9:3:
// CHECK-NEXT:      pass
// CHECK-NEXT:    if `p > 0` @{{.*}}sequential-factory.cpp:16:3:
// CHECK-NEXT:      pass
// CHECK-NEXT:    return seq @{{.*}}sequential-factory.cpp:18:3
// CHECK-NEXT:  seq.forward(%input) @{{.*}}sequential-factory.cpp:8:25:
// CHECK-NEXT:    %8 = inline seq(%input) {scope="torch::nn::Sequential"} @{{.*}}sequential-factory.cpp:8:25:
// CHECK-NEXT:      if `lin_first` @{{.*}}sequential-factory.cpp:8:25:
// CHECK-NEXT:        %0 = seq.*0(%input) @{{.*}}sequential-factory.cpp:10:20
// CHECK-NEXT:        %1 = aten::relu(%0) {via=seq.*1} @{{.*}}sequential-factory.cpp:11:20
// CHECK-NEXT:      %2 = prim::phi(%1, %input) @{{.*}}sequential-factory.cpp:8:25
// CHECK-NEXT:      if `!lin_first` @{{.*}}sequential-factory.cpp:8:25:
// CHECK-NEXT:        %3 = seq.*2(%2) @{{.*}}sequential-factory.cpp:13:20
// CHECK-NEXT:        %4 = seq.*3(%3) @{{.*}}sequential-factory.cpp:14:20
// CHECK-NEXT:      %5 = prim::phi(%4, %2) @{{.*}}sequential-factory.cpp:8:25
// CHECK-NEXT:      if `p > 0` @{{.*}}sequential-factory.cpp:8:25:
// CHECK-NEXT:        %6 = aten::dropout(%5) {via=seq.*4} @{{.*}}sequential-factory.cpp:17:20
// CHECK-NEXT:      %7 = prim::phi(%6, %5) @{{.*}}sequential-factory.cpp:8:25
// CHECK-NEXT:      yield %7 @{{.*}}sequential-factory.cpp:8:25
// CHECK-NEXT:    return %8 @{{.*}}sequential-factory.cpp:8:25
// CHECK-EMPTY:
// CHECK-LABEL:module stem {function} @{{.*}}sequential-factory.cpp:21:23
// CHECK-NEXT:  returned = torch::nn::Sequential {returned} @{{.*}}sequential-factory.cpp:22:10:
// CHECK-NEXT:    0 = torch::nn::Conv2d(in_channels=3, out_channels=`c`, kernel_size=3, bias=false) @{{.*}}sequential-factory.cpp:22:32
// CHECK-NEXT:    1 = torch::nn::BatchNorm2d(num_features=`c`) @{{.*}}sequential-factory.cpp:23:32
// CHECK-NEXT:  stem(%c) @{{.*}}sequential-factory.cpp:21:23:
// CHECK-NEXT:    return returned @{{.*}}sequential-factory.cpp:22:3
// CHECK-NEXT:  returned.forward(%input) @{{.*}}sequential-factory.cpp:22:10:
// CHECK-NEXT:    %2 = inline returned(%input) {scope="torch::nn::Sequential"} @{{.*}}sequential-factory.cpp:22:10:
// CHECK-NEXT:      %0 = returned.0(%input) @{{.*}}sequential-factory.cpp:22:32
// CHECK-NEXT:      %1 = returned.1(%0) @{{.*}}sequential-factory.cpp:23:32
// CHECK-NEXT:      yield %1 @{{.*}}sequential-factory.cpp:22:10
// CHECK-NEXT:    return %2 @{{.*}}sequential-factory.cpp:22:10
