// Code that counts the ReLUs among its modules: replacing a ReLU element by
// a torch::nn::Identity (linear-relu over Sequential elements) would change
// the count, so the site is reported.
#include <torch/torch.h>

struct CountsReLUsImpl : torch::nn::Module {
  CountsReLUsImpl() {
    body = register_module(
        "body", torch::nn::Sequential(torch::nn::Linear(8, 8),
                                      torch::nn::ReLU()));
    for (auto &m : modules(/*include_self=*/false))
      relus += m->as<torch::nn::ReLU>() != nullptr;
  }
  torch::Tensor forward(torch::Tensor x) { return body->forward(x); }
  torch::nn::Sequential body{nullptr};
  int relus = 0;
};
TORCH_MODULE(CountsReLUs);
