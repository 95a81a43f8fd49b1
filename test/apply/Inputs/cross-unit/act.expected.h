#pragma once
// Input of cross-function.test: an activation module whose forward is
// defined in another translation unit (act.cpp) than its caller's
// (block.cpp).
#include <adopter/kernels/FusedLinearGELU.h>
#include <torch/torch.h>

struct ActImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor x);
};
TORCH_MODULE(Act);

// Its GELU's approximate="tanh" is written in act.cpp, which the
// translation unit of the call does not hold: not rewritten.
struct TanhActImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor x);
};
TORCH_MODULE(TanhAct);

struct BlockImpl : torch::nn::Module {
  BlockImpl();
  torch::Tensor forward(torch::Tensor x);
  adopter::nn::FusedLinearGELU fc{nullptr};
  torch::nn::Linear fc2{nullptr};
  Act act{nullptr};
  TanhAct act2{nullptr};
};
TORCH_MODULE(Block);
