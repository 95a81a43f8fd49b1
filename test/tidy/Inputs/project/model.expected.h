// The model, in a header that every translation unit of the app includes.
#pragma once
#include <adopter/kernels/FusedLinearGELU.h>
#include <adopter/kernels/FusedLinearReLU.h>
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

struct HeadImpl : torch::nn::Module {
  HeadImpl() {
    body = register_module("body", torch::nn::Sequential(adopter::nn::FusedLinearReLU(16, 16), torch::nn::Identity()));
  }
  torch::Tensor forward(const torch::Tensor &x) { return body->forward(x); }
  torch::nn::Sequential body{nullptr};
};
TORCH_MODULE(Head);

Ffn makeFfn();
torch::Tensor runHead(Head &H, const torch::Tensor &X);
