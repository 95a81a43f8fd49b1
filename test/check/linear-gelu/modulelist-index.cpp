// RUN: %adopter check --packs adopter %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
// RUN: grep -c ": warning:" %t.txt | FileCheck --match-full-lines --check-prefix=COUNT %s
// COUNT: 1
//
// A ModuleList indexed at run time (`layers[i]`): the element is any of the
// list's. Its type is known when every element is the same module built
// with the same options (Same); with Linears of other sizes (Mixed) or a
// GELU among them (Other) no single type holds, so nothing is reported.
#include <torch/torch.h>

struct SameImpl : torch::nn::Module {
  SameImpl() {
    for (int i = 0; i < 3; ++i)
      layers->push_back(torch::nn::Linear(8, 8));
    register_module("layers", layers);
  }
  torch::Tensor forward(torch::Tensor x) {
    for (size_t i = 0; i < layers->size(); ++i)
      x = torch::gelu(layers[i]->as<torch::nn::Linear>()->forward(x));
    return x;
  }
  torch::nn::ModuleList layers;
};
TORCH_MODULE(Same);

struct MixedImpl : torch::nn::Module {
  MixedImpl() {
    layers->push_back(torch::nn::Linear(8, 8));
    layers->push_back(torch::nn::Linear(8, 16));
    register_module("layers", layers);
  }
  torch::Tensor forward(torch::Tensor x, int64_t i) {
    return torch::gelu(layers[i]->as<torch::nn::Linear>()->forward(x));
  }
  torch::nn::ModuleList layers;
};
TORCH_MODULE(Mixed);

struct OtherImpl : torch::nn::Module {
  OtherImpl() {
    layers->push_back(torch::nn::Linear(8, 8));
    layers->push_back(torch::nn::GELU());
    register_module("layers", layers);
  }
  torch::Tensor forward(torch::Tensor x, int64_t i) {
    return torch::gelu(layers[i]->as<torch::nn::Linear>()->forward(x));
  }
  torch::nn::ModuleList layers;
};
TORCH_MODULE(Other);

// CHECK: {{.*}}modulelist-index.cpp:20:59: warning: Linear 'layers.*' followed by GELU can run as one GEMM with a bias+GELU epilogue (adopter::nn::FusedLinearGELU) [adopter-linear-gelu]
// CHECK-NOT: warning:
