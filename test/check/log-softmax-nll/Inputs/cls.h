// A classifier declared in a header, defined in cls.cpp, trained in
// train.cpp: the forward's body is in another translation unit than the
// loss.
#pragma once
#include <torch/torch.h>
#include <tuple>

struct ClsImpl : torch::nn::Module {
  ClsImpl();
  std::tuple<torch::Tensor, torch::Tensor> forward(torch::Tensor x);
  torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(Cls);
