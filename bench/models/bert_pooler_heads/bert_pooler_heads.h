// A small BERT-like encoder (embeddings + torch::nn::TransformerEncoder)
// with the task heads people bolt onto it: the BERT pooler, a RoBERTa-style
// classification head, a token-classification head, a regression head, a
// SimCLR projection head, a retrieval embedding head and a highway gate.
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <utility>

namespace heads {

struct EncoderConfig {
  int64_t vocab_size = 80;
  int64_t hidden = 32;
  int64_t num_layers = 2;
  int64_t num_heads = 4;
  int64_t ffn_dim = 64;
  int64_t max_len = 32;
  double dropout = 0.1;
  int64_t num_labels = 3;
  int64_t num_token_labels = 5;
  int64_t proj_dim = 16;
};

enum class Task { kSequence, kToken, kRegression, kContrastive };

struct EncoderImpl : torch::nn::Module {
  explicit EncoderImpl(const EncoderConfig &cfg);
  // ids: (B, T); pad_mask: (B, T) bool, true at padding -> (B, T, hidden)
  torch::Tensor forward(const torch::Tensor &ids,
                        const torch::Tensor &pad_mask);

  torch::nn::Embedding tok{nullptr}, pos{nullptr};
  torch::nn::LayerNorm norm{nullptr};
  torch::nn::Dropout drop{nullptr};
  torch::nn::TransformerEncoder encoder{nullptr};
};
TORCH_MODULE(Encoder);

// BERT pooler: dense + tanh on the first token.
struct PoolerImpl : torch::nn::Module {
  explicit PoolerImpl(int64_t hidden);
  torch::Tensor forward(const torch::Tensor &hidden_states);

  torch::nn::Linear dense{nullptr};
  torch::nn::Tanh activation;
};
TORCH_MODULE(Pooler);

// RoBERTa's classification head: dropout, dense, relu, dropout, out_proj.
struct ClassificationHeadImpl : torch::nn::Module {
  ClassificationHeadImpl(int64_t hidden, int64_t num_labels, double dropout);
  torch::Tensor forward(const torch::Tensor &features);

  torch::nn::Dropout dropout{nullptr};
  torch::nn::Linear dense{nullptr}, out_proj{nullptr};
};
TORCH_MODULE(ClassificationHead);

struct TokenClassificationHeadImpl : torch::nn::Module {
  TokenClassificationHeadImpl(int64_t hidden, int64_t num_labels,
                              double dropout);
  torch::Tensor forward(const torch::Tensor &hidden_states);

  torch::nn::Dropout dropout{nullptr};
  torch::nn::Linear dense{nullptr};
  torch::nn::LeakyReLU act{nullptr};
  torch::nn::Linear classifier{nullptr};
};
TORCH_MODULE(TokenClassificationHead);

struct RegressionHeadImpl : torch::nn::Module {
  explicit RegressionHeadImpl(int64_t hidden);
  torch::Tensor forward(const torch::Tensor &pooled);

  torch::nn::Linear dense{nullptr}, out{nullptr};
};
TORCH_MODULE(RegressionHead);

// SimCLR projection head: Linear, BatchNorm1d, ReLU, Linear.
struct ProjectionHeadImpl : torch::nn::Module {
  ProjectionHeadImpl(int64_t hidden, int64_t proj_dim);
  torch::Tensor forward(const torch::Tensor &pooled);

  torch::nn::Sequential net{nullptr};
};
TORCH_MODULE(ProjectionHead);

// Returns the raw embedding (for retrieval) and its ReLU (for a classifier).
struct EmbeddingHeadImpl : torch::nn::Module {
  EmbeddingHeadImpl(int64_t hidden, int64_t dim);
  std::pair<torch::Tensor, torch::Tensor> forward(const torch::Tensor &pooled);

  torch::nn::Linear proj{nullptr};
};
TORCH_MODULE(EmbeddingHead);

// Highway gate: t * gelu(x) + (1 - t) * x with t = sigmoid(gate(x)).
struct HighwayImpl : torch::nn::Module {
  explicit HighwayImpl(int64_t hidden);
  torch::Tensor forward(const torch::Tensor &x);

  torch::nn::Linear gate{nullptr};
};
TORCH_MODULE(Highway);

struct MultiTaskModelImpl : torch::nn::Module {
  explicit MultiTaskModelImpl(const EncoderConfig &cfg);
  torch::Tensor forward(const torch::Tensor &ids, const torch::Tensor &pad_mask,
                        Task task);
  // (raw embedding, relu(embedding)) of the pooled sequence.
  std::pair<torch::Tensor, torch::Tensor> embed(const torch::Tensor &ids,
                                                const torch::Tensor &pad_mask);

  Encoder encoder{nullptr};
  Pooler pooler{nullptr};
  ClassificationHead cls_head{nullptr};
  TokenClassificationHead token_head{nullptr};
  Highway highway{nullptr};
  RegressionHead reg_head{nullptr};
  ProjectionHead proj_head{nullptr};
  EmbeddingHead emb_head{nullptr};
};
TORCH_MODULE(MultiTaskModel);

} // namespace heads
