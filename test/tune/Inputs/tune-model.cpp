// A model for `adopter tune`: Linear + ReLU with literal sizes, Linear +
// GELU sized by a config, GELU written out in a helper (its input size is
// only known at run time), and Linear + BatchNorm1d + ReLU at the end.
#include <torch/torch.h>

#include <cmath>

struct Config {
  int64_t hidden = 32;
};

torch::Tensor gelu_tanh(const torch::Tensor &x) {
  return 0.5 * x *
         (1.0 + torch::tanh(std::sqrt(2.0 / M_PI) *
                            (x + 0.044715 * torch::pow(x, 3))));
}

struct BlockImpl : torch::nn::Module {
  explicit BlockImpl(const Config &config)
      : up(register_module("up", torch::nn::Linear(16, 64))),
        fc(register_module(
            "fc", torch::nn::Linear(config.hidden, 4 * config.hidden))) {}

  torch::Tensor forward(torch::Tensor x, torch::Tensor y) {
    auto a = torch::relu(up(x));
    auto b = torch::gelu(fc(y));
    return a.sum() + gelu_tanh(b).sum();
  }

  torch::nn::Linear up, fc;
};
TORCH_MODULE(Block);

// Linear + BatchNorm1d + ReLU (linear-bn with its activation).
struct HeadImpl : torch::nn::Module {
  HeadImpl()
      : fc(register_module("fc", torch::nn::Linear(16, 32))),
        bn(register_module("bn", torch::nn::BatchNorm1d(32))) {}

  torch::Tensor forward(torch::Tensor x) { return torch::relu(bn(fc(x))); }

  torch::nn::Linear fc;
  torch::nn::BatchNorm1d bn;
};
TORCH_MODULE(Head);
