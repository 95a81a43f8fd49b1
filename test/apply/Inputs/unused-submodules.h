// Part of unused-submodules.test: a class in a header another translation
// unit may include, whose activation module is kept.
#pragma once
#include <torch/torch.h>

struct HeaderBlockImpl : torch::nn::Module {
  HeaderBlockImpl() {
    fc = register_module("fc", torch::nn::Linear(8, 8));
    act = register_module("act", torch::nn::ReLU());
  }
  torch::Tensor forward(torch::Tensor x) { return act(fc(x)); }
  torch::nn::Linear fc{nullptr};
  torch::nn::ReLU act{nullptr};
};
TORCH_MODULE(HeaderBlock);
