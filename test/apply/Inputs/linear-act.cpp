// Input of linear-act.test: Linear + GELU / SiLU in the construction and
// call styles real modules use. Every chain here is rewritten.
#include <torch/torch.h>

#include <vector>

namespace F = torch::nn::functional;

// Body-style construction, members sharing one declaration, a GELU module.
struct MlpImpl : torch::nn::Module {
  MlpImpl() {
    fc1 = register_module("fc1", torch::nn::Linear(16, 64));
    act = register_module("act", torch::nn::GELU());
    fc2 = register_module("fc2", torch::nn::Linear(64, 64));
    out = register_module("out", torch::nn::Linear(64, 16));
  }

  torch::Tensor forward(torch::Tensor x) {
    x = act(fc1(x));
    auto h = torch::gelu(fc2->forward(x));
    return out(h);
  }

  torch::nn::Linear fc1{nullptr}, fc2{nullptr}, out{nullptr};
  torch::nn::GELU act{nullptr};
};
TORCH_MODULE(Mlp);

// Initializer-list construction with options, SiLU as a free function.
struct GateImpl : torch::nn::Module {
  explicit GateImpl(int64_t d)
      : proj(register_module(
            "proj", torch::nn::Linear(torch::nn::LinearOptions(d, 2 * d)
                                          .bias(false)))) {}

  torch::Tensor forward(const torch::Tensor &x) { return torch::silu(proj(x)); }

  torch::nn::Linear proj;
};
TORCH_MODULE(Gate);
