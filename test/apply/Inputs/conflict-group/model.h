// Input of errors.test: fc1 and fc2 share one declaration, and the
// rewrites that retype them are found in two translation units (head.cpp,
// net.cpp), each of which writes the whole declaration its own way.
#pragma once
#include <torch/torch.h>

struct NetImpl : torch::nn::Module {
  NetImpl() {
    fc1 = register_module("fc1", torch::nn::Linear(8, 8));
    fc2 = register_module("fc2", torch::nn::Linear(8, 8));
  }
  torch::Tensor head(torch::Tensor x);
  torch::Tensor forward(torch::Tensor x);
  torch::nn::Linear fc1{nullptr}, fc2{nullptr};
};
TORCH_MODULE(Net);
