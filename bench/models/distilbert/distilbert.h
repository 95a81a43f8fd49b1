// A small DistilBERT (Sanh et al. 2019) for sequence classification, after
// HuggingFace's modeling_distilbert.py, written in the functional style: the
// LayerNorm weights are plain registered parameters applied with
// F::layer_norm, and dropout, GELU, ReLU and softmax go through
// torch::nn::functional.
#pragma once

#include <torch/torch.h>

#include <cstdint>

namespace distil {

struct DistilBertConfig {
  int64_t vocab_size = 100;
  int64_t max_position_embeddings = 64;
  int64_t dim = 48;
  int64_t n_layers = 2;
  int64_t n_heads = 4;
  int64_t hidden_dim = 96;
  double dropout = 0.1;
  double attention_dropout = 0.1;
  double seq_classif_dropout = 0.2;
  int64_t num_labels = 3;
};

class EmbeddingsImpl : public torch::nn::Module {
public:
  explicit EmbeddingsImpl(const DistilBertConfig &config);
  torch::Tensor forward(const torch::Tensor &input_ids);

private:
  int64_t dim_;
  double dropout_;
  torch::nn::Embedding word_embeddings{nullptr};
  torch::nn::Embedding position_embeddings{nullptr};
  torch::Tensor ln_weight, ln_bias;
};
TORCH_MODULE(Embeddings);

class MultiHeadSelfAttentionImpl : public torch::nn::Module {
public:
  explicit MultiHeadSelfAttentionImpl(const DistilBertConfig &config);
  // x: (B, T, dim); mask: (B, T), 1 for tokens and 0 for padding.
  torch::Tensor forward(const torch::Tensor &x, const torch::Tensor &mask);

private:
  int64_t n_heads_, dim_;
  double attention_dropout_;
  torch::nn::Linear q_lin{nullptr}, k_lin{nullptr}, v_lin{nullptr},
      out_lin{nullptr};
};
TORCH_MODULE(MultiHeadSelfAttention);

class FFNImpl : public torch::nn::Module {
public:
  explicit FFNImpl(const DistilBertConfig &config);
  torch::Tensor forward(torch::Tensor x);

private:
  double dropout_;
  torch::nn::Linear lin1{nullptr}, lin2{nullptr};
};
TORCH_MODULE(FFN);

class TransformerBlockImpl : public torch::nn::Module {
public:
  explicit TransformerBlockImpl(const DistilBertConfig &config);
  torch::Tensor forward(const torch::Tensor &x, const torch::Tensor &mask);

private:
  int64_t dim_;
  MultiHeadSelfAttention attention{nullptr};
  FFN ffn{nullptr};
  torch::Tensor sa_ln_weight, sa_ln_bias;
  torch::Tensor output_ln_weight, output_ln_bias;
};
TORCH_MODULE(TransformerBlock);

class DistilBertForSequenceClassificationImpl : public torch::nn::Module {
public:
  explicit DistilBertForSequenceClassificationImpl(
      const DistilBertConfig &config);
  // -> logits (B, num_labels)
  torch::Tensor forward(const torch::Tensor &input_ids,
                        const torch::Tensor &attention_mask);

private:
  DistilBertConfig config_;
  Embeddings embeddings{nullptr};
  torch::nn::ModuleList layer;
  torch::nn::Linear pre_classifier{nullptr};
  torch::nn::Linear classifier{nullptr};
};
TORCH_MODULE(DistilBertForSequenceClassification);

} // namespace distil
