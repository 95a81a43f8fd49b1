#include <torch/torch.h>
#include "does_not_exist.h"
struct NetImpl : torch::nn::Module {
  NetImpl() : fc(register_module("fc", torch::nn::Linear(2, 2))) {}
  torch::nn::Linear fc;
};
