// MobileNetV2 (inverted residuals and linear bottlenecks), scaled down for
// 32x32 images, after the common C++ ports of torchvision's mobilenetv2.py.
// The classifier uses a hand-written hard-swish as in MobileNetV3.
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <vector>

namespace nn = torch::nn;

// conv (kernel k, stride s) -> BatchNorm2d -> ReLU6. A Sequential subclass
// with a non-templated forward(), so that it can be nested in another
// Sequential (as torchvision's C++ models do).
struct ConvBNReLU6Impl : nn::SequentialImpl {
  ConvBNReLU6Impl(int64_t inp, int64_t oup, int64_t kernel_size,
                  int64_t stride = 1);
  torch::Tensor forward(torch::Tensor x) {
    return nn::SequentialImpl::forward(x);
  }
};
TORCH_MODULE(ConvBNReLU6);

// x * relu6(x + 3) / 6
torch::Tensor hard_swish(const torch::Tensor &x);

class InvertedResidualImpl : public nn::Module {
public:
  InvertedResidualImpl(int64_t inp, int64_t oup, int64_t stride,
                       int64_t expand_ratio);
  torch::Tensor forward(torch::Tensor x);

private:
  int64_t stride_;
  bool use_res_connect_;
  nn::Sequential conv;
};
TORCH_MODULE(InvertedResidual);

// One row of the MobileNetV2 table: expansion t, channels c, repeats n,
// stride s of the first block.
struct BlockSetting {
  int64_t t, c, n, s;
};

class MobileNetV2Impl : public nn::Module {
public:
  explicit MobileNetV2Impl(int64_t num_classes = 10, double dropout = 0.2);
  torch::Tensor forward(torch::Tensor x);

private:
  nn::Sequential features;
  nn::Linear pre_logits{nullptr};
  nn::Dropout drop{nullptr};
  nn::Linear head{nullptr};
};
TORCH_MODULE(MobileNetV2);
