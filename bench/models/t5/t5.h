// A small T5 encoder-decoder (Raffel et al. 2020), following HuggingFace's
// modeling_t5.py: RMS-style T5LayerNorm (no mean subtraction, no bias),
// unscaled attention with a learned relative position bias, ReLU
// feed-forward, pre-norm residual blocks, a shared embedding.
#pragma once

#include <torch/torch.h>

#include <cstdint>

namespace t5 {

struct T5Config {
  int64_t vocab_size = 64;
  int64_t d_model = 32;
  int64_t d_kv = 8;
  int64_t d_ff = 64;
  int64_t num_layers = 2;
  int64_t num_heads = 4;
  int64_t relative_attention_num_buckets = 8;
  int64_t relative_attention_max_distance = 16;
  double dropout_rate = 0.1;
  double layer_norm_epsilon = 1e-6;
};

struct T5LayerNormImpl : torch::nn::Module {
  T5LayerNormImpl(int64_t hidden_size, double eps);
  torch::Tensor forward(const torch::Tensor &hidden_states);

  torch::Tensor weight;
  double variance_epsilon;
};
TORCH_MODULE(T5LayerNorm);

// Self-attention: q, k and v all project the same hidden states.
struct T5SelfAttentionImpl : torch::nn::Module {
  explicit T5SelfAttentionImpl(const T5Config &config);
  torch::Tensor forward(const torch::Tensor &hidden_states,
                        const torch::Tensor &position_bias);

  int64_t n_heads, d_kv;
  double dropout;
  torch::nn::Linear q{nullptr}, k{nullptr}, v{nullptr}, o{nullptr};
};
TORCH_MODULE(T5SelfAttention);

// Cross-attention: q from the decoder, k and v from the encoder output.
struct T5CrossAttentionImpl : torch::nn::Module {
  explicit T5CrossAttentionImpl(const T5Config &config);
  torch::Tensor forward(const torch::Tensor &hidden_states,
                        const torch::Tensor &memory, const torch::Tensor &mask);

  int64_t n_heads, d_kv;
  double dropout;
  torch::nn::Linear q{nullptr}, k{nullptr}, v{nullptr}, o{nullptr};
};
TORCH_MODULE(T5CrossAttention);

struct T5DenseReluDenseImpl : torch::nn::Module {
  explicit T5DenseReluDenseImpl(const T5Config &config);
  torch::Tensor forward(const torch::Tensor &hidden_states);

  torch::nn::Linear wi{nullptr}, wo{nullptr};
  torch::nn::Dropout dropout{nullptr};
};
TORCH_MODULE(T5DenseReluDense);

struct T5BlockImpl : torch::nn::Module {
  T5BlockImpl(const T5Config &config, bool is_decoder);
  torch::Tensor forward(torch::Tensor hidden_states,
                        const torch::Tensor &position_bias,
                        const torch::Tensor &memory,
                        const torch::Tensor &cross_mask);

  bool is_decoder;
  T5LayerNorm ln_self{nullptr}, ln_cross{nullptr}, ln_ff{nullptr};
  T5SelfAttention self_attn{nullptr};
  T5CrossAttention cross_attn{nullptr};
  T5DenseReluDense ff{nullptr};
  torch::nn::Dropout dropout{nullptr};
};
TORCH_MODULE(T5Block);

struct T5StackImpl : torch::nn::Module {
  T5StackImpl(const T5Config &config, torch::nn::Embedding embed_tokens,
              bool is_decoder);
  // mask: additive (B, 1, 1, S) padding mask of the encoder input.
  torch::Tensor forward(const torch::Tensor &input_ids,
                        const torch::Tensor &mask, const torch::Tensor &memory);
  // (1, heads, qlen, klen) learned relative position bias.
  torch::Tensor compute_bias(int64_t qlen, int64_t klen);

  T5Config config;
  bool is_decoder;
  torch::nn::Embedding embed_tokens{nullptr};
  torch::nn::Embedding relative_attention_bias{nullptr};
  torch::nn::ModuleList block;
  T5LayerNorm final_layer_norm{nullptr};
  torch::nn::Dropout dropout{nullptr};
};
TORCH_MODULE(T5Stack);

struct T5ForConditionalGenerationImpl : torch::nn::Module {
  explicit T5ForConditionalGenerationImpl(const T5Config &config);
  // input_ids, attention_mask (1 = token, 0 = pad): (B, S);
  // decoder_input_ids: (B, T). Returns logits (B, T, vocab).
  torch::Tensor forward(const torch::Tensor &input_ids,
                        const torch::Tensor &attention_mask,
                        const torch::Tensor &decoder_input_ids);

  T5Config config;
  torch::nn::Embedding shared{nullptr};
  T5Stack encoder{nullptr}, decoder{nullptr};
  torch::nn::Linear lm_head{nullptr};
};
TORCH_MODULE(T5ForConditionalGeneration);

} // namespace t5
