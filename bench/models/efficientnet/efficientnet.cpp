// Definitions for the EfficientNet declared in efficientnet.h.
#include "efficientnet.h"

#include <algorithm>

namespace effnet {

namespace nn = torch::nn;
namespace F = torch::nn::functional;

ConvBNActImpl::ConvBNActImpl(int64_t in_ch, int64_t out_ch,
                             int64_t kernel_size, int64_t stride,
                             int64_t groups, bool activation)
    : activation(activation) {
  conv = register_module(
      "conv", nn::Conv2d(nn::Conv2dOptions(in_ch, out_ch, kernel_size)
                             .stride(stride)
                             .padding((kernel_size - 1) / 2)
                             .groups(groups)
                             .bias(false)));
  bn = register_module(
      "bn", nn::BatchNorm2d(nn::BatchNormOptions(out_ch).eps(1e-3).momentum(0.01)));
}

torch::Tensor ConvBNActImpl::forward(torch::Tensor x) {
  x = conv->forward(x);
  x = bn->forward(x);
  return activation ? torch::silu(x) : x;
}

SqueezeExcitationImpl::SqueezeExcitationImpl(int64_t channels,
                                             int64_t squeeze_channels,
                                             bool use_conv) {
  if (use_conv) {
    conv_reduce = register_module(
        "conv_reduce", nn::Conv2d(nn::Conv2dOptions(channels, squeeze_channels, 1)));
    conv_expand = register_module(
        "conv_expand", nn::Conv2d(nn::Conv2dOptions(squeeze_channels, channels, 1)));
  } else {
    fc1 = register_module("fc1", nn::Linear(channels, squeeze_channels));
    fc2 = register_module("fc2", nn::Linear(squeeze_channels, channels));
  }
}

torch::Tensor SqueezeExcitationImpl::forward(const torch::Tensor &x) {
  if (!conv_reduce.is_empty()) {
    // 1x1 convolution -> SiLU: not a site (no BatchNorm, not a Linear).
    auto scale = F::adaptive_avg_pool2d(x, F::AdaptiveAvgPool2dFuncOptions(1));
    scale = F::silu(conv_reduce(scale));
    scale = torch::sigmoid(conv_expand(scale));
    return x * scale;
  }
  auto s = x.mean({2, 3});
  s = fc1->forward(s);
  s = torch::silu(s);
  s = fc2->forward(s).sigmoid();
  return x * s.unsqueeze(-1).unsqueeze(-1);
}

torch::Tensor stochastic_depth(const torch::Tensor &input, double p,
                               bool training) {
  if (!training || p == 0.0) {
    return input;
  }
  const double survival_rate = 1.0 - p;
  auto noise = torch::empty({input.size(0), 1, 1, 1}, input.options())
                   .bernoulli_(survival_rate);
  return input * noise.div_(survival_rate);
}

MBConvImpl::MBConvImpl(const MBConvConfig &cnf, double stochastic_depth_prob,
                       bool se_conv)
    : use_res_connect(cnf.stride == 1 &&
                      cnf.input_channels == cnf.out_channels),
      stochastic_depth_prob(stochastic_depth_prob) {
  const int64_t expanded = cnf.input_channels * cnf.expand_ratio;
  if (expanded != cnf.input_channels) {
    expand = register_module(
        "expand", ConvBNAct(cnf.input_channels, expanded, 1));
  }
  depthwise = register_module(
      "depthwise",
      ConvBNAct(expanded, expanded, cnf.kernel, cnf.stride, /*groups=*/expanded));
  const int64_t squeeze = std::max<int64_t>(1, cnf.input_channels / 4);
  se = register_module("se", SqueezeExcitation(expanded, squeeze, se_conv));
  project_conv = register_module(
      "project_conv",
      nn::Conv2d(nn::Conv2dOptions(expanded, cnf.out_channels, 1).bias(false)));
  project_bn = register_module("project_bn", nn::BatchNorm2d(cnf.out_channels));
}

torch::Tensor MBConvImpl::forward(torch::Tensor x) {
  auto result = x;
  if (!expand.is_empty()) {
    result = expand(result);
  }
  result = depthwise(result);
  result = se(result);
  // Projection: conv -> bn with no activation (linear bottleneck).
  result = project_bn(project_conv(result));
  if (use_res_connect) {
    result = stochastic_depth(result, stochastic_depth_prob, is_training());
    result += x;
  }
  return result;
}

std::vector<MBConvConfig> tiny_b0_settings() {
  // expand, kernel, stride, in, out, layers
  return {
      {1, 3, 1, 16, 8, 1},
      {6, 3, 2, 8, 12, 2},
      {6, 5, 2, 12, 20, 2},
      {6, 3, 1, 20, 24, 1},
  };
}

EfficientNetImpl::EfficientNetImpl(const std::vector<MBConvConfig> &settings,
                                   double dropout_p, int64_t num_classes,
                                   double stochastic_depth_prob) {
  features = nn::Sequential();
  // Stem
  features->push_back(ConvBNAct(3, settings.front().input_channels, 3, 1));

  int64_t total_blocks = 0;
  for (const auto &cnf : settings) {
    total_blocks += cnf.num_layers;
  }
  int64_t block_id = 0;
  for (size_t stage = 0; stage < settings.size(); ++stage) {
    for (int64_t i = 0; i < settings[stage].num_layers; ++i) {
      MBConvConfig block_cnf = settings[stage];
      if (i > 0) {
        block_cnf.input_channels = block_cnf.out_channels;
        block_cnf.stride = 1;
      }
      const double sd_prob = stochastic_depth_prob *
                             static_cast<double>(block_id) /
                             static_cast<double>(total_blocks);
      // The later stages use the 1x1-convolution squeeze-and-excitation.
      features->push_back(MBConv(block_cnf, sd_prob, /*se_conv=*/stage >= 2));
      ++block_id;
    }
  }
  // Head
  const int64_t last_in = settings.back().out_channels;
  features->push_back(ConvBNAct(last_in, 4 * last_in, 1));
  register_module("features", features);

  dropout = register_module("dropout", nn::Dropout(nn::DropoutOptions(dropout_p)));
  classifier = register_module("classifier", nn::Linear(4 * last_in, num_classes));
}

torch::Tensor EfficientNetImpl::forward(torch::Tensor x) {
  x = features->forward(x);
  x = F::adaptive_avg_pool2d(x, F::AdaptiveAvgPool2dFuncOptions(1));
  x = torch::flatten(x, 1);
  x = dropout(x);
  return classifier(x);
}

} // namespace effnet
