// Input of errors.test: one header that two
// translation units see differently (-DRELU_HEAD in one compile command),
// so one rule retypes `fc` to FusedLinearReLU and another to
// FusedLinearGELU at the same place.
#include <torch/torch.h>

struct HeadImpl : torch::nn::Module {
  HeadImpl() { fc = register_module("fc", torch::nn::Linear(8, 8)); }
  torch::Tensor forward(torch::Tensor x) {
#ifdef RELU_HEAD
    return torch::relu(fc(x));
#else
    return torch::gelu(fc(x));
#endif
  }
  torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(Head);
