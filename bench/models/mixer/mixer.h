// A small MLP-Mixer (Tolstikhin et al. 2021), after the reference Flax code
// (google-research/vision_transformer, models_mixer.py): per-patch linear
// embedding, then blocks of token-mixing and channel-mixing MLPs, each
// Linear -> GELU -> Linear, with pre-LayerNorm and residual connections.
#pragma once

#include <torch/torch.h>

#include <cstdint>

namespace mixer {

struct MixerConfig {
  int64_t image_size = 16;
  int64_t patch_size = 4;
  int64_t in_chans = 3;
  int64_t hidden_dim = 32;
  int64_t tokens_mlp_dim = 16;
  int64_t channels_mlp_dim = 64;
  int64_t num_blocks = 2;
  int64_t num_classes = 5;
};

// Linear -> GELU -> Linear over the last dimension.
struct MlpBlockImpl : torch::nn::Module {
  MlpBlockImpl(int64_t dim, int64_t mlp_dim);
  torch::Tensor forward(const torch::Tensor &x);

  torch::nn::Sequential net{nullptr};
};
TORCH_MODULE(MlpBlock);

struct MixerBlockImpl : torch::nn::Module {
  MixerBlockImpl(const MixerConfig &cfg, int64_t num_tokens);
  // x: (B, tokens, channels)
  torch::Tensor forward(torch::Tensor x);

  torch::nn::LayerNorm norm1{nullptr}, norm2{nullptr};
  MlpBlock token_mixing{nullptr}, channel_mixing{nullptr};
};
TORCH_MODULE(MixerBlock);

struct MlpMixerImpl : torch::nn::Module {
  explicit MlpMixerImpl(const MixerConfig &cfg);
  // images (B, C, H, W) -> logits (B, num_classes)
  torch::Tensor forward(torch::Tensor x);

  torch::nn::Conv2d stem{nullptr};
  torch::nn::ModuleList blocks;
  torch::nn::LayerNorm pre_head_layer_norm{nullptr};
  torch::nn::Linear head{nullptr};
};
TORCH_MODULE(MlpMixer);

} // namespace mixer
