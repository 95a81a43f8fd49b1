// Definitions for the encoder and task heads declared in bert_pooler_heads.h.
#include "bert_pooler_heads.h"

namespace heads {

EncoderImpl::EncoderImpl(const EncoderConfig &cfg) {
  tok =
      register_module("tok", torch::nn::Embedding(cfg.vocab_size, cfg.hidden));
  pos = register_module("pos", torch::nn::Embedding(cfg.max_len, cfg.hidden));
  norm = register_module(
      "norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({cfg.hidden})));
  drop = register_module("drop", torch::nn::Dropout(cfg.dropout));
  // Not an mha-module site: the attention lives inside the library layer.
  auto layer = torch::nn::TransformerEncoderLayer(
      torch::nn::TransformerEncoderLayerOptions(cfg.hidden, cfg.num_heads)
          .dim_feedforward(cfg.ffn_dim)
          .dropout(cfg.dropout));
  encoder = register_module("encoder", torch::nn::TransformerEncoder(
                                           torch::nn::TransformerEncoderOptions(
                                               layer, cfg.num_layers)));
}

torch::Tensor EncoderImpl::forward(const torch::Tensor &ids,
                                   const torch::Tensor &pad_mask) {
  auto positions = torch::arange(ids.size(1), ids.options()).unsqueeze(0);
  auto x = norm(tok(ids) + pos(positions));
  x = drop(x);
  // TransformerEncoder is sequence-first.
  x = encoder(x.transpose(0, 1), /*src_mask=*/torch::Tensor(), pad_mask);
  return x.transpose(0, 1);
}

PoolerImpl::PoolerImpl(int64_t hidden) {
  dense = register_module("dense", torch::nn::Linear(hidden, hidden));
  register_module("activation", activation);
}

torch::Tensor PoolerImpl::forward(const torch::Tensor &hidden_states) {
  return activation(dense(hidden_states.select(1, 0)));
}

ClassificationHeadImpl::ClassificationHeadImpl(int64_t hidden,
                                               int64_t num_labels, double p)
    : dropout(register_module("dropout", torch::nn::Dropout(p))),
      dense(register_module("dense", torch::nn::Linear(hidden, hidden))),
      out_proj(
          register_module("out_proj", torch::nn::Linear(hidden, num_labels))) {}

torch::Tensor ClassificationHeadImpl::forward(const torch::Tensor &features) {
  auto x = dropout(features.select(1, 0)); // <s> token (equiv. to [CLS])
  x = dense(x);
  x = x.relu();
  x = dropout(x);
  return out_proj(x);
}

TokenClassificationHeadImpl::TokenClassificationHeadImpl(int64_t hidden,
                                                         int64_t num_labels,
                                                         double p) {
  dropout = register_module("dropout", torch::nn::Dropout(p));
  dense = register_module("dense", torch::nn::Linear(hidden, hidden));
  act = register_module(
      "act",
      torch::nn::LeakyReLU(torch::nn::LeakyReLUOptions().negative_slope(0.1)));
  classifier =
      register_module("classifier", torch::nn::Linear(hidden, num_labels));
}

torch::Tensor
TokenClassificationHeadImpl::forward(const torch::Tensor &hidden_states) {
  auto x = dropout(hidden_states);
  x = act(dense(x));
  return classifier(x); // (B, T, num_labels)
}

RegressionHeadImpl::RegressionHeadImpl(int64_t hidden) {
  dense = register_module("dense", torch::nn::Linear(hidden, hidden));
  out = register_module("out", torch::nn::Linear(hidden, 1));
}

torch::Tensor RegressionHeadImpl::forward(const torch::Tensor &pooled) {
  auto h = dense(pooled);
  h.relu_(); // in place
  return out(h).squeeze(-1);
}

ProjectionHeadImpl::ProjectionHeadImpl(int64_t hidden, int64_t proj_dim) {
  net = register_module(
      "net",
      torch::nn::Sequential(torch::nn::Linear(hidden, hidden),
                            torch::nn::BatchNorm1d(hidden), torch::nn::ReLU(),
                            torch::nn::Linear(hidden, proj_dim)));
}

torch::Tensor ProjectionHeadImpl::forward(const torch::Tensor &pooled) {
  return net->forward(pooled);
}

EmbeddingHeadImpl::EmbeddingHeadImpl(int64_t hidden, int64_t dim) {
  proj = register_module("proj", torch::nn::Linear(hidden, dim));
}

std::pair<torch::Tensor, torch::Tensor>
EmbeddingHeadImpl::forward(const torch::Tensor &pooled) {
  // Look-alike, not a linear-relu: the Linear output is also returned.
  auto embedding = proj(pooled);
  auto activated = torch::relu(embedding);
  return {embedding, activated};
}

HighwayImpl::HighwayImpl(int64_t hidden) {
  gate = register_module("gate", torch::nn::Linear(hidden, hidden));
}

torch::Tensor HighwayImpl::forward(const torch::Tensor &x) {
  // Look-alike, not a linear-gelu: GELU is applied to the input x, not to
  // the Linear's output.
  auto t = torch::sigmoid(gate(x));
  auto h = torch::gelu(x);
  return t * h + (1 - t) * x;
}

MultiTaskModelImpl::MultiTaskModelImpl(const EncoderConfig &cfg) {
  encoder = register_module("encoder", Encoder(cfg));
  pooler = register_module("pooler", Pooler(cfg.hidden));
  cls_head = register_module(
      "cls_head", ClassificationHead(cfg.hidden, cfg.num_labels, cfg.dropout));
  token_head = register_module(
      "token_head",
      TokenClassificationHead(cfg.hidden, cfg.num_token_labels, cfg.dropout));
  highway = register_module("highway", Highway(cfg.hidden));
  reg_head = register_module("reg_head", RegressionHead(cfg.hidden));
  proj_head =
      register_module("proj_head", ProjectionHead(cfg.hidden, cfg.proj_dim));
  emb_head =
      register_module("emb_head", EmbeddingHead(cfg.hidden, cfg.proj_dim));
}

torch::Tensor MultiTaskModelImpl::forward(const torch::Tensor &ids,
                                          const torch::Tensor &pad_mask,
                                          Task task) {
  auto hidden = encoder(ids, pad_mask);
  if (task == Task::kSequence) {
    return cls_head(hidden);
  } else if (task == Task::kToken) {
    return token_head(hidden);
  }
  auto pooled = pooler(hidden);
  if (task == Task::kRegression) {
    return reg_head(highway(pooled));
  }
  return proj_head(pooled);
}

std::pair<torch::Tensor, torch::Tensor>
MultiTaskModelImpl::embed(const torch::Tensor &ids,
                          const torch::Tensor &pad_mask) {
  return emb_head(pooler(encoder(ids, pad_mask)));
}

} // namespace heads
