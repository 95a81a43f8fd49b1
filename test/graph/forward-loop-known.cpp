// RUN: %adopter graph %s -- %torch_flags -I%S/Inputs > %t.dsl
// RUN: FileCheck --strict-whitespace --match-full-lines %s < %t.dsl
// RUN: %adopter dsl %t.dsl | diff %t.dsl -
// FEATURE: module Deep with layers = ModuleList of 3 Linear(in=24, out=24) children "0","1","2" and blocks = std::vector<torch::nn::Linear> of 2 Linear(in=24, out=24) registered as "block0","block1"; forward loops with known trip counts that the tool must unroll: for i in 0..2: x = layers[i]->as<torch::nn::Linear>()->forward(x), then torch::relu (i.e. layers.0 -> relu -> layers.1 -> relu -> layers.2 -> relu), then for (auto &blk : blocks) x = blk(x) (block0 -> block1) -> return.
#include <torch/torch.h>

#include <string>
#include <vector>

struct DeepImpl : torch::nn::Module {
  DeepImpl() {
    layers = register_module("layers", torch::nn::ModuleList());
    for (int i = 0; i < 3; ++i)
      layers->push_back(torch::nn::Linear(24, 24));
    for (int i = 0; i < 2; ++i)
      blocks.push_back(register_module("block" + std::to_string(i),
                                       torch::nn::Linear(24, 24)));
  }

  torch::Tensor forward(torch::Tensor x) {
    for (int i = 0; i < 3; ++i) {
      x = layers[i]->as<torch::nn::Linear>()->forward(x);
      x = torch::relu(x);
    }
    for (auto &blk : blocks)
      x = blk(x);
    return x;
  }

  torch::nn::ModuleList layers{nullptr};
  std::vector<torch::nn::Linear> blocks;
};
TORCH_MODULE(Deep);

int main() {
  Deep deep;
  auto y = deep(torch::randn({2, 24}));
  return y.size(1) == 24 ? 0 : 1;
}

// CHECK-LABEL:module Deep {impl="DeepImpl"} @{{.*}}forward-loop-known.cpp:10:8
// CHECK-NEXT:  layers = torch::nn::ModuleList {registered} @{{.*}}forward-loop-known.cpp:30:25:
// CHECK-NEXT:    0 = torch::nn::Linear(in_features=24, out_features=24) @{{.*}}forward-loop-known.cpp:14:25
// CHECK-NEXT:    1 = torch::nn::Linear(in_features=24, out_features=24) @{{.*}}forward-loop-known.cpp:14:25
// CHECK-NEXT:    2 = torch::nn::Linear(in_features=24, out_features=24) @{{.*}}forward-loop-known.cpp:14:25
// CHECK-NEXT:  blocks = std::vector<torch::nn::Linear> @{{.*}}forward-loop-known.cpp:31:34:
// CHECK-NEXT:    0 = torch::nn::Linear(in_features=24, out_features=24) {registered="block0"} @{{.*}}forward-loop-known.cpp:16:24
// CHECK-NEXT:    1 = torch::nn::Linear(in_features=24, out_features=24) {registered="block1"} @{{.*}}forward-loop-known.cpp:16:24
// CHECK-NEXT:  forward(%x) @{{.*}}forward-loop-known.cpp:20:17:
// CHECK-NEXT:    %0 = layers.0(%x) @{{.*}}forward-loop-known.cpp:22:47
// CHECK-NEXT:    %1 = aten::relu(%0) @{{.*}}forward-loop-known.cpp:23:11
// CHECK-NEXT:    %2 = layers.1(%1) @{{.*}}forward-loop-known.cpp:22:47
// CHECK-NEXT:    %3 = aten::relu(%2) @{{.*}}forward-loop-known.cpp:23:11
// CHECK-NEXT:    %4 = layers.2(%3) @{{.*}}forward-loop-known.cpp:22:47
// CHECK-NEXT:    %5 = aten::relu(%4) @{{.*}}forward-loop-known.cpp:23:11
// CHECK-NEXT:    %6 = blocks.0(%5) @{{.*}}forward-loop-known.cpp:26:11
// CHECK-NEXT:    %7 = blocks.1(%6) @{{.*}}forward-loop-known.cpp:26:11
// CHECK-NEXT:    return %7 @{{.*}}forward-loop-known.cpp:27:5
