// Definitions for the WaveNet declared in wavenet.h.
#include "wavenet.h"

#include <cmath>

namespace wavenet {

namespace F = torch::nn::functional;

CausalConv1dImpl::CausalConv1dImpl(int64_t in_ch, int64_t out_ch,
                                   int64_t kernel_size, int64_t dilation)
    : left_pad_((kernel_size - 1) * dilation) {
  conv_ = register_module(
      "conv", torch::nn::Conv1d(torch::nn::Conv1dOptions(in_ch, out_ch, kernel_size)
                                    .dilation(dilation)));
}

torch::Tensor CausalConv1dImpl::forward(const torch::Tensor &x) {
  auto padded = F::pad(x, F::PadFuncOptions({left_pad_, 0}));
  return conv_(padded);
}

ResidualLayerImpl::ResidualLayerImpl(const WaveNetConfig &cfg,
                                     int64_t dilation) {
  // One convolution computes the filter and the gate halves together.
  dilated = register_module(
      "dilated", CausalConv1d(cfg.residual_channels, 2 * cfg.dilation_channels,
                              /*kernel_size=*/2, dilation));
  if (cfg.global_cond_dim > 0) {
    cond_proj = register_module(
        "cond_proj",
        torch::nn::Linear(cfg.global_cond_dim, 2 * cfg.dilation_channels));
  }
  res_conv = register_module(
      "res_conv", torch::nn::Conv1d(cfg.dilation_channels, cfg.residual_channels, 1));
  skip_conv = register_module(
      "skip_conv", torch::nn::Conv1d(cfg.dilation_channels, cfg.skip_channels, 1));
}

std::pair<torch::Tensor, torch::Tensor>
ResidualLayerImpl::forward(const torch::Tensor &x, const torch::Tensor &g) {
  auto h = dilated(x);
  if (!cond_proj.is_empty() && g.defined()) {
    h = h + cond_proj(g).unsqueeze(-1);
  }
  auto parts = h.chunk(2, /*dim=*/1);
  // Gated activation unit, tanh(filter) * sigmoid(gate): not in the catalog
  // (and not swiglu: no SiLU, no Linears on the same input).
  auto z = torch::tanh(parts[0]) * torch::sigmoid(parts[1]);
  auto skip = skip_conv(z);
  auto residual = res_conv(z) + x;
  return {residual, skip};
}

WaveNetImpl::WaveNetImpl(const WaveNetConfig &cfg) {
  causal = register_module(
      "causal", CausalConv1d(cfg.quantization_channels, cfg.residual_channels, 2));
  receptive_field_ = 2;
  for (int64_t s = 0; s < cfg.stacks; ++s) {
    for (int64_t i = 0; i < cfg.layers_per_stack; ++i) {
      const int64_t dilation = int64_t{1} << i;
      layers->push_back(ResidualLayer(cfg, dilation));
      receptive_field_ += dilation;
    }
  }
  register_module("layers", layers);
  post1 = register_module(
      "post1", torch::nn::Conv1d(cfg.skip_channels, cfg.skip_channels, 1));
  post2 = register_module(
      "post2",
      torch::nn::Conv1d(cfg.skip_channels, cfg.quantization_channels, 1));
}

torch::Tensor WaveNetImpl::forward(torch::Tensor x, const torch::Tensor &g) {
  x = causal(x);
  torch::Tensor skips;
  for (const auto &module : *layers) {
    auto [residual, skip] = module->as<ResidualLayer>()->forward(x, g);
    x = residual;
    skips = skips.defined() ? skips + skip : skip;
  }
  // relu -> 1x1 conv -> relu -> 1x1 conv: conv then ReLU is not a rule.
  auto out = torch::relu(skips);
  out = torch::relu(post1(out));
  return post2(out);
}

torch::Tensor mu_law_encode(const torch::Tensor &audio, int64_t channels) {
  const double mu = static_cast<double>(channels - 1);
  auto safe = torch::clamp(audio, -1.0, 1.0);
  auto magnitude = torch::log1p(mu * torch::abs(safe)) / std::log1p(mu);
  auto signal = torch::sign(safe) * magnitude;
  return ((signal + 1) / 2 * mu + 0.5).to(torch::kLong);
}

} // namespace wavenet
