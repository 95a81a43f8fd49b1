// A module defined in a header that two translation units include.
#pragma once
#include <adopter/kernels/FusedLinearGELU.h>
#include <torch/torch.h>

struct FfnImpl : torch::nn::Module {
  FfnImpl(int64_t d, int64_t h) {
    up = register_module("up", adopter::nn::FusedLinearGELU(d, h));
    down = register_module("down", torch::nn::Linear(h, d));
  }
  torch::Tensor forward(const torch::Tensor &x) {
    return down(up(x));
  }
  adopter::nn::FusedLinearGELU up{nullptr};
  torch::nn::Linear down{nullptr};
};
TORCH_MODULE(Ffn);
