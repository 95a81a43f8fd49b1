// A small RetNet-style decoder (Sun et al. 2023, "Retentive Network"):
// multi-scale retention replaces softmax attention, in its parallel form
// (q k^T * D) v with a causal exponential-decay matrix D per head, followed
// by a per-head normalisation and a swish output gate. For visualisation,
// the model can also return softmax attention maps computed from the same
// queries and keys.
#pragma once

#include <torch/torch.h>

#include <cstdint>

struct RetNetConfig {
  int64_t vocab_size = 64;
  int64_t dim = 48;
  int64_t heads = 3;
  int64_t layers = 2;
  int64_t ffn_dim = 96;
  double dropout = 0.1;
  double norm_eps = 1e-6;
};

struct MultiScaleRetentionImpl : torch::nn::Module {
  explicit MultiScaleRetentionImpl(const RetNetConfig &cfg);
  // x: (B, T, dim) -> (B, T, dim)
  torch::Tensor forward(const torch::Tensor &x);
  // Causal softmax attention weights (B, heads, T, T), for plots only.
  torch::Tensor attention_map(const torch::Tensor &x);
  // (heads, T, T): gamma_h^(n - m) for n >= m, 0 above the diagonal.
  torch::Tensor decay_matrix(int64_t T) const;

  int64_t heads, head_dim;
  double eps;
  torch::nn::Linear q_proj{nullptr}, k_proj{nullptr}, v_proj{nullptr};
  torch::nn::Linear g_proj{nullptr}, out_proj{nullptr};
  torch::Tensor log_gamma; // buffer, (heads)
};
TORCH_MODULE(MultiScaleRetention);

struct RetNetBlockImpl : torch::nn::Module {
  explicit RetNetBlockImpl(const RetNetConfig &cfg);
  torch::Tensor forward(torch::Tensor x);
  torch::Tensor ffn(const torch::Tensor &x);

  torch::nn::LayerNorm ln1{nullptr}, ln2{nullptr};
  MultiScaleRetention retention{nullptr};
  torch::nn::Linear fc1{nullptr}, fc2{nullptr};
  torch::nn::Dropout dropout{nullptr};
};
TORCH_MODULE(RetNetBlock);

struct RetNetImpl : torch::nn::Module {
  explicit RetNetImpl(const RetNetConfig &cfg);
  // ids (B, T) -> logits (B, T, vocab)
  torch::Tensor forward(const torch::Tensor &ids);
  // Softmax attention map of block `layer` for the given ids.
  torch::Tensor visualize(const torch::Tensor &ids, int64_t layer);

  torch::nn::Embedding embed{nullptr};
  torch::nn::ModuleList blocks;
  torch::nn::LayerNorm ln_f{nullptr};
  torch::nn::Linear lm_head{nullptr};
};
TORCH_MODULE(RetNet);
