// A module defined in a header that two translation units include.
#pragma once
#include <torch/torch.h>

struct FfnImpl : torch::nn::Module {
  FfnImpl(int64_t d, int64_t h) {
    up = register_module("up", torch::nn::Linear(d, h));
    down = register_module("down", torch::nn::Linear(h, d));
  }
  torch::Tensor forward(const torch::Tensor &x) {
    return down(torch::gelu(up(x)));
  }
  torch::nn::Linear up{nullptr};
  torch::nn::Linear down{nullptr};
};
TORCH_MODULE(Ffn);
