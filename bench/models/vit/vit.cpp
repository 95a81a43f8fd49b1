// Definitions for the Vision Transformer declared in vit.h.
#include "vit.h"

#include <cmath>

torch::Tensor standardize_channels(const torch::Tensor &img, double eps) {
  // Deliberate look-alike, not a layernorm-manual: mean and variance are
  // taken over the channel dimension (dim 1 of NCHW), not the last one.
  auto mu = img.mean(1, /*keepdim=*/true);
  auto var = (img - mu).pow(2).mean(1, /*keepdim=*/true);
  return (img - mu) / torch::sqrt(var + eps);
}

PatchEmbedImpl::PatchEmbedImpl(const ViTConfig &cfg)
    : num_patches((cfg.image_size / cfg.patch_size) *
                  (cfg.image_size / cfg.patch_size)) {
  proj = register_module(
      "proj", torch::nn::Conv2d(torch::nn::Conv2dOptions(
                                    cfg.in_chans, cfg.embed_dim, cfg.patch_size)
                                    .stride(cfg.patch_size)));
}

torch::Tensor PatchEmbedImpl::forward(torch::Tensor x) {
  x = proj(x);                         // (B, D, H/p, W/p)
  return x.flatten(2).transpose(1, 2); // (B, N, D)
}

AttentionImpl::AttentionImpl(const ViTConfig &cfg)
    : num_heads(cfg.num_heads), head_dim(cfg.embed_dim / cfg.num_heads),
      scale(1.0 /
            std::sqrt(static_cast<double>(cfg.embed_dim / cfg.num_heads))) {
  qkv = register_module(
      "qkv", torch::nn::Linear(
                 torch::nn::LinearOptions(cfg.embed_dim, cfg.embed_dim * 3)
                     .bias(cfg.qkv_bias)));
  attn_drop =
      register_module("attn_drop", torch::nn::Dropout(cfg.attn_drop_rate));
  proj =
      register_module("proj", torch::nn::Linear(cfg.embed_dim, cfg.embed_dim));
  proj_drop = register_module("proj_drop", torch::nn::Dropout(cfg.drop_rate));
}

torch::Tensor AttentionImpl::forward(const torch::Tensor &x) {
  const auto B = x.size(0), N = x.size(1), C = x.size(2);
  auto qkv_out = qkv(x)
                     .reshape({B, N, 3, num_heads, head_dim})
                     .permute({2, 0, 3, 1, 4}); // (3, B, H, N, hd)
  // Fold the heads into the batch dimension so that bmm applies.
  auto q = qkv_out[0].reshape({B * num_heads, N, head_dim});
  auto k = qkv_out[1].reshape({B * num_heads, N, head_dim});
  auto v = qkv_out[2].reshape({B * num_heads, N, head_dim});

  auto attn = torch::bmm(q, k.transpose(1, 2)) * scale; // (B*H, N, N)
  attn = attn.softmax(-1);
  attn = attn_drop(attn);

  auto out = torch::bmm(attn, v); // (B*H, N, hd)
  out =
      out.view({B, num_heads, N, head_dim}).transpose(1, 2).reshape({B, N, C});
  out = proj(out);
  out = proj_drop(out);
  return out;
}

MlpImpl::MlpImpl(int64_t in_features, int64_t hidden_features, double drop)
    : fc1(register_module("fc1",
                          torch::nn::Linear(in_features, hidden_features))),
      act(register_module("act", torch::nn::GELU())),
      fc2(register_module("fc2",
                          torch::nn::Linear(hidden_features, in_features))),
      drop(register_module("drop", torch::nn::Dropout(drop))) {}

torch::Tensor MlpImpl::forward(torch::Tensor x) {
  x = fc1(x);
  x = act(x);
  x = drop(x);
  x = fc2(x);
  x = drop(x);
  return x;
}

BlockImpl::BlockImpl(const ViTConfig &cfg) {
  auto ln_opts = torch::nn::LayerNormOptions({cfg.embed_dim}).eps(1e-6);
  norm1 = register_module("norm1", torch::nn::LayerNorm(ln_opts));
  attn = register_module("attn", Attention(cfg));
  norm2 = register_module("norm2", torch::nn::LayerNorm(ln_opts));
  mlp = register_module("mlp",
                        Mlp(cfg.embed_dim,
                            static_cast<int64_t>(cfg.embed_dim * cfg.mlp_ratio),
                            cfg.drop_rate));
}

torch::Tensor BlockImpl::forward(torch::Tensor x) {
  x = x + attn(norm1(x));
  x = x + mlp(norm2(x));
  return x;
}

VisionTransformerImpl::VisionTransformerImpl(const ViTConfig &cfg_)
    : cfg(cfg_) {
  patch_embed = register_module("patch_embed", PatchEmbed(cfg));
  const int64_t num_patches = patch_embed->num_patches;
  cls_token =
      register_parameter("cls_token", torch::zeros({1, 1, cfg.embed_dim}));
  pos_embed = register_parameter(
      "pos_embed", torch::randn({1, num_patches + 1, cfg.embed_dim}) * 0.02);
  pos_drop = register_module("pos_drop", torch::nn::Dropout(cfg.drop_rate));

  for (int64_t i = 0; i < cfg.depth; ++i) {
    blocks->push_back(Block(cfg));
  }
  register_module("blocks", blocks);

  norm = register_module(
      "norm", torch::nn::LayerNorm(
                  torch::nn::LayerNormOptions({cfg.embed_dim}).eps(1e-6)));
  // The "representation layer" of the original ViT: Linear + Tanh.
  pre_logits = register_module(
      "pre_logits",
      torch::nn::Sequential(torch::nn::Linear(cfg.embed_dim, cfg.embed_dim),
                            torch::nn::Tanh()));
  head = register_module("head",
                         torch::nn::Linear(cfg.embed_dim, cfg.num_classes));
}

torch::Tensor VisionTransformerImpl::forward(torch::Tensor x) {
  if (cfg.standardize_input) {
    x = standardize_channels(x);
  }
  x = patch_embed(x);
  auto cls = cls_token.expand({x.size(0), -1, -1});
  x = torch::cat({cls, x}, /*dim=*/1);
  x = pos_drop(x + pos_embed);

  for (auto &blk : *blocks) {
    x = blk->as<Block>()->forward(x);
  }
  x = norm(x);
  auto cls_out = x.select(1, 0);
  return head(pre_logits->forward(cls_out));
}
