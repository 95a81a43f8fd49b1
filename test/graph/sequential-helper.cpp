// RUN: %adopter graph %s -- %torch_flags -I%S/Inputs > %t.dsl
// RUN: FileCheck --strict-whitespace --match-full-lines %s < %t.dsl
// RUN: %adopter dsl %t.dsl | diff %t.dsl -
// FEATURE: module Net registers block = make_block(16, 32), a free helper returning a torch::nn::Sequential, which the tool must inline to Sequential{Linear(in=16, out=32), BatchNorm1d(num_features=32), ReLU, Dropout(p=0.2)}, plus out = Linear(in=32, out=4); forward: x -> block -> out -> return.
#include <torch/torch.h>

torch::nn::Sequential make_block(int in, int out) {
  torch::nn::Sequential seq;
  seq->push_back(torch::nn::Linear(in, out));
  seq->push_back(torch::nn::BatchNorm1d(out));
  seq->push_back(torch::nn::ReLU());
  seq->push_back(torch::nn::Dropout(0.2));
  return seq;
}

struct NetImpl : torch::nn::Module {
  NetImpl() {
    block = register_module("block", make_block(16, 32));
    out = register_module("out", torch::nn::Linear(32, 4));
  }

  torch::Tensor forward(torch::Tensor x) { return out(block->forward(x)); }

  torch::nn::Sequential block{nullptr};
  torch::nn::Linear out{nullptr};
};
TORCH_MODULE(Net);

int main() {
  Net net;
  auto y = net(torch::randn({8, 16}));
  return y.size(1) == 4 ? 0 : 1;
}

// CHECK-LABEL:module Net {impl="NetImpl"} @{{.*}}sequential-helper.cpp:16:8
// CHECK-NEXT:  block = torch::nn::Sequential {built_by="make_block", registered} @{{.*}}sequential-helper.cpp:24:25:
// CHECK-NEXT:    0 = torch::nn::Linear(in_features=16, out_features=32) @{{.*}}sequential-helper.cpp:9:18
// CHECK-NEXT:    1 = torch::nn::BatchNorm1d(num_features=32) @{{.*}}sequential-helper.cpp:10:18
// CHECK-NEXT:    2 = torch::nn::ReLU() @{{.*}}sequential-helper.cpp:11:18
// CHECK-NEXT:    3 = torch::nn::Dropout(p=0.2) @{{.*}}sequential-helper.cpp:12:18
// CHECK-NEXT:  out = torch::nn::Linear(in_features=32, out_features=4) {registered} @{{.*}}sequential-helper.cpp:25:21
// CHECK-NEXT:  forward(%x) @{{.*}}sequential-helper.cpp:22:17:
// CHECK-NEXT:    %4 = inline block(%x) {scope="torch::nn::Sequential"} @{{.*}}sequential-helper.cpp:22:62:
// CHECK-NEXT:      %0 = block.0(%x) @{{.*}}sequential-helper.cpp:22:62
// CHECK-NEXT:      %1 = block.1(%0) @{{.*}}sequential-helper.cpp:22:62
// CHECK-NEXT:      %2 = aten::relu(%1) {via=block.2} @{{.*}}sequential-helper.cpp:22:62
// CHECK-NEXT:      %3 = aten::dropout(%2) {via=block.3} @{{.*}}sequential-helper.cpp:22:62
// CHECK-NEXT:      yield %3 @{{.*}}sequential-helper.cpp:22:62
// CHECK-NEXT:    %5 = out(%4) @{{.*}}sequential-helper.cpp:22:51
// CHECK-NEXT:    return %5 @{{.*}}sequential-helper.cpp:22:44
