// Definitions for the small BERT declared in bert.h.
#include "bert.h"

#include <cmath>
#include <string>

namespace F = torch::nn::functional;

// ---------------------------------------------------------------------------
// Embeddings
// ---------------------------------------------------------------------------

BertEmbeddingsImpl::BertEmbeddingsImpl(const BertConfig &config)
    : word_embeddings(register_module(
          "word_embeddings",
          torch::nn::Embedding(
              torch::nn::EmbeddingOptions(config.vocab_size, config.hidden_size)
                  .padding_idx(0)))),
      position_embeddings(
          register_module("position_embeddings",
                          torch::nn::Embedding(config.max_position_embeddings,
                                               config.hidden_size))),
      token_type_embeddings(register_module(
          "token_type_embeddings",
          torch::nn::Embedding(config.type_vocab_size, config.hidden_size))),
      LayerNorm(register_module(
          "LayerNorm",
          torch::nn::LayerNorm(torch::nn::LayerNormOptions({config.hidden_size})
                                   .eps(config.layer_norm_eps)))),
      dropout(register_module("dropout",
                              torch::nn::Dropout(torch::nn::DropoutOptions().p(
                                  config.hidden_dropout_prob)))) {}

torch::Tensor BertEmbeddingsImpl::forward(const torch::Tensor &input_ids,
                                          const torch::Tensor &token_type_ids) {
  const int64_t seq_length = input_ids.size(1);
  auto position_ids =
      torch::arange(seq_length, input_ids.options()).unsqueeze(0);

  auto embeddings = word_embeddings(input_ids) +
                    token_type_embeddings(token_type_ids) +
                    position_embeddings(position_ids);
  embeddings = LayerNorm(embeddings);
  embeddings = dropout(embeddings);
  return embeddings;
}

// ---------------------------------------------------------------------------
// Self-attention
// ---------------------------------------------------------------------------

BertSelfAttentionImpl::BertSelfAttentionImpl(const BertConfig &config)
    : num_attention_heads(config.num_attention_heads),
      attention_head_size(config.hidden_size / config.num_attention_heads),
      all_head_size(num_attention_heads * attention_head_size) {
  TORCH_CHECK(config.hidden_size % config.num_attention_heads == 0,
              "hidden_size (", config.hidden_size,
              ") is not a multiple of num_attention_heads (",
              config.num_attention_heads, ")");
  query = register_module("query",
                          torch::nn::Linear(config.hidden_size, all_head_size));
  key = register_module("key",
                        torch::nn::Linear(config.hidden_size, all_head_size));
  value = register_module("value",
                          torch::nn::Linear(config.hidden_size, all_head_size));
  dropout = register_module(
      "dropout", torch::nn::Dropout(config.attention_probs_dropout_prob));
}

torch::Tensor
BertSelfAttentionImpl::transpose_for_scores(const torch::Tensor &x) const {
  return x
      .view({x.size(0), x.size(1), num_attention_heads, attention_head_size})
      .permute({0, 2, 1, 3});
}

torch::Tensor
BertSelfAttentionImpl::forward(const torch::Tensor &hidden_states,
                               const torch::Tensor &attention_mask) {
  auto query_layer = transpose_for_scores(query->forward(hidden_states));
  auto key_layer = transpose_for_scores(key->forward(hidden_states));
  auto value_layer = transpose_for_scores(value->forward(hidden_states));

  // Raw attention scores, scaled by sqrt(head size) (division, as in BERT).
  auto attention_scores =
      torch::matmul(query_layer, key_layer.transpose(-1, -2));
  attention_scores =
      attention_scores / std::sqrt(static_cast<double>(attention_head_size));
  // The mask is additive: 0 where visible, a large negative number where
  // masked, so that softmax gives those positions ~0 probability.
  attention_scores = attention_scores + attention_mask;

  auto attention_probs =
      F::softmax(attention_scores, F::SoftmaxFuncOptions(-1));
  // Dropping out entire tokens to attend to, as in the original BERT.
  attention_probs = dropout(attention_probs);

  auto context_layer = torch::matmul(attention_probs, value_layer);
  context_layer = context_layer.permute({0, 2, 1, 3}).contiguous();
  return context_layer.view(
      {context_layer.size(0), context_layer.size(1), all_head_size});
}

// ---------------------------------------------------------------------------
// Self-output, attention wrapper
// ---------------------------------------------------------------------------

BertSelfOutputImpl::BertSelfOutputImpl(const BertConfig &config) {
  dense = register_module(
      "dense", torch::nn::Linear(config.hidden_size, config.hidden_size));
  LayerNorm = register_module(
      "LayerNorm",
      torch::nn::LayerNorm(torch::nn::LayerNormOptions({config.hidden_size})
                               .eps(config.layer_norm_eps)));
  dropout = register_module("dropout",
                            torch::nn::Dropout(config.hidden_dropout_prob));
}

