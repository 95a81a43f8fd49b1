// Part of unused-submodules.test: a class in a header another translation
// unit may include, whose activation module is kept.
#pragma once
#include <adopter/kernels/FusedLinearReLU.h>
#include <torch/torch.h>

struct HeaderBlockImpl : torch::nn::Module {
  HeaderBlockImpl() {
    fc = register_module("fc", adopter::nn::FusedLinearReLU(8, 8));
    act = register_module("act", torch::nn::ReLU());
  }
  torch::Tensor forward(torch::Tensor x) { return fc(x); }
  adopter::nn::FusedLinearReLU fc{nullptr};
  torch::nn::ReLU act{nullptr};
};
TORCH_MODULE(HeaderBlock);
