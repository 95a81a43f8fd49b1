// A Linear+GELU module and a system header that another check reports on.
#include <defs.h>
#include <torch/torch.h>

struct MlpImpl : torch::nn::Module {
  torch::nn::Linear fc{nullptr};
  MlpImpl() { fc = register_module("fc", torch::nn::Linear(8, 8)); }
  torch::Tensor forward(torch::Tensor x) { return torch::gelu(fc(x)); }
};
