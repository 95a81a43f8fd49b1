// U-Net for binary segmentation, after milesial/Pytorch-UNet (unet_parts.py)
// with a residual bottleneck block as in ResUNet variants.
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <vector>

namespace unet {

// (convolution => [BN] => ReLU) * 2, as one Sequential.
struct DoubleConvImpl : torch::nn::Module {
  DoubleConvImpl(int64_t in_channels, int64_t out_channels,
                 int64_t mid_channels = 0);
  torch::Tensor forward(const torch::Tensor &x);

  torch::nn::Sequential double_conv{nullptr};
};
TORCH_MODULE(DoubleConv);

// Downscaling with maxpool, then double conv.
struct DownImpl : torch::nn::Module {
  DownImpl(int64_t in_channels, int64_t out_channels);
  torch::Tensor forward(torch::Tensor x);

  torch::nn::MaxPool2d pool{nullptr};
  DoubleConv conv{nullptr};
};
TORCH_MODULE(Down);

// Upscaling with a transposed convolution, concatenation with the skip
// connection, then double conv.
struct UpImpl : torch::nn::Module {
  UpImpl(int64_t in_channels, int64_t out_channels);
  torch::Tensor forward(torch::Tensor x1, const torch::Tensor &x2);

  torch::nn::ConvTranspose2d up{nullptr};
  DoubleConv conv{nullptr};
};
TORCH_MODULE(Up);

// Residual block at the bottom of the U: the output of the first
// convolution is also the shortcut.
struct ResidualBottleneckImpl : torch::nn::Module {
  explicit ResidualBottleneckImpl(int64_t channels);
  torch::Tensor forward(torch::Tensor x);

  torch::nn::Conv2d conv1{nullptr}, conv2{nullptr};
  torch::nn::BatchNorm2d bn1{nullptr}, bn2{nullptr};
};
TORCH_MODULE(ResidualBottleneck);

struct UNetImpl : torch::nn::Module {
  UNetImpl(int64_t n_channels, int64_t n_classes,
           std::vector<int64_t> widths = {8, 16, 32});
  torch::Tensor forward(torch::Tensor x);

  DoubleConv inc{nullptr};
  torch::nn::ModuleList downs;
  ResidualBottleneck bottleneck{nullptr};
  torch::nn::ModuleList ups;
  torch::nn::Conv2d outc{nullptr};
};
TORCH_MODULE(UNet);

} // namespace unet
