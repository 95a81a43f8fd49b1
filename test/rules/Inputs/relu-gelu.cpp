// Input of loader-errors.test and user-pack.test: relu then gelu.
#include <torch/torch.h>

struct ActImpl : torch::nn::Module {
  ActImpl() { fc = register_module("fc", torch::nn::Linear(4, 4)); }

  torch::Tensor forward(torch::Tensor x) {
    auto h = fc(x);
    return torch::gelu(torch::relu(h));
  }

  torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(Act);