torch::Tensor BertSelfOutputImpl::forward(torch::Tensor hidden_states,
                                          const torch::Tensor &input_tensor) {
  hidden_states = dense(hidden_states);
  hidden_states = dropout(hidden_states);
  hidden_states = LayerNorm(hidden_states + input_tensor);
  return hidden_states;
}

BertAttentionImpl::BertAttentionImpl(const BertConfig &config)
    : self(register_module("self", BertSelfAttention(config))),
      output(register_module("output", BertSelfOutput(config))) {}

torch::Tensor BertAttentionImpl::forward(const torch::Tensor &hidden_states,
                                         const torch::Tensor &attention_mask) {
  auto self_outputs = self(hidden_states, attention_mask);
  return output(self_outputs, hidden_states);
}

// ---------------------------------------------------------------------------
// Feed-forward: intermediate + output
// ---------------------------------------------------------------------------

BertIntermediateImpl::BertIntermediateImpl(const BertConfig &config)
    : dense(register_module(
          "dense", torch::nn::Linear(torch::nn::LinearOptions(
                       config.hidden_size, config.intermediate_size)))) {}

torch::Tensor BertIntermediateImpl::forward(torch::Tensor hidden_states) {
  hidden_states = dense->forward(hidden_states);
  hidden_states = F::gelu(hidden_states);
  return hidden_states;
}

BertOutputImpl::BertOutputImpl(const BertConfig &config)
    : hidden_dropout_prob(config.hidden_dropout_prob) {
  dense = register_module(
      "dense", torch::nn::Linear(config.intermediate_size, config.hidden_size));
  LayerNorm = register_module(
      "LayerNorm",
      torch::nn::LayerNorm(torch::nn::LayerNormOptions({config.hidden_size})
                               .eps(config.layer_norm_eps)));
}

torch::Tensor BertOutputImpl::forward(torch::Tensor hidden_states,
                                      const torch::Tensor &input_tensor) {
  hidden_states = dense->forward(hidden_states);
  hidden_states = F::dropout(
      hidden_states,
      F::DropoutFuncOptions().p(hidden_dropout_prob).training(is_training()));
  hidden_states = LayerNorm->forward(hidden_states + input_tensor);
  return hidden_states;
}

// ---------------------------------------------------------------------------
// Layer and encoder
// ---------------------------------------------------------------------------

BertLayerImpl::BertLayerImpl(const BertConfig &config)
    : attention(register_module("attention", BertAttention(config))),
      intermediate(register_module("intermediate", BertIntermediate(config))),
      output(register_module("output", BertOutput(config))) {}

torch::Tensor BertLayerImpl::forward(const torch::Tensor &hidden_states,
                                     const torch::Tensor &attention_mask) {
  auto attention_output = attention(hidden_states, attention_mask);
  auto intermediate_output = intermediate(attention_output);
  return output(intermediate_output, attention_output);
}

BertEncoderImpl::BertEncoderImpl(const BertConfig &config) {
  layer.reserve(config.num_hidden_layers);
  for (int64_t i = 0; i < config.num_hidden_layers; ++i) {
    layer.push_back(
        register_module("layer_" + std::to_string(i), BertLayer(config)));
  }
}

torch::Tensor BertEncoderImpl::forward(torch::Tensor hidden_states,
                                       const torch::Tensor &attention_mask) {
  for (auto &layer_module : layer) {
    hidden_states = layer_module->forward(hidden_states, attention_mask);
  }
  return hidden_states;
}

// ---------------------------------------------------------------------------
// Classification model
// ---------------------------------------------------------------------------

torch::Tensor get_extended_attention_mask(const torch::Tensor &attention_mask) {
  auto extended = attention_mask.unsqueeze(1).unsqueeze(2).to(torch::kFloat);
  return (1.0 - extended) * -10000.0;
}

BertForSequenceClassificationImpl::BertForSequenceClassificationImpl(
    const BertConfig &config) {
  embeddings = register_module("embeddings", BertEmbeddings(config));
  encoder = register_module("encoder", BertEncoder(config));
  pooler = register_module(
      "pooler", torch::nn::Linear(config.hidden_size, config.hidden_size));
  dropout = register_module("dropout",
                            torch::nn::Dropout(config.hidden_dropout_prob));
  classifier = register_module(
      "classifier", torch::nn::Linear(config.hidden_size, config.num_labels));
}

torch::Tensor BertForSequenceClassificationImpl::forward(
    const torch::Tensor &input_ids, const torch::Tensor &token_type_ids,
    const torch::Tensor &attention_mask) {
  auto extended_mask = get_extended_attention_mask(attention_mask);
  auto hidden = embeddings(input_ids, token_type_ids);
  hidden = encoder(hidden, extended_mask);

  // Pool by taking the hidden state of the first ([CLS]) token.
  auto first_token = hidden.select(/*dim=*/1, /*index=*/0);
  auto pooled = torch::tanh(pooler(first_token));
  pooled = dropout(pooled);
  return classifier(pooled);
}
