// Input of linear-act.test: Linear + GELU / SiLU in the construction and
// call styles real modules use. Every chain here is rewritten.
#include <adopter/kernels/FusedLinearGELU.h>
#include <adopter/kernels/FusedLinearSiLU.h>
#include <torch/torch.h>

#include <vector>

namespace F = torch::nn::functional;

// Body-style construction, members sharing one declaration, a GELU module.
struct MlpImpl : torch::nn::Module {
  MlpImpl() {
    fc1 = register_module("fc1", adopter::nn::FusedLinearGELU(16, 64));
    act = register_module("act", torch::nn::GELU());
    fc2 = register_module("fc2", adopter::nn::FusedLinearGELU(64, 64));
    out = register_module("out", torch::nn::Linear(64, 16));
  }

  torch::Tensor forward(torch::Tensor x) {
    x = fc1(x);
    auto h = fc2(x);
    return out(h);
  }

  adopter::nn::FusedLinearGELU fc1{nullptr}, fc2{nullptr};
  torch::nn::Linear out{nullptr};
  torch::nn::GELU act{nullptr};
};
TORCH_MODULE(Mlp);

// Initializer-list construction with options, SiLU as a free function.
struct GateImpl : torch::nn::Module {
  explicit GateImpl(int64_t d)
      : proj(register_module(
            "proj", adopter::nn::FusedLinearSiLU(torch::nn::LinearOptions(d, 2 * d)
                                          .bias(false)))) {}

  torch::Tensor forward(const torch::Tensor &x) { return proj(x); }

  adopter::nn::FusedLinearSiLU proj;
};
TORCH_MODULE(Gate);
