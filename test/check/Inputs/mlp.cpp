// Input of the check/cli tests: one linear-gelu site inside a helper-free
// module, one gelu-manual site in a helper, and a relu-gelu chain a user
// pack (test/rules/Inputs/good/userpack) targets.
#include <torch/torch.h>

torch::Tensor erf_gelu(const torch::Tensor &x) {
  return x * 0.5 * (1.0 + torch::erf(x / std::sqrt(2.0)));
}

struct MlpImpl : torch::nn::Module {
  MlpImpl() {
    fc1 = register_module("fc1", torch::nn::Linear(8, 32));
    fc2 = register_module("fc2", torch::nn::Linear(32, 8));
  }
  torch::Tensor forward(torch::Tensor x) {
    auto h = torch::gelu(fc1(x));
    h = erf_gelu(fc2(h));
    return torch::gelu(torch::relu(h));
  }
  torch::nn::Linear fc1{nullptr}, fc2{nullptr};
};
TORCH_MODULE(Mlp);
