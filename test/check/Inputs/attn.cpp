// Input of the check/cli tests: hand-written attention.
#include <torch/torch.h>

torch::Tensor attend(torch::Tensor q, torch::Tensor k, torch::Tensor v) {
  auto s = torch::matmul(q, k.transpose(-2, -1)) / 8.0;
  return torch::matmul(torch::softmax(s, -1), v);
}

struct HeadImpl : torch::nn::Module {
  HeadImpl() { qkv = register_module("qkv", torch::nn::Linear(8, 24)); }
  torch::Tensor forward(torch::Tensor x) {
    auto p = qkv(x).chunk(3, -1);
    return attend(p[0], p[1], p[2]);
  }
  torch::nn::Linear qkv{nullptr};
};
TORCH_MODULE(Head);
