// Four heads whose first Linear reads the same input: the packed GEMM of
// three of them is a candidate four ways, and each way crosses into a
// forward that computes more than its Linear.
#include <torch/torch.h>

struct HeadImpl : torch::nn::Module {
  HeadImpl() { fc = register_module("fc", torch::nn::Linear(8, 8)); }
  torch::Tensor forward(torch::Tensor x) { return torch::tanh(fc(x)) * 2; }
  torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(Head);

struct HeadsImpl : torch::nn::Module {
  HeadsImpl() {
    a = register_module("a", Head());
    b = register_module("b", Head());
    c = register_module("c", Head());
    d = register_module("d", Head());
  }
  torch::Tensor forward(torch::Tensor x) {
    return a(x) + b(x) + c(x) + d(x);
  }
  Head a{nullptr}, b{nullptr}, c{nullptr}, d{nullptr};
};
TORCH_MODULE(Heads);
