#include "shared.h"
struct AImpl : torch::nn::Module {
  AImpl() : s(register_module("s", Shared())) {}
  torch::Tensor forward(torch::Tensor x) { return s(x); }
  Shared s;
};
TORCH_MODULE(A);
