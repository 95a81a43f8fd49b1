// Input of macro-text.test: sizes and options written with macros stay
// as written in the retyped constructions; the chains are rewritten.
#include <adopter/kernels/ConvBN.h>
#include <adopter/kernels/FusedAddLayerNorm.h>
#include <adopter/kernels/FusedLinearGELU.h>
#include <torch/torch.h>
#define HIDDEN 64
#define EPS 1e-6
struct BlockImpl : torch::nn::Module {
  BlockImpl() {
    fc = register_module("fc", adopter::nn::FusedLinearGELU(HIDDEN, HIDDEN * 4));
    norm = register_module("norm", adopter::nn::FusedAddLayerNorm(torch::nn::LayerNormOptions({HIDDEN}).eps(EPS)));
    conv = register_module("conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(3, HIDDEN, 3).padding(1)));
    bn = register_module("bn", torch::nn::BatchNorm2d(HIDDEN));
  }
  torch::Tensor forward(torch::Tensor x, torch::Tensor y, torch::Tensor img) {
    auto h = fc(x);
    auto z = std::get<1>(norm(x, y));
    auto c = adopter::ops::conv_bn(img, conv, bn, adopter::ops::Activation::relu());
    return h.sum() + z.sum() + c.sum() + torch::softmax(x, -1).sum();
  }
  adopter::nn::FusedLinearGELU fc{nullptr};
  adopter::nn::FusedAddLayerNorm norm{nullptr};
  torch::nn::Conv2d conv{nullptr};
  torch::nn::BatchNorm2d bn{nullptr};
};
TORCH_MODULE(Block);
