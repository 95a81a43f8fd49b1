// Input of the check/cli tests: a module whose forward does not compile.
#include <torch/torch.h>

struct BrokenImpl : torch::nn::Module {
  BrokenImpl() { fc = register_module("fc", torch::nn::Linear(8, 8)); }
  torch::Tensor forward(torch::Tensor x) {
    return torch::gelu(fc(x)) + undeclared_thing;
  }
  torch::nn::Linear fc{nullptr};
};
