// Not rewritten: the code reads a Sequential's elements by their place, and
// after fuse_conv_bn a ConvBNElement / Identity stands in those places.
#include <torch/torch.h>

namespace nn = torch::nn;

struct NetImpl : nn::Module {
  NetImpl() {
    seq = register_module(
        "seq", nn::Sequential(nn::Conv2d(nn::Conv2dOptions(3, 4, 1)),
                              nn::BatchNorm2d(4), nn::ReLU()));
    nn::init::zeros_(seq->ptr(0)->as<nn::Conv2d>()->bias);
  }
  torch::Tensor forward(torch::Tensor x) { return seq->forward(x); }
  nn::Sequential seq{nullptr};
};
TORCH_MODULE(Net);
