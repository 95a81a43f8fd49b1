// WaveNet (van den Oord et al. 2016): a stack of dilated causal Conv1d
// layers with gated tanh * sigmoid activations, residual and skip
// connections, over mu-law quantised audio. Sizes are tiny.
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <utility>

namespace wavenet {

struct WaveNetConfig {
  int64_t quantization_channels = 32;
  int64_t residual_channels = 16;
  int64_t dilation_channels = 16;
  int64_t skip_channels = 32;
  int64_t layers_per_stack = 4;  // dilations 1, 2, 4, 8
  int64_t stacks = 2;
  int64_t global_cond_dim = 4;  // speaker embedding size, 0 = none
};

// Conv1d padded on the left only, so that output t sees inputs <= t.
class CausalConv1dImpl : public torch::nn::Module {
public:
  CausalConv1dImpl(int64_t in_ch, int64_t out_ch, int64_t kernel_size,
                   int64_t dilation = 1);
  torch::Tensor forward(const torch::Tensor &x);

private:
  int64_t left_pad_;
  torch::nn::Conv1d conv_{nullptr};
};
TORCH_MODULE(CausalConv1d);

// One gated residual layer. Returns (residual output, skip contribution).
class ResidualLayerImpl : public torch::nn::Module {
public:
  ResidualLayerImpl(const WaveNetConfig &cfg, int64_t dilation);
  std::pair<torch::Tensor, torch::Tensor> forward(const torch::Tensor &x,
                                                  const torch::Tensor &g);

private:
  CausalConv1d dilated{nullptr};
  torch::nn::Linear cond_proj{nullptr};
  torch::nn::Conv1d res_conv{nullptr};
  torch::nn::Conv1d skip_conv{nullptr};
};
TORCH_MODULE(ResidualLayer);

class WaveNetImpl : public torch::nn::Module {
public:
  explicit WaveNetImpl(const WaveNetConfig &cfg);
  // x: (batch, quantization_channels, time) one-hot; g: (batch, cond dim).
  torch::Tensor forward(torch::Tensor x, const torch::Tensor &g);

  int64_t receptive_field() const { return receptive_field_; }

private:
  int64_t receptive_field_ = 1;
  CausalConv1d causal{nullptr};
  torch::nn::ModuleList layers;
  torch::nn::Conv1d post1{nullptr}, post2{nullptr};
};
TORCH_MODULE(WaveNet);

// mu-law companding of a signal in [-1, 1] to integer classes.
torch::Tensor mu_law_encode(const torch::Tensor &audio, int64_t channels);

} // namespace wavenet
