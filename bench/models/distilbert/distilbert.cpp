// Definitions for the functional-style DistilBERT declared in distilbert.h.
#include "distilbert.h"

#include <cmath>
#include <limits>

namespace F = torch::nn::functional;

namespace distil {

namespace {

F::LayerNormFuncOptions ln_options(int64_t dim, const torch::Tensor &weight,
                                   const torch::Tensor &bias) {
  return F::LayerNormFuncOptions({dim}).weight(weight).bias(bias).eps(1e-12);
}

} // namespace

EmbeddingsImpl::EmbeddingsImpl(const DistilBertConfig &config)
    : dim_(config.dim), dropout_(config.dropout) {
  word_embeddings = register_module(
      "word_embeddings", torch::nn::Embedding(torch::nn::EmbeddingOptions(
                                                  config.vocab_size, config.dim)
                                                  .padding_idx(0)));
  position_embeddings = register_module(
      "position_embeddings",
      torch::nn::Embedding(config.max_position_embeddings, config.dim));
  ln_weight = register_parameter("ln_weight", torch::ones({config.dim}));
  ln_bias = register_parameter("ln_bias", torch::zeros({config.dim}));
}

torch::Tensor EmbeddingsImpl::forward(const torch::Tensor &input_ids) {
  auto position_ids =
      torch::arange(input_ids.size(1), input_ids.options()).unsqueeze(0);
  auto embeddings =
      word_embeddings(input_ids) + position_embeddings(position_ids);
  embeddings = F::layer_norm(embeddings, ln_options(dim_, ln_weight, ln_bias));
  return F::dropout(
      embeddings, F::DropoutFuncOptions().p(dropout_).training(is_training()));
}

MultiHeadSelfAttentionImpl::MultiHeadSelfAttentionImpl(
    const DistilBertConfig &config)
    : n_heads_(config.n_heads), dim_(config.dim),
      attention_dropout_(config.attention_dropout) {
  q_lin = register_module("q_lin", torch::nn::Linear(config.dim, config.dim));
  k_lin = register_module("k_lin", torch::nn::Linear(config.dim, config.dim));
  v_lin = register_module("v_lin", torch::nn::Linear(config.dim, config.dim));
  out_lin =
      register_module("out_lin", torch::nn::Linear(config.dim, config.dim));
}

torch::Tensor MultiHeadSelfAttentionImpl::forward(const torch::Tensor &x,
                                                  const torch::Tensor &mask) {
  const int64_t bs = x.size(0);
  const int64_t k_length = x.size(1);
  const int64_t dim_per_head = dim_ / n_heads_;

  auto shape = [&](const torch::Tensor &t) {
    return t.view({bs, -1, n_heads_, dim_per_head}).transpose(1, 2);
  };
  auto unshape = [&](const torch::Tensor &t) {
    return t.transpose(1, 2).contiguous().view(
        {bs, -1, n_heads_ * dim_per_head});
  };

  auto q = shape(q_lin(x)); // (bs, n_heads, q_length, dim_per_head)
  auto k = shape(k_lin(x));
  auto v = shape(v_lin(x));

  auto scores = torch::matmul(q, k.transpose(2, 3));
  // The padding mask is applied before the scaling.
  auto mask_reshp = (mask == 0).view({bs, 1, 1, k_length});
  scores =
      scores.masked_fill(mask_reshp, -std::numeric_limits<float>::infinity());
  scores = scores / std::sqrt(static_cast<double>(dim_per_head));

  auto weights = F::softmax(scores, F::SoftmaxFuncOptions(-1));
  weights = F::dropout(
      weights,
      F::DropoutFuncOptions().p(attention_dropout_).training(is_training()));
  auto context = torch::matmul(weights, v);
  return out_lin(unshape(context));
}

FFNImpl::FFNImpl(const DistilBertConfig &config) : dropout_(config.dropout) {
  lin1 =
      register_module("lin1", torch::nn::Linear(config.dim, config.hidden_dim));
  lin2 =
      register_module("lin2", torch::nn::Linear(config.hidden_dim, config.dim));
}

torch::Tensor FFNImpl::forward(torch::Tensor x) {
  x = lin1(x);
  x = F::gelu(x);
  x = lin2(x);
  x = F::dropout(x,
                 F::DropoutFuncOptions().p(dropout_).training(is_training()));
  return x;
}

TransformerBlockImpl::TransformerBlockImpl(const DistilBertConfig &config)
    : dim_(config.dim) {
  attention = register_module("attention", MultiHeadSelfAttention(config));
  ffn = register_module("ffn", FFN(config));
  sa_ln_weight = register_parameter("sa_ln_weight", torch::ones({config.dim}));
  sa_ln_bias = register_parameter("sa_ln_bias", torch::zeros({config.dim}));
  output_ln_weight =
      register_parameter("output_ln_weight", torch::ones({config.dim}));
  output_ln_bias =
      register_parameter("output_ln_bias", torch::zeros({config.dim}));
}

torch::Tensor TransformerBlockImpl::forward(const torch::Tensor &x,
                                            const torch::Tensor &mask) {
  // Post-LayerNorm, as in BERT.
  auto sa_output = attention(x, mask);
  sa_output =
      F::layer_norm(sa_output + x, ln_options(dim_, sa_ln_weight, sa_ln_bias));

  auto ffn_output = ffn(sa_output);
  ffn_output =
      F::layer_norm(ffn_output + sa_output,
                    ln_options(dim_, output_ln_weight, output_ln_bias));
  return ffn_output;
}

DistilBertForSequenceClassificationImpl::
    DistilBertForSequenceClassificationImpl(const DistilBertConfig &config)
    : config_(config) {
  embeddings = register_module("embeddings", Embeddings(config));
  for (int64_t i = 0; i < config.n_layers; ++i) {
    layer->push_back(TransformerBlock(config));
  }
  register_module("layer", layer);
  pre_classifier = register_module("pre_classifier",
                                   torch::nn::Linear(config.dim, config.dim));
  classifier = register_module(
      "classifier", torch::nn::Linear(config.dim, config.num_labels));
}

torch::Tensor DistilBertForSequenceClassificationImpl::forward(
    const torch::Tensor &input_ids, const torch::Tensor &attention_mask) {
  auto hidden_state = embeddings(input_ids);
  for (size_t i = 0; i < layer->size(); ++i) {
    hidden_state = layer->ptr<TransformerBlockImpl>(i)->forward(hidden_state,
                                                                attention_mask);
  }
  auto pooled_output = hidden_state.select(1, 0); // (bs, dim)
  pooled_output = pre_classifier(pooled_output);
  pooled_output = F::relu(pooled_output);
  pooled_output = F::dropout(pooled_output, F::DropoutFuncOptions()
                                                .p(config_.seq_classif_dropout)
                                                .training(is_training()));
  return classifier(pooled_output);
}

} // namespace distil
