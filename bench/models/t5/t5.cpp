// Definitions for the small T5 declared in t5.h.
#include "t5.h"

#include <cmath>

namespace t5 {
namespace {

// T5 uses no biases anywhere.
torch::nn::Linear linear_no_bias(int64_t in, int64_t out) {
  return torch::nn::Linear(torch::nn::LinearOptions(in, out).bias(false));
}

torch::Tensor split_heads(const torch::Tensor &x, int64_t n_heads,
                          int64_t d_kv) {
  return x.view({x.size(0), -1, n_heads, d_kv}).transpose(1, 2);
}

torch::Tensor merge_heads(const torch::Tensor &x) {
  return x.transpose(1, 2).contiguous().view(
      {x.size(0), -1, x.size(1) * x.size(3)});
}

// Shared by self- and cross-attention. T5 does not scale the scores by
// 1/sqrt(d_kv): the scaling is folded into the initialisation of q.
torch::Tensor attend(const torch::Tensor &q, const torch::Tensor &k,
                     const torch::Tensor &v, const torch::Tensor &position_bias,
                     double dropout_p, bool training) {
  auto scores = torch::matmul(q, k.transpose(3, 2));
  scores += position_bias;
  auto attn_weights = torch::softmax(scores, -1);
  attn_weights = torch::dropout(attn_weights, dropout_p, training);
  return torch::matmul(attn_weights, v);
}

// Bidirectional buckets for the encoder, causal ones for the decoder; half
// of the buckets are exact, the other half grow logarithmically.
torch::Tensor relative_position_bucket(torch::Tensor rel, bool bidirectional,
                                       int64_t num_buckets,
                                       int64_t max_distance) {
  auto ret = torch::zeros_like(rel);
  if (bidirectional) {
    num_buckets /= 2;
    ret = ret + (rel > 0).to(torch::kLong) * num_buckets;
    rel = rel.abs();
  } else {
    rel = -torch::min(rel, torch::zeros_like(rel));
  }
  const int64_t max_exact = num_buckets / 2;
  auto is_small = rel < max_exact;
  auto large = torch::log(rel.to(torch::kFloat) / max_exact) /
               std::log(static_cast<double>(max_distance) / max_exact) *
               (num_buckets - max_exact);
  auto large_idx =
      (large.to(torch::kLong) + max_exact).clamp(0, num_buckets - 1);
  return ret + torch::where(is_small, rel, large_idx);
}

} // namespace

T5LayerNormImpl::T5LayerNormImpl(int64_t hidden_size, double eps)
    : weight(register_parameter("weight", torch::ones({hidden_size}))),
      variance_epsilon(eps) {}

torch::Tensor T5LayerNormImpl::forward(const torch::Tensor &hidden_states) {
  // Root mean square only: no mean subtraction and no bias.
  auto variance = hidden_states.pow(2).mean(-1, /*keepdim=*/true);
  auto normed = hidden_states * torch::rsqrt(variance + variance_epsilon);
  return weight * normed;
}

T5SelfAttentionImpl::T5SelfAttentionImpl(const T5Config &config)
    : n_heads(config.num_heads), d_kv(config.d_kv),
      dropout(config.dropout_rate) {
  const int64_t inner = n_heads * d_kv;
  q = register_module("q", linear_no_bias(config.d_model, inner));
  k = register_module("k", linear_no_bias(config.d_model, inner));
  v = register_module("v", linear_no_bias(config.d_model, inner));
  o = register_module("o", linear_no_bias(inner, config.d_model));
}

torch::Tensor T5SelfAttentionImpl::forward(const torch::Tensor &hidden_states,
                                           const torch::Tensor &position_bias) {
  auto query = split_heads(q(hidden_states), n_heads, d_kv);
  auto key = split_heads(k(hidden_states), n_heads, d_kv);
  auto value = split_heads(v(hidden_states), n_heads, d_kv);
  auto context =
      attend(query, key, value, position_bias, dropout, is_training());
  return o(merge_heads(context));
}

T5CrossAttentionImpl::T5CrossAttentionImpl(const T5Config &config)
    : n_heads(config.num_heads), d_kv(config.d_kv),
      dropout(config.dropout_rate) {
  const int64_t inner = n_heads * d_kv;
  q = register_module("q", linear_no_bias(config.d_model, inner));
  k = register_module("k", linear_no_bias(config.d_model, inner));
  v = register_module("v", linear_no_bias(config.d_model, inner));
  o = register_module("o", linear_no_bias(inner, config.d_model));
}

torch::Tensor T5CrossAttentionImpl::forward(const torch::Tensor &hidden_states,
                                            const torch::Tensor &memory,
                                            const torch::Tensor &mask) {
  // Look-alike, not a fused-qkv: only k and v share their input (memory).
  auto query = split_heads(q(hidden_states), n_heads, d_kv);
  auto key = split_heads(k(memory), n_heads, d_kv);
  auto value = split_heads(v(memory), n_heads, d_kv);
  auto context = attend(query, key, value, mask, dropout, is_training());
  return o(merge_heads(context));
}

T5DenseReluDenseImpl::T5DenseReluDenseImpl(const T5Config &config) {
  wi = register_module("wi", linear_no_bias(config.d_model, config.d_ff));
  wo = register_module("wo", linear_no_bias(config.d_ff, config.d_model));
  dropout = register_module("dropout", torch::nn::Dropout(config.dropout_rate));
}

torch::Tensor
T5DenseReluDenseImpl::forward(const torch::Tensor &hidden_states) {
  auto h = torch::relu(wi(hidden_states));
  h = dropout(h);
  return wo(h);
}

T5BlockImpl::T5BlockImpl(const T5Config &config, bool is_decoder_)
    : is_decoder(is_decoder_) {
  const auto d = config.d_model;
  const auto eps = config.layer_norm_epsilon;
  ln_self = register_module("ln_self", T5LayerNorm(d, eps));
  self_attn = register_module("self_attn", T5SelfAttention(config));
  if (is_decoder) {
    ln_cross = register_module("ln_cross", T5LayerNorm(d, eps));
    cross_attn = register_module("cross_attn", T5CrossAttention(config));
  }
  ln_ff = register_module("ln_ff", T5LayerNorm(d, eps));
  ff = register_module("ff", T5DenseReluDense(config));
  dropout = register_module("dropout", torch::nn::Dropout(config.dropout_rate));
}

torch::Tensor T5BlockImpl::forward(torch::Tensor hidden_states,
                                   const torch::Tensor &position_bias,
                                   const torch::Tensor &memory,
                                   const torch::Tensor &cross_mask) {
  auto normed = ln_self(hidden_states);
  hidden_states = hidden_states + dropout(self_attn(normed, position_bias));
  if (is_decoder) {
    hidden_states = hidden_states + dropout(cross_attn(ln_cross(hidden_states),
                                                       memory, cross_mask));
  }
  hidden_states = hidden_states + dropout(ff(ln_ff(hidden_states)));
  return hidden_states;
}

T5StackImpl::T5StackImpl(const T5Config &config_, torch::nn::Embedding embed,
                         bool is_decoder_)
    : config(config_), is_decoder(is_decoder_), embed_tokens(embed) {
  relative_attention_bias = register_module(
      "relative_attention_bias",
      torch::nn::Embedding(config.relative_attention_num_buckets,
                           config.num_heads));
  for (int64_t i = 0; i < config.num_layers; ++i) {
    block->push_back(T5Block(config, is_decoder));
  }
  register_module("block", block);
  final_layer_norm =
      register_module("final_layer_norm",
                      T5LayerNorm(config.d_model, config.layer_norm_epsilon));
  dropout = register_module("dropout", torch::nn::Dropout(config.dropout_rate));
}

torch::Tensor T5StackImpl::compute_bias(int64_t qlen, int64_t klen) {
  auto context_position = torch::arange(qlen, torch::kLong).unsqueeze(1);
  auto memory_position = torch::arange(klen, torch::kLong).unsqueeze(0);
  auto buckets = relative_position_bucket(
      memory_position - context_position, /*bidirectional=*/!is_decoder,
      config.relative_attention_num_buckets,
      config.relative_attention_max_distance);
  auto values = relative_attention_bias(buckets); // (qlen, klen, heads)
  return values.permute({2, 0, 1}).unsqueeze(0);
}

torch::Tensor T5StackImpl::forward(const torch::Tensor &input_ids,
                                   const torch::Tensor &mask,
                                   const torch::Tensor &memory) {
  const int64_t len = input_ids.size(1);
  auto hidden_states = dropout(embed_tokens(input_ids));

  auto position_bias = compute_bias(len, len);
  if (is_decoder) {
    auto causal = torch::triu(torch::full({len, len}, -1e9), /*diagonal=*/1);
    position_bias = position_bias + causal;
  } else {
    position_bias = position_bias + mask;
  }

  for (const auto &layer : *block) {
    hidden_states = layer->as<T5Block>()->forward(hidden_states, position_bias,
                                                  memory, mask);
  }
  hidden_states = final_layer_norm(hidden_states);
  return dropout(hidden_states);
}

T5ForConditionalGenerationImpl::T5ForConditionalGenerationImpl(
    const T5Config &config_)
    : config(config_) {
  shared = register_module(
      "shared", torch::nn::Embedding(config.vocab_size, config.d_model));
  encoder =
      register_module("encoder", T5Stack(config, shared, /*is_decoder=*/false));
  decoder =
      register_module("decoder", T5Stack(config, shared, /*is_decoder=*/true));
  lm_head = register_module(
      "lm_head", torch::nn::Linear(
                     torch::nn::LinearOptions(config.d_model, config.vocab_size)
                         .bias(false)));
}

torch::Tensor T5ForConditionalGenerationImpl::forward(
    const torch::Tensor &input_ids, const torch::Tensor &attention_mask,
    const torch::Tensor &decoder_input_ids) {
  auto extended = attention_mask.to(torch::kFloat).unsqueeze(1).unsqueeze(2);
  auto enc_mask = (1.0 - extended) * -1e9;
  auto memory = encoder(input_ids, enc_mask, torch::Tensor());
  auto sequence_output = decoder(decoder_input_ids, enc_mask, memory);
  // Rescale before the tied-style projection, as T5 does.
  sequence_output =
      sequence_output * std::pow(static_cast<double>(config.d_model), -0.5);
  return lm_head(sequence_output);
}

} // namespace t5
