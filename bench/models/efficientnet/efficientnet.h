// A small EfficientNet (B0 layout, reduced widths and depths) for 32x32
// images: conv-bn-SiLU blocks, MBConv with squeeze-and-excitation and
// stochastic depth. Names follow torchvision's efficientnet.py.
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <vector>

namespace effnet {

// Conv2d -> BatchNorm2d -> optional SiLU.
struct ConvBNActImpl : torch::nn::Module {
  ConvBNActImpl(int64_t in_ch, int64_t out_ch, int64_t kernel_size,
                int64_t stride = 1, int64_t groups = 1, bool activation = true);
  torch::Tensor forward(torch::Tensor x);

  torch::nn::Conv2d conv{nullptr};
  torch::nn::BatchNorm2d bn{nullptr};
  bool activation;
};
TORCH_MODULE(ConvBNAct);

// Squeeze-and-excitation. `use_conv` picks torchvision's 1x1-convolution
// form; otherwise two Linears on the pooled vector (timm's older form).
struct SqueezeExcitationImpl : torch::nn::Module {
  SqueezeExcitationImpl(int64_t channels, int64_t squeeze_channels,
                        bool use_conv);
  torch::Tensor forward(const torch::Tensor &x);

  torch::nn::Linear fc1{nullptr}, fc2{nullptr};
  torch::nn::Conv2d conv_reduce{nullptr}, conv_expand{nullptr};
};
TORCH_MODULE(SqueezeExcitation);

struct MBConvConfig {
  int64_t expand_ratio;
  int64_t kernel;
  int64_t stride;
  int64_t input_channels;
  int64_t out_channels;
  int64_t num_layers;
};

struct MBConvImpl : torch::nn::Module {
  MBConvImpl(const MBConvConfig &cnf, double stochastic_depth_prob,
             bool se_conv);
  torch::Tensor forward(torch::Tensor x);

  bool use_res_connect;
  double stochastic_depth_prob;
  ConvBNAct expand{nullptr};
  ConvBNAct depthwise{nullptr};
  SqueezeExcitation se{nullptr};
  torch::nn::Conv2d project_conv{nullptr};
  torch::nn::BatchNorm2d project_bn{nullptr};
};
TORCH_MODULE(MBConv);

class EfficientNetImpl : public torch::nn::Module {
public:
  EfficientNetImpl(const std::vector<MBConvConfig> &settings,
                   double dropout, int64_t num_classes,
                   double stochastic_depth_prob = 0.2);
  torch::Tensor forward(torch::Tensor x);

private:
  torch::nn::Sequential features{nullptr};
  torch::nn::Dropout dropout{nullptr};
  torch::nn::Linear classifier{nullptr};
};
TORCH_MODULE(EfficientNet);

// Randomly drops whole residual branches (per sample) during training.
torch::Tensor stochastic_depth(const torch::Tensor &input, double p,
                               bool training);

std::vector<MBConvConfig> tiny_b0_settings();

} // namespace effnet
