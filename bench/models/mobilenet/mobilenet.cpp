// Definitions for the MobileNetV2 declared in mobilenet.h.
#include "mobilenet.h"

namespace F = torch::nn::functional;

ConvBNReLU6Impl::ConvBNReLU6Impl(int64_t inp, int64_t oup, int64_t kernel_size,
                                 int64_t stride) {
  const int64_t padding = (kernel_size - 1) / 2;
  push_back(nn::Conv2d(nn::Conv2dOptions(inp, oup, kernel_size)
                           .stride(stride)
                           .padding(padding)
                           .bias(false)));
  push_back(nn::BatchNorm2d(oup));
  push_back(nn::ReLU6(nn::ReLU6Options().inplace(true)));
}

torch::Tensor hard_swish(const torch::Tensor &x) {
  return x * F::relu6(x + 3.0) / 6.0;
}

InvertedResidualImpl::InvertedResidualImpl(int64_t inp, int64_t oup,
                                           int64_t stride, int64_t expand_ratio)
    : stride_(stride) {
  TORCH_CHECK(stride == 1 || stride == 2, "stride must be 1 or 2");
  const int64_t hidden_dim = inp * expand_ratio;
  use_res_connect_ = stride == 1 && inp == oup;

  if (expand_ratio != 1) {
    // pw
    conv->push_back(nn::Conv2d(
        nn::Conv2dOptions(inp, hidden_dim, 1).stride(1).padding(0).bias(false)));
    conv->push_back(nn::BatchNorm2d(hidden_dim));
    conv->push_back(nn::ReLU6(nn::ReLU6Options().inplace(true)));
  }
  // dw
  conv->push_back(nn::Conv2d(nn::Conv2dOptions(hidden_dim, hidden_dim, 3)
                                 .stride(stride)
                                 .padding(1)
                                 .groups(hidden_dim)
                                 .bias(false)));
  conv->push_back(nn::BatchNorm2d(hidden_dim));
  conv->push_back(nn::ReLU6(nn::ReLU6Options().inplace(true)));
  // pw-linear: no activation after the projection
  conv->push_back(nn::Conv2d(
      nn::Conv2dOptions(hidden_dim, oup, 1).stride(1).padding(0).bias(false)));
  conv->push_back(nn::BatchNorm2d(oup));
  register_module("conv", conv);
}

torch::Tensor InvertedResidualImpl::forward(torch::Tensor x) {
  if (stride_ == 1 && use_res_connect_) {
    return x + conv->forward(x);
  } else {
    return conv->forward(x);
  }
}

MobileNetV2Impl::MobileNetV2Impl(int64_t num_classes, double dropout) {
  const std::vector<BlockSetting> settings = {
      // t, c, n, s
      {1, 8, 1, 1},
      {4, 12, 2, 2},
      {4, 16, 2, 2},
      {4, 24, 1, 1},
  };
  int64_t input_channel = 16;
  const int64_t last_channel = 64;

  features->push_back(ConvBNReLU6(3, input_channel, 3, 1));
  for (const auto &setting : settings) {
    for (int64_t i = 0; i < setting.n; ++i) {
      const int64_t stride = i == 0 ? setting.s : 1;
      features->push_back(
          InvertedResidual(input_channel, setting.c, stride, setting.t));
      input_channel = setting.c;
    }
  }
  features->push_back(ConvBNReLU6(input_channel, last_channel, 1));
  register_module("features", features);

  pre_logits = register_module("pre_logits", nn::Linear(last_channel, 32));
  drop = register_module("drop", nn::Dropout(nn::DropoutOptions(dropout)));
  head = register_module("head", nn::Linear(32, num_classes));
}

torch::Tensor MobileNetV2Impl::forward(torch::Tensor x) {
  x = features->forward(x);
  x = F::adaptive_avg_pool2d(x, F::AdaptiveAvgPool2dFuncOptions(1));
  x = x.flatten(1);
  // Look-alike: the Linear output feeds the add and the multiply of the
  // hand-written hard-swish, not ReLU6 directly, so this is not linear-relu.
  x = hard_swish(pre_logits->forward(x));
  x = drop->forward(x);
  return head->forward(x);
}
