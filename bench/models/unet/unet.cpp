// Definitions for the U-Net declared in unet.h.
#include "unet.h"

namespace unet {

using namespace torch;
namespace F = torch::nn::functional;

DoubleConvImpl::DoubleConvImpl(int64_t in_channels, int64_t out_channels,
                               int64_t mid_channels) {
  if (mid_channels == 0) {
    mid_channels = out_channels;
  }
  double_conv = register_module(
      "double_conv",
      nn::Sequential(
          nn::Conv2d(nn::Conv2dOptions(in_channels, mid_channels, 3)
                         .padding(1)
                         .bias(false)),
          nn::BatchNorm2d(mid_channels),
          nn::ReLU(nn::ReLUOptions().inplace(true)),
          nn::Conv2d(nn::Conv2dOptions(mid_channels, out_channels, 3)
                         .padding(1)
                         .bias(false)),
          nn::BatchNorm2d(out_channels),
          nn::ReLU(nn::ReLUOptions().inplace(true))));
}

Tensor DoubleConvImpl::forward(const Tensor &x) {
  return double_conv->forward(x);
}

DownImpl::DownImpl(int64_t in_channels, int64_t out_channels)
    : pool(register_module("pool", nn::MaxPool2d(2))),
      conv(register_module("conv", DoubleConv(in_channels, out_channels))) {}

Tensor DownImpl::forward(Tensor x) { return conv(pool(x)); }

UpImpl::UpImpl(int64_t in_channels, int64_t out_channels) {
  up = register_module(
      "up", nn::ConvTranspose2d(
                nn::ConvTranspose2dOptions(in_channels, in_channels / 2, 2)
                    .stride(2)));
  conv = register_module("conv", DoubleConv(in_channels, out_channels));
}

Tensor UpImpl::forward(Tensor x1, const Tensor &x2) {
  // Not conv-bn: the transposed convolution feeds pad + cat, not a BatchNorm.
  x1 = up->forward(x1);
  const int64_t diff_y = x2.size(2) - x1.size(2);
  const int64_t diff_x = x2.size(3) - x1.size(3);
  if (diff_y != 0 || diff_x != 0) {
    x1 = F::pad(x1, F::PadFuncOptions({diff_x / 2, diff_x - diff_x / 2,
                                       diff_y / 2, diff_y - diff_y / 2}));
  }
  auto x = torch::cat({x2, x1}, /*dim=*/1);
  return conv->forward(x);
}

ResidualBottleneckImpl::ResidualBottleneckImpl(int64_t channels)
    : conv1(nn::Conv2dOptions(channels, channels, 3).padding(1).bias(false)),
      conv2(nn::Conv2dOptions(channels, channels, 3).padding(1).bias(false)),
      bn1(channels), bn2(channels) {
  register_module("conv1", conv1);
  register_module("bn1", bn1);
  register_module("conv2", conv2);
  register_module("bn2", bn2);
}

Tensor ResidualBottleneckImpl::forward(Tensor x) {
  // Look-alike: h (the conv1 output) is also the shortcut below, so
  // conv1 -> bn1 is not a fusable conv-bn chain.
  auto h = conv1(x);
  auto y = torch::relu(bn1(h));
  y = bn2(conv2(y));
  return torch::relu(y + h);
}

UNetImpl::UNetImpl(int64_t n_channels, int64_t n_classes,
                   std::vector<int64_t> widths) {
  inc = register_module("inc", DoubleConv(n_channels, widths[0]));
  for (size_t i = 0; i + 1 < widths.size(); ++i) {
    downs->push_back(Down(widths[i], widths[i + 1]));
  }
  register_module("downs", downs);
  bottleneck = register_module("bottleneck", ResidualBottleneck(widths.back()));
  for (size_t i = widths.size() - 1; i > 0; --i) {
    ups->push_back(Up(widths[i], widths[i - 1]));
  }
  register_module("ups", ups);
  outc = register_module(
      "outc", nn::Conv2d(nn::Conv2dOptions(widths[0], n_classes, 1)));
}

Tensor UNetImpl::forward(Tensor x) {
  std::vector<Tensor> skips;
  x = inc(x);
  for (const auto &down : *downs) {
    skips.push_back(x);
    x = down->as<Down>()->forward(x);
  }
  x = bottleneck(x);
  for (size_t i = 0; i < ups->size(); ++i) {
    x = ups[i]->as<Up>()->forward(x, skips[skips.size() - 1 - i]);
  }
  // The output convolution has no BatchNorm: logits.
  return outc(x);
}

} // namespace unet
