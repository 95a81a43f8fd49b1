// A small GPT-NeoX style decoder (EleutherAI, after HuggingFace's
// modeling_gpt_neox.py): packed query_key_value projection with the heads
// interleaved, partial rotary embeddings, parallel residual
// (x + attn(ln1(x)) + mlp(ln2(x))), and a gated MLP whose gate and up
// projections are one packed Linear. A scalar reward head (as used for
// RLHF reward models) shares the erf GELU helper with the ungated MLP.
#pragma once

#include <torch/torch.h>

#include <cstdint>

struct NeoXConfig {
  int64_t vocab_size = 96;
  int64_t hidden_size = 64;
  int64_t num_hidden_layers = 2;
  int64_t num_attention_heads = 4;
  int64_t intermediate_size = 128;
  int64_t max_position_embeddings = 32;
  double rotary_pct = 0.5;
  double rotary_emb_base = 10000.0;
  double layer_norm_eps = 1e-5;
  double attention_dropout = 0.0;
  bool use_parallel_residual = true;
  bool gated_mlp = true;
};

// GELU, erf form, written out: 0.5 * x * (1 + erf(x / sqrt(2))).
torch::Tensor gelu_erf(const torch::Tensor &x);

struct GPTNeoXAttentionImpl : torch::nn::Module {
  explicit GPTNeoXAttentionImpl(const NeoXConfig &config);
  torch::Tensor forward(const torch::Tensor &hidden_states,
                        const torch::Tensor &cos, const torch::Tensor &sin);

  int64_t num_heads, head_size, rotary_ndims;
  double norm_factor;
  torch::nn::Linear query_key_value{nullptr}, dense{nullptr};
  torch::nn::Dropout attention_dropout{nullptr};
  torch::Tensor bias; // causal mask buffer, bool (1, 1, P, P)
};
TORCH_MODULE(GPTNeoXAttention);

struct GPTNeoXMLPImpl : torch::nn::Module {
  explicit GPTNeoXMLPImpl(const NeoXConfig &config);
  torch::Tensor forward(torch::Tensor hidden_states);

  bool gated;
  torch::nn::Linear dense_h_to_4h{nullptr}, dense_4h_to_h{nullptr};
};
TORCH_MODULE(GPTNeoXMLP);

struct GPTNeoXLayerImpl : torch::nn::Module {
  explicit GPTNeoXLayerImpl(const NeoXConfig &config);
  torch::Tensor forward(const torch::Tensor &hidden_states,
                        const torch::Tensor &cos, const torch::Tensor &sin);

  bool use_parallel_residual;
  torch::nn::LayerNorm input_layernorm{nullptr},
      post_attention_layernorm{nullptr};
  GPTNeoXAttention attention{nullptr};
  GPTNeoXMLP mlp{nullptr};
};
TORCH_MODULE(GPTNeoXLayer);

struct RewardHeadImpl : torch::nn::Module {
  explicit RewardHeadImpl(int64_t hidden_size);
  torch::Tensor forward(const torch::Tensor &last_hidden);

  torch::nn::Linear dense{nullptr}, out_proj{nullptr};
};
TORCH_MODULE(RewardHead);

class GPTNeoXImpl : public torch::nn::Module {
public:
  explicit GPTNeoXImpl(const NeoXConfig &config);
  // input_ids (B, T) -> final hidden states (B, T, hidden)
  torch::Tensor forward(const torch::Tensor &input_ids);
  torch::Tensor lm_logits(const torch::Tensor &hidden);
  torch::Tensor reward(const torch::Tensor &hidden);

private:
  NeoXConfig config_;
  torch::nn::Embedding embed_in{nullptr};
  torch::nn::ModuleList layers;
  torch::nn::LayerNorm final_layer_norm{nullptr};
  torch::nn::Linear embed_out{nullptr};
  RewardHead reward_head{nullptr};
  torch::Tensor cos_cached, sin_cached;
};
TORCH_MODULE(GPTNeoX);
