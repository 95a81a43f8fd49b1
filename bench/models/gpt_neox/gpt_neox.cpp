// Definitions for the GPT-NeoX style decoder declared in gpt_neox.h.
#include "gpt_neox.h"

#include <cmath>
#include <limits>

namespace F = torch::nn::functional;
using torch::indexing::Slice;

torch::Tensor gelu_erf(const torch::Tensor &x) {
  return x * 0.5 * (1.0 + torch::erf(x / std::sqrt(2.0)));
}

namespace {

torch::Tensor rotate_half(const torch::Tensor &x) {
  auto halves = x.chunk(2, -1);
  return torch::cat({-halves[1], halves[0]}, -1);
}

// Rotates the first `ndims` features of every head; the rest pass through.
torch::Tensor apply_rotary_pos_emb(const torch::Tensor &t,
                                   const torch::Tensor &cos,
                                   const torch::Tensor &sin, int64_t ndims) {
  auto t_rot = t.narrow(-1, 0, ndims);
  auto t_pass = t.narrow(-1, ndims, t.size(-1) - ndims);
  auto rotated = t_rot * cos + rotate_half(t_rot) * sin;
  return torch::cat({rotated, t_pass}, -1);
}

} // namespace

GPTNeoXAttentionImpl::GPTNeoXAttentionImpl(const NeoXConfig &config)
    : num_heads(config.num_attention_heads),
      head_size(config.hidden_size / config.num_attention_heads),
      rotary_ndims(static_cast<int64_t>(head_size * config.rotary_pct)),
      norm_factor(1.0 / std::sqrt(static_cast<double>(head_size))) {
  query_key_value = register_module(
      "query_key_value",
      torch::nn::Linear(config.hidden_size, 3 * config.hidden_size));
  dense = register_module(
      "dense", torch::nn::Linear(config.hidden_size, config.hidden_size));
  attention_dropout = register_module(
      "attention_dropout", torch::nn::Dropout(config.attention_dropout));
  const auto P = config.max_position_embeddings;
  bias = register_buffer(
      "bias",
      torch::tril(torch::ones({P, P}, torch::kBool)).view({1, 1, P, P}));
}

torch::Tensor GPTNeoXAttentionImpl::forward(const torch::Tensor &hidden_states,
                                            const torch::Tensor &cos,
                                            const torch::Tensor &sin) {
  const int64_t B = hidden_states.size(0), T = hidden_states.size(1);
  // (B, T, 3 * hidden) -> (B, T, heads, 3 * head_size): q, k, v interleaved
  // per head, unlike GPT-2's [q | k | v] layout.
  auto qkv =
      query_key_value(hidden_states).view({B, T, num_heads, 3 * head_size});
  auto query = qkv.narrow(-1, 0, head_size).permute({0, 2, 1, 3});
  auto key = qkv.narrow(-1, head_size, head_size).permute({0, 2, 1, 3});
  auto value = qkv.narrow(-1, 2 * head_size, head_size).permute({0, 2, 1, 3});

  query = apply_rotary_pos_emb(query, cos, sin, rotary_ndims);
  key = apply_rotary_pos_emb(key, cos, sin, rotary_ndims);

  auto attn_scores = torch::matmul(query, key.transpose(-1, -2)) * norm_factor;
  auto causal_mask = bias.index({Slice(), Slice(), Slice(0, T), Slice(0, T)});
  auto mask_value =
      torch::full({}, std::numeric_limits<float>::lowest(), query.options());
  attn_scores = torch::where(causal_mask, attn_scores, mask_value);
  auto attn_weights = F::softmax(attn_scores, F::SoftmaxFuncOptions(-1));
  attn_weights = attention_dropout(attn_weights);
  auto attn_output = torch::matmul(attn_weights, value);

  attn_output = attn_output.permute({0, 2, 1, 3}).reshape({B, T, -1});
  return dense(attn_output);
}

GPTNeoXMLPImpl::GPTNeoXMLPImpl(const NeoXConfig &config)
    : gated(config.gated_mlp) {
  const int64_t up =
      gated ? 2 * config.intermediate_size : config.intermediate_size;
  dense_h_to_4h = register_module("dense_h_to_4h",
                                  torch::nn::Linear(config.hidden_size, up));
  dense_4h_to_h = register_module(
      "dense_4h_to_h",
      torch::nn::Linear(config.intermediate_size, config.hidden_size));
}

