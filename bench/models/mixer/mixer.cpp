// Definitions for the MLP-Mixer declared in mixer.h.
#include "mixer.h"

using namespace torch;

namespace mixer {

MlpBlockImpl::MlpBlockImpl(int64_t dim, int64_t mlp_dim) {
  net = register_module("net",
                        nn::Sequential(nn::Linear(dim, mlp_dim), nn::GELU(),
                                       nn::Linear(mlp_dim, dim)));
}

Tensor MlpBlockImpl::forward(const Tensor &x) { return net->forward(x); }

MixerBlockImpl::MixerBlockImpl(const MixerConfig &cfg, int64_t num_tokens)
    : norm1(register_module(
          "norm1", nn::LayerNorm(nn::LayerNormOptions({cfg.hidden_dim})))),
      norm2(register_module(
          "norm2", nn::LayerNorm(nn::LayerNormOptions({cfg.hidden_dim})))),
      token_mixing(register_module("token_mixing",
                                   MlpBlock(num_tokens, cfg.tokens_mlp_dim))),
      channel_mixing(register_module(
          "channel_mixing", MlpBlock(cfg.hidden_dim, cfg.channels_mlp_dim))) {}

Tensor MixerBlockImpl::forward(Tensor x) {
  // Token mixing: the MLP runs across patches, so transpose to (B, C, N).
  auto y = norm1(x).transpose(1, 2);
  y = token_mixing(y).transpose(1, 2);
  x = x + y;
  // Channel mixing.
  y = norm2(x);
  y = channel_mixing(y);
  return x + y;
}

MlpMixerImpl::MlpMixerImpl(const MixerConfig &cfg) {
  stem = register_module(
      "stem",
      nn::Conv2d(nn::Conv2dOptions(cfg.in_chans, cfg.hidden_dim, cfg.patch_size)
                     .stride(cfg.patch_size)));
  const int64_t grid = cfg.image_size / cfg.patch_size;
  for (int64_t i = 0; i < cfg.num_blocks; ++i) {
    blocks->push_back(MixerBlock(cfg, grid * grid));
  }
  register_module("blocks", blocks);
  pre_head_layer_norm =
      register_module("pre_head_layer_norm",
                      nn::LayerNorm(nn::LayerNormOptions({cfg.hidden_dim})));
  head = register_module("head", nn::Linear(cfg.hidden_dim, cfg.num_classes));
  // The reference implementation zero-initialises the classifier.
  NoGradGuard no_grad;
  head->weight.zero_();
  head->bias.zero_();
}

Tensor MlpMixerImpl::forward(Tensor x) {
  x = stem(x);                      // (B, C, H/p, W/p)
  x = x.flatten(2).transpose(1, 2); // (B, N, C)
  for (const auto &block : *blocks) {
    x = block->as<MixerBlock>()->forward(x);
  }
  x = pre_head_layer_norm(x);
  x = x.mean(/*dim=*/1); // global average pooling over tokens
  return head(x);
}

} // namespace mixer
