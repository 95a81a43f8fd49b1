// A small Vision Transformer (ViT, Dosovitskiy et al. 2020) in the layout of
// timm's vision_transformer.py: Conv2d patch embedding, class token, learned
// position embeddings, pre-LayerNorm encoder blocks with hand-written
// multi-head attention (torch::bmm on heads folded into the batch) and a
// GELU MLP.
#pragma once

#include <torch/torch.h>

#include <cstdint>

struct ViTConfig {
  int64_t image_size = 16;
  int64_t patch_size = 4;
  int64_t in_chans = 3;
  int64_t num_classes = 10;
  int64_t embed_dim = 48;
  int64_t depth = 2;
  int64_t num_heads = 3;
  double mlp_ratio = 2.0;
  bool qkv_bias = true;
  double drop_rate = 0.1;
  double attn_drop_rate = 0.0;
  bool standardize_input = true;
};

// Per-pixel standardisation of an image batch across its channels (dim 1).
torch::Tensor standardize_channels(const torch::Tensor &img, double eps = 1e-5);

struct PatchEmbedImpl : torch::nn::Module {
  explicit PatchEmbedImpl(const ViTConfig &cfg);
  // (B, C, H, W) -> (B, num_patches, embed_dim)
  torch::Tensor forward(torch::Tensor x);

  torch::nn::Conv2d proj{nullptr};
  int64_t num_patches;
};
TORCH_MODULE(PatchEmbed);

struct AttentionImpl : torch::nn::Module {
  explicit AttentionImpl(const ViTConfig &cfg);
  torch::Tensor forward(const torch::Tensor &x);

  int64_t num_heads;
  int64_t head_dim;
  double scale;
  torch::nn::Linear qkv{nullptr};
  torch::nn::Dropout attn_drop{nullptr};
  torch::nn::Linear proj{nullptr};
  torch::nn::Dropout proj_drop{nullptr};
};
TORCH_MODULE(Attention);

struct MlpImpl : torch::nn::Module {
  MlpImpl(int64_t in_features, int64_t hidden_features, double drop);
  torch::Tensor forward(torch::Tensor x);

  torch::nn::Linear fc1;
  torch::nn::GELU act;
  torch::nn::Linear fc2;
  torch::nn::Dropout drop;
};
TORCH_MODULE(Mlp);

struct BlockImpl : torch::nn::Module {
  explicit BlockImpl(const ViTConfig &cfg);
  torch::Tensor forward(torch::Tensor x);

  torch::nn::LayerNorm norm1{nullptr};
  Attention attn{nullptr};
  torch::nn::LayerNorm norm2{nullptr};
  Mlp mlp{nullptr};
};
TORCH_MODULE(Block);

struct VisionTransformerImpl : torch::nn::Module {
  explicit VisionTransformerImpl(const ViTConfig &cfg);
  // (B, C, H, W) -> logits (B, num_classes)
  torch::Tensor forward(torch::Tensor x);

  ViTConfig cfg;
  PatchEmbed patch_embed{nullptr};
  torch::Tensor cls_token;
  torch::Tensor pos_embed;
  torch::nn::Dropout pos_drop{nullptr};
  torch::nn::ModuleList blocks;
  torch::nn::LayerNorm norm{nullptr};
  torch::nn::Sequential pre_logits{nullptr};
  torch::nn::Linear head{nullptr};
};
TORCH_MODULE(VisionTransformer);
