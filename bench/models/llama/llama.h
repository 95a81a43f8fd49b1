// A small LLaMA-style decoder (Meta's llama/model.py ported to LibTorch):
// RMSNorm written out by hand, rotary position embeddings, SwiGLU feed-forward
// with separate gate/up projections, pre-norm residual blocks, no biases.
//
// Declarations only; see llama.cpp.
#pragma once

#include <torch/torch.h>

#include <cstdint>

namespace llama {

struct ModelArgs {
  int64_t dim = 64;
  int64_t n_layers = 2;
  int64_t n_heads = 4;
  int64_t vocab_size = 100;
  int64_t hidden_dim = 172; // SwiGLU width (2/3 * 4 * dim, rounded)
  int64_t max_seq_len = 32;
  double norm_eps = 1e-6;
  double rope_theta = 10000.0;
};

// x * rsqrt(mean(x^2) + eps) * weight, over the last dimension.
class RMSNormImpl : public torch::nn::Module {
public:
  RMSNormImpl(int64_t dim, double eps);
  torch::Tensor forward(const torch::Tensor &x);

private:
  double eps_;
  torch::Tensor weight_;
};
TORCH_MODULE(RMSNorm);

// Rotates pairs of features of q or k by position-dependent angles.
// x: (B, T, H, D); cos, sin: (T, D/2).
torch::Tensor apply_rotary_emb(const torch::Tensor &x, const torch::Tensor &cos,
                               const torch::Tensor &sin);

class AttentionImpl : public torch::nn::Module {
public:
  explicit AttentionImpl(const ModelArgs &args);
  torch::Tensor forward(const torch::Tensor &x, const torch::Tensor &cos,
                        const torch::Tensor &sin, const torch::Tensor &mask);

private:
  int64_t n_heads_;
  int64_t head_dim_;
  torch::nn::Linear wq{nullptr}, wk{nullptr}, wv{nullptr}, wo{nullptr};
};
TORCH_MODULE(Attention);

// w2(silu(w1(x)) * w3(x))
class FeedForwardImpl : public torch::nn::Module {
public:
  FeedForwardImpl(int64_t dim, int64_t hidden_dim);
  torch::Tensor forward(const torch::Tensor &x);

private:
  torch::nn::Linear w1, w2, w3;
};
TORCH_MODULE(FeedForward);

class TransformerBlockImpl : public torch::nn::Module {
public:
  explicit TransformerBlockImpl(const ModelArgs &args);
  torch::Tensor forward(const torch::Tensor &x, const torch::Tensor &cos,
                        const torch::Tensor &sin, const torch::Tensor &mask);

private:
  Attention attention{nullptr};
  FeedForward feed_forward{nullptr};
  RMSNorm attention_norm{nullptr};
  RMSNorm ffn_norm{nullptr};
};
TORCH_MODULE(TransformerBlock);

class TransformerImpl : public torch::nn::Module {
public:
  explicit TransformerImpl(const ModelArgs &args);

  // tokens: (B, T) int64 -> logits (B, T, vocab_size)
  torch::Tensor forward(const torch::Tensor &tokens);

  // Samples one next token per row from the logits of the last position.
  torch::Tensor sample_next(const torch::Tensor &tokens, double temperature);

private:
  ModelArgs args_;
  torch::nn::Embedding tok_embeddings{nullptr};
  torch::nn::ModuleList layers;
  RMSNorm norm{nullptr};
  torch::nn::Linear output{nullptr};
  torch::Tensor freqs_cos, freqs_sin; // buffers, (max_seq_len, head_dim / 2)
};
TORCH_MODULE(Transformer);

} // namespace llama
