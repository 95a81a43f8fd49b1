// RUN: %adopter graph %s -- %torch_flags -I%S/Inputs > %t.dsl
// RUN: FileCheck --strict-whitespace --match-full-lines %s < %t.dsl
// RUN: %adopter dsl %t.dsl | diff %t.dsl -
// FEATURE: module Net with layers = ModuleList of 3 Linear(in=16, out=16) children "0","1","2" appended by push_back in a loop of known trip count 3; forward: x -> layers[0] -> layers[1] -> layers[2] (range-for over *layers with m->as<torch::nn::Linear>()->forward) -> layers[0] again (via layers->ptr<torch::nn::LinearImpl>(0)) -> layers[1] again (via layers[1]->as<torch::nn::LinearImpl>()) -> return.
#include <torch/torch.h>

struct NetImpl : torch::nn::Module {
  NetImpl() {
    layers = register_module("layers", torch::nn::ModuleList());
    for (int i = 0; i < 3; ++i)
      layers->push_back(torch::nn::Linear(16, 16));
  }

  torch::Tensor forward(torch::Tensor x) {
    for (const auto &m : *layers)
      x = m->as<torch::nn::Linear>()->forward(x);
    x = layers->ptr<torch::nn::LinearImpl>(0)->forward(x);
    x = layers[1]->as<torch::nn::LinearImpl>()->forward(x);
    return x;
  }

  torch::nn::ModuleList layers{nullptr};
};
TORCH_MODULE(Net);

int main() {
  Net net;
  auto y = net(torch::randn({2, 16}));
  return y.size(1) == 16 ? 0 : 1;
}

// CHECK-LABEL:module Net {impl="NetImpl"} @{{.*}}modulelist.cpp:7:8
// CHECK-NEXT:  layers = torch::nn::ModuleList {registered} @{{.*}}modulelist.cpp:22:25:
// CHECK-NEXT:    0 = torch::nn::Linear(in_features=16, out_features=16) @{{.*}}modulelist.cpp:11:25
// CHECK-NEXT:    1 = torch::nn::Linear(in_features=16, out_features=16) @{{.*}}modulelist.cpp:11:25
// CHECK-NEXT:    2 = torch::nn::Linear(in_features=16, out_features=16) @{{.*}}modulelist.cpp:11:25
// CHECK-NEXT:  forward(%x) @{{.*}}modulelist.cpp:14:17:
// CHECK-NEXT:    %0 = layers.0(%x) @{{.*}}modulelist.cpp:16:39
// CHECK-NEXT:    %1 = layers.1(%0) @{{.*}}modulelist.cpp:16:39
// CHECK-NEXT:    %2 = layers.2(%1) @{{.*}}modulelist.cpp:16:39
// CHECK-NEXT:    %3 = layers.0(%2) @{{.*}}modulelist.cpp:17:48
// CHECK-NEXT:    %4 = layers.1(%3) @{{.*}}modulelist.cpp:18:49
// CHECK-NEXT:    return %4 @{{.*}}modulelist.cpp:19:5
