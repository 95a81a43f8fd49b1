// Definitions for the RetNet-style decoder declared in retnet_like.h.
#include "retnet_like.h"

#include <cmath>
#include <limits>

namespace F = torch::nn::functional;

MultiScaleRetentionImpl::MultiScaleRetentionImpl(const RetNetConfig &cfg)
    : heads(cfg.heads), head_dim(cfg.dim / cfg.heads), eps(cfg.norm_eps) {
  auto no_bias = torch::nn::LinearOptions(cfg.dim, cfg.dim).bias(false);
  q_proj = register_module("q_proj", torch::nn::Linear(no_bias));
  k_proj = register_module("k_proj", torch::nn::Linear(no_bias));
  v_proj = register_module("v_proj", torch::nn::Linear(no_bias));
  g_proj = register_module("g_proj", torch::nn::Linear(cfg.dim, cfg.dim));
  out_proj = register_module("out_proj", torch::nn::Linear(no_bias));
  // gamma_h = 1 - 2^(-5 - h): one decay rate per head.
  auto gamma =
      1.0 - torch::pow(2.0, -5.0 - torch::arange(cfg.heads, torch::kFloat));
  log_gamma = register_buffer("log_gamma", torch::log(gamma));
}

torch::Tensor MultiScaleRetentionImpl::decay_matrix(int64_t T) const {
  auto idx = torch::arange(T, torch::kFloat);
  auto diff = idx.unsqueeze(1) - idx.unsqueeze(0); // n - m
  auto decay = torch::exp(diff.unsqueeze(0) * log_gamma.view({-1, 1, 1}));
  return decay.masked_fill(diff.lt(0).unsqueeze(0), 0.0);
}

torch::Tensor MultiScaleRetentionImpl::forward(const torch::Tensor &x) {
  const int64_t B = x.size(0), T = x.size(1), C = x.size(2);
  auto q = q_proj(x).view({B, T, heads, head_dim}).transpose(1, 2);
  auto k = k_proj(x).view({B, T, heads, head_dim}).transpose(1, 2);
  auto v = v_proj(x).view({B, T, heads, head_dim}).transpose(1, 2);
  k = k * std::pow(static_cast<double>(head_dim), -0.5);

  // Retention: the decay matrix replaces the softmax, so this is not an
  // attention site (no softmax between the two products).
  auto retention = torch::matmul(q, k.transpose(-1, -2));
  retention = retention * decay_matrix(T);
  auto out = torch::matmul(retention, v); // (B, H, T, hd)

  // Group norm with one group per head, written out over head_dim.
  auto mean = out.mean(-1, /*keepdim=*/true);
  auto centered = out - mean;
  auto var = centered.pow(2).mean(-1, /*keepdim=*/true);
  out = centered / torch::sqrt(var + eps);

  out = out.transpose(1, 2).reshape({B, T, C});
  auto gate = F::silu(g_proj(x));
  return out_proj(gate * out);
}

torch::Tensor MultiScaleRetentionImpl::attention_map(const torch::Tensor &x) {
  const int64_t B = x.size(0), T = x.size(1);
  auto q = q_proj(x).view({B, T, heads, head_dim}).transpose(1, 2);
  auto k = k_proj(x).view({B, T, heads, head_dim}).transpose(1, 2);
  auto scores = torch::matmul(q, k.transpose(-1, -2)) /
                std::sqrt(static_cast<double>(head_dim));
  auto future = torch::ones({T, T}, torch::kBool).triu(/*diagonal=*/1);
  scores = scores.masked_fill(future, -std::numeric_limits<float>::infinity());
  // The weights are the result: no product with v follows.
  return torch::softmax(scores, -1);
}

RetNetBlockImpl::RetNetBlockImpl(const RetNetConfig &cfg) {
  ln1 = register_module(
      "ln1", torch::nn::LayerNorm(torch::nn::LayerNormOptions({cfg.dim})));
  retention = register_module("retention", MultiScaleRetention(cfg));
  ln2 = register_module(
      "ln2", torch::nn::LayerNorm(torch::nn::LayerNormOptions({cfg.dim})));
  fc1 = register_module("fc1", torch::nn::Linear(cfg.dim, cfg.ffn_dim));
  fc2 = register_module("fc2", torch::nn::Linear(cfg.ffn_dim, cfg.dim));
  dropout = register_module("dropout", torch::nn::Dropout(cfg.dropout));
}

torch::Tensor RetNetBlockImpl::ffn(const torch::Tensor &x) {
  auto h = torch::gelu(fc1(x));
  return fc2(dropout(h));
}

torch::Tensor RetNetBlockImpl::forward(torch::Tensor x) {
  x = x + retention(ln1(x));
  x = x + ffn(ln2(x));
  return x;
}

RetNetImpl::RetNetImpl(const RetNetConfig &cfg) {
  embed =
      register_module("embed", torch::nn::Embedding(cfg.vocab_size, cfg.dim));
  for (int64_t i = 0; i < cfg.layers; ++i) {
    blocks->push_back(RetNetBlock(cfg));
  }
  register_module("blocks", blocks);
  ln_f = register_module(
      "ln_f", torch::nn::LayerNorm(torch::nn::LayerNormOptions({cfg.dim})));
  lm_head = register_module(
      "lm_head",
      torch::nn::Linear(
          torch::nn::LinearOptions(cfg.dim, cfg.vocab_size).bias(false)));
}

torch::Tensor RetNetImpl::forward(const torch::Tensor &ids) {
  auto x = embed(ids);
  for (const auto &block : *blocks) {
    x = block->as<RetNetBlock>()->forward(x);
  }
  return lm_head(ln_f(x));
}

torch::Tensor RetNetImpl::visualize(const torch::Tensor &ids, int64_t layer) {
  torch::NoGradGuard no_grad;
  auto x = embed(ids);
  for (int64_t i = 0; i < layer; ++i) {
    x = blocks[i]->as<RetNetBlock>()->forward(x);
  }
  auto *block = blocks[layer]->as<RetNetBlock>();
  return block->retention->attention_map(block->ln1(x));
}