torch::Tensor GPTNeoXMLPImpl::forward(torch::Tensor hidden_states) {
  if (gated) {
    auto gate_up = dense_h_to_4h(hidden_states).chunk(2, /*dim=*/-1);
    hidden_states = F::silu(gate_up[0]) * gate_up[1];
  } else {
    hidden_states = gelu_erf(dense_h_to_4h(hidden_states));
  }
  return dense_4h_to_h(hidden_states);
}

GPTNeoXLayerImpl::GPTNeoXLayerImpl(const NeoXConfig &config)
    : use_parallel_residual(config.use_parallel_residual) {
  auto ln = torch::nn::LayerNormOptions({config.hidden_size})
                .eps(config.layer_norm_eps);
  input_layernorm =
      register_module("input_layernorm", torch::nn::LayerNorm(ln));
  post_attention_layernorm =
      register_module("post_attention_layernorm", torch::nn::LayerNorm(ln));
  attention = register_module("attention", GPTNeoXAttention(config));
  mlp = register_module("mlp", GPTNeoXMLP(config));
}

torch::Tensor GPTNeoXLayerImpl::forward(const torch::Tensor &hidden_states,
                                        const torch::Tensor &cos,
                                        const torch::Tensor &sin) {
  auto attn_output = attention(input_layernorm(hidden_states), cos, sin);
  if (use_parallel_residual) {
    // Both branches read the same input: the second LayerNorm does not
    // follow an add here.
    auto mlp_output = mlp(post_attention_layernorm(hidden_states));
    return mlp_output + attn_output + hidden_states;
  }
  // Sequential residual: x = x + attn(ln1(x)); x = x + mlp(ln2(x)).
  attn_output = attn_output + hidden_states;
  auto mlp_output = mlp(post_attention_layernorm(attn_output));
  return mlp_output + attn_output;
}

RewardHeadImpl::RewardHeadImpl(int64_t hidden_size) {
  dense = register_module("dense", torch::nn::Linear(hidden_size, hidden_size));
  out_proj = register_module("out_proj", torch::nn::Linear(hidden_size, 1));
}

torch::Tensor RewardHeadImpl::forward(const torch::Tensor &last_hidden) {
  return out_proj(gelu_erf(dense(last_hidden))).squeeze(-1);
}

GPTNeoXImpl::GPTNeoXImpl(const NeoXConfig &config) : config_(config) {
  embed_in = register_module(
      "embed_in", torch::nn::Embedding(config.vocab_size, config.hidden_size));
  for (int64_t i = 0; i < config.num_hidden_layers; ++i) {
    layers->push_back(GPTNeoXLayer(config));
  }
  register_module("layers", layers);
  final_layer_norm = register_module(
      "final_layer_norm",
      torch::nn::LayerNorm(torch::nn::LayerNormOptions({config.hidden_size})
                               .eps(config.layer_norm_eps)));
  embed_out = register_module(
      "embed_out", torch::nn::Linear(torch::nn::LinearOptions(
                                         config.hidden_size, config.vocab_size)
                                         .bias(false)));
  reward_head = register_module("reward_head", RewardHead(config.hidden_size));

  const int64_t head_size = config.hidden_size / config.num_attention_heads;
  const int64_t dim = static_cast<int64_t>(head_size * config.rotary_pct);
  auto inv_freq =
      1.0 / torch::pow(config.rotary_emb_base,
                       torch::arange(0, dim, 2, torch::kFloat) / dim);
  auto t = torch::arange(config.max_position_embeddings, torch::kFloat);
  auto freqs = torch::outer(t, inv_freq);
  auto emb = torch::cat({freqs, freqs}, -1); // (P, dim)
  cos_cached = register_buffer("cos_cached", emb.cos());
  sin_cached = register_buffer("sin_cached", emb.sin());
}

torch::Tensor GPTNeoXImpl::forward(const torch::Tensor &input_ids) {
  const int64_t T = input_ids.size(1);
  auto cos = cos_cached.index({Slice(0, T)});
  auto sin = sin_cached.index({Slice(0, T)});
  auto hidden_states = embed_in(input_ids);
  for (auto &layer : *layers) {
    hidden_states = layer->as<GPTNeoXLayer>()->forward(hidden_states, cos, sin);
  }
  return final_layer_norm(hidden_states);
}

torch::Tensor GPTNeoXImpl::lm_logits(const torch::Tensor &hidden) {
  return embed_out(hidden);
}

torch::Tensor GPTNeoXImpl::reward(const torch::Tensor &hidden) {
  return reward_head(hidden.select(1, -1));
}
