// A small BERT-style encoder with a sequence-classification head, following
// the module layout of HuggingFace's modeling_bert.py (BertSelfAttention,
// BertSelfOutput, BertIntermediate, BertOutput, BertLayer, ...).
//
// Declarations only; see bert.cpp for the definitions.
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <vector>

struct BertConfig {
  int64_t vocab_size = 128;
  int64_t hidden_size = 64;
  int64_t num_hidden_layers = 2;
  int64_t num_attention_heads = 4;
  int64_t intermediate_size = 128;
  int64_t max_position_embeddings = 64;
  int64_t type_vocab_size = 2;
  double hidden_dropout_prob = 0.1;
  double attention_probs_dropout_prob = 0.1;
  double layer_norm_eps = 1e-12;
  int64_t num_labels = 2;
};

// Word + position + token-type embeddings, then LayerNorm and dropout.
struct BertEmbeddingsImpl : torch::nn::Module {
  explicit BertEmbeddingsImpl(const BertConfig &config);
  torch::Tensor forward(const torch::Tensor &input_ids,
                        const torch::Tensor &token_type_ids);

  torch::nn::Embedding word_embeddings{nullptr};
  torch::nn::Embedding position_embeddings{nullptr};
  torch::nn::Embedding token_type_embeddings{nullptr};
  torch::nn::LayerNorm LayerNorm{nullptr};
  torch::nn::Dropout dropout{nullptr};
};
TORCH_MODULE(BertEmbeddings);

// Scaled dot-product self-attention with separate q/k/v projections and an
// additive attention mask.
struct BertSelfAttentionImpl : torch::nn::Module {
  explicit BertSelfAttentionImpl(const BertConfig &config);

  // hidden_states: (B, T, H); attention_mask: additive, broadcastable to
  // (B, heads, T, T) (0 for visible positions, large negative for padding).
  torch::Tensor forward(const torch::Tensor &hidden_states,
                        const torch::Tensor &attention_mask);

  // (B, T, H) -> (B, heads, T, head_size)
  torch::Tensor transpose_for_scores(const torch::Tensor &x) const;

  int64_t num_attention_heads;
  int64_t attention_head_size;
  int64_t all_head_size;

  torch::nn::Linear query{nullptr};
  torch::nn::Linear key{nullptr};
  torch::nn::Linear value{nullptr};
  torch::nn::Dropout dropout{nullptr};
};
TORCH_MODULE(BertSelfAttention);

// dense -> dropout -> add residual -> LayerNorm
struct BertSelfOutputImpl : torch::nn::Module {
  explicit BertSelfOutputImpl(const BertConfig &config);
  torch::Tensor forward(torch::Tensor hidden_states,
                        const torch::Tensor &input_tensor);

  torch::nn::Linear dense{nullptr};
  torch::nn::LayerNorm LayerNorm{nullptr};
  torch::nn::Dropout dropout{nullptr};
};
TORCH_MODULE(BertSelfOutput);

struct BertAttentionImpl : torch::nn::Module {
  explicit BertAttentionImpl(const BertConfig &config);
  torch::Tensor forward(const torch::Tensor &hidden_states,
                        const torch::Tensor &attention_mask);

  BertSelfAttention self{nullptr};
  BertSelfOutput output{nullptr};
};
TORCH_MODULE(BertAttention);

// dense -> GELU
struct BertIntermediateImpl : torch::nn::Module {
  explicit BertIntermediateImpl(const BertConfig &config);
  torch::Tensor forward(torch::Tensor hidden_states);

  torch::nn::Linear dense{nullptr};
};
TORCH_MODULE(BertIntermediate);

// dense -> dropout -> add residual -> LayerNorm, with the functional
// F::dropout (so the dropout probability is a plain member, not a module).
struct BertOutputImpl : torch::nn::Module {
  explicit BertOutputImpl(const BertConfig &config);
  torch::Tensor forward(torch::Tensor hidden_states,
                        const torch::Tensor &input_tensor);

  torch::nn::Linear dense{nullptr};
  torch::nn::LayerNorm LayerNorm{nullptr};
  double hidden_dropout_prob;
};
TORCH_MODULE(BertOutput);

// One encoder layer: attention, then the feed-forward network.
struct BertLayerImpl : torch::nn::Module {
  explicit BertLayerImpl(const BertConfig &config);
  torch::Tensor forward(const torch::Tensor &hidden_states,
                        const torch::Tensor &attention_mask);

  BertAttention attention{nullptr};
  BertIntermediate intermediate{nullptr};
  BertOutput output{nullptr};
};
TORCH_MODULE(BertLayer);

// A stack of BertLayers kept in a std::vector (each registered by hand as
// "layer_<i>"; submodule names may not contain dots), rather than in a
// ModuleList.
struct BertEncoderImpl : torch::nn::Module {
  explicit BertEncoderImpl(const BertConfig &config);
  torch::Tensor forward(torch::Tensor hidden_states,
                        const torch::Tensor &attention_mask);

  std::vector<BertLayer> layer;
};
TORCH_MODULE(BertEncoder);

// Embeddings + encoder + pooler (dense -> tanh on the [CLS] token) +
// dropout + classifier.
struct BertForSequenceClassificationImpl : torch::nn::Module {
  explicit BertForSequenceClassificationImpl(const BertConfig &config);

  // input_ids, token_type_ids: (B, T) int64; attention_mask: (B, T) with 1
  // for real tokens and 0 for padding. Returns logits (B, num_labels).
  torch::Tensor forward(const torch::Tensor &input_ids,
                        const torch::Tensor &token_type_ids,
                        const torch::Tensor &attention_mask);

  BertEmbeddings embeddings{nullptr};
  BertEncoder encoder{nullptr};
  torch::nn::Linear pooler{nullptr};
  torch::nn::Dropout dropout{nullptr};
  torch::nn::Linear classifier{nullptr};
};
TORCH_MODULE(BertForSequenceClassification);

// Turns a (B, T) 0/1 padding mask into the additive (B, 1, 1, T) mask used
// by the attention scores.
torch::Tensor get_extended_attention_mask(const torch::Tensor &attention_mask);
