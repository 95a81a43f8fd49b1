// Not rewritten: the code iterates over a Sequential's elements (a
// range-for calls begin() and end() implicitly).
#include <torch/torch.h>

namespace nn = torch::nn;

struct NetImpl : nn::Module {
  NetImpl() {
    seq = register_module(
        "seq", nn::Sequential(nn::Conv2d(nn::Conv2dOptions(3, 4, 1)),
                              nn::BatchNorm2d(4)));
    for (auto &m : *seq)
      if (auto *c = m.ptr()->as<nn::Conv2d>())
        nn::init::zeros_(c->bias);
  }
  torch::Tensor forward(torch::Tensor x) { return seq->forward(x); }
  nn::Sequential seq{nullptr};
};
TORCH_MODULE(Net);
