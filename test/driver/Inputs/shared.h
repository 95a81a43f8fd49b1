#pragma once
#include <torch/torch.h>

struct SharedImpl : torch::nn::Module {
  SharedImpl() : fc(register_module("fc", torch::nn::Linear(4, 4))) {}
  torch::Tensor forward(torch::Tensor x) { return torch::relu(fc(x)); }
  torch::nn::Linear fc;
};
TORCH_MODULE(Shared);
