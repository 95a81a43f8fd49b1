// Definitions for the translation Transformer declared in
// seq2seq_transformer.h.
#include "seq2seq_transformer.h"

#include <cmath>
#include <limits>

namespace F = torch::nn::functional;
using torch::indexing::None;
using torch::indexing::Slice;

torch::Tensor generate_square_subsequent_mask(int64_t sz) {
  auto mask = torch::full({sz, sz}, -std::numeric_limits<float>::infinity());
  return torch::triu(mask, /*diagonal=*/1);
}

PositionalEncodingImpl::PositionalEncodingImpl(int64_t d_model, double p,
                                               int64_t max_len) {
  auto den = torch::exp(-torch::arange(0, d_model, 2, torch::kFloat) *
                        std::log(10000.0) / d_model);
  auto pos = torch::arange(0, max_len, torch::kFloat).reshape({max_len, 1});
  auto pe = torch::zeros({max_len, d_model});
  pe.index_put_({Slice(), Slice(0, None, 2)}, torch::sin(pos * den));
  pe.index_put_({Slice(), Slice(1, None, 2)}, torch::cos(pos * den));
  pos_embedding = register_buffer("pos_embedding", pe.unsqueeze(1));
  dropout = register_module("dropout", torch::nn::Dropout(p));
}

torch::Tensor
PositionalEncodingImpl::forward(const torch::Tensor &token_embedding) {
  return dropout(token_embedding +
                 pos_embedding.index({Slice(0, token_embedding.size(0))}));
}

EncoderLayerImpl::EncoderLayerImpl(const Seq2SeqConfig &cfg) {
  self_attn = register_module(
      "self_attn",
      torch::nn::MultiheadAttention(
          torch::nn::MultiheadAttentionOptions(cfg.d_model, cfg.nhead)
              .dropout(cfg.dropout)));
  linear1 = register_module(
      "linear1", torch::nn::Linear(cfg.d_model, cfg.dim_feedforward));
  linear2 = register_module(
      "linear2", torch::nn::Linear(cfg.dim_feedforward, cfg.d_model));
  dropout = register_module("dropout", torch::nn::Dropout(cfg.dropout));
  dropout1 = register_module("dropout1", torch::nn::Dropout(cfg.dropout));
  dropout2 = register_module("dropout2", torch::nn::Dropout(cfg.dropout));
  norm1 = register_module(
      "norm1",
      torch::nn::LayerNorm(torch::nn::LayerNormOptions({cfg.d_model})));
  norm2 = register_module(
      "norm2",
      torch::nn::LayerNorm(torch::nn::LayerNormOptions({cfg.d_model})));
}

torch::Tensor
EncoderLayerImpl::forward(torch::Tensor src,
                          const torch::Tensor &src_key_padding_mask) {
  auto attn =
      self_attn(src, src, src, src_key_padding_mask, /*need_weights=*/false);
  src = norm1(src + dropout1(std::get<0>(attn)));
  auto ff = linear2(dropout(torch::relu(linear1(src))));
  src = norm2(src + dropout2(ff));
  return src;
}

DecoderLayerImpl::DecoderLayerImpl(const Seq2SeqConfig &cfg) {
  auto mha_opts = torch::nn::MultiheadAttentionOptions(cfg.d_model, cfg.nhead)
                      .dropout(cfg.dropout);
  self_attn =
      register_module("self_attn", torch::nn::MultiheadAttention(mha_opts));
  multihead_attn = register_module("multihead_attn",
                                   torch::nn::MultiheadAttention(mha_opts));
  linear1 = register_module(
      "linear1", torch::nn::Linear(cfg.d_model, cfg.dim_feedforward));
  linear2 = register_module(
      "linear2", torch::nn::Linear(cfg.dim_feedforward, cfg.d_model));
  dropout = register_module("dropout", torch::nn::Dropout(cfg.dropout));
  dropout1 = register_module("dropout1", torch::nn::Dropout(cfg.dropout));
  dropout2 = register_module("dropout2", torch::nn::Dropout(cfg.dropout));
  dropout3 = register_module("dropout3", torch::nn::Dropout(cfg.dropout));
  auto ln_opts = torch::nn::LayerNormOptions({cfg.d_model});
  norm1 = register_module("norm1", torch::nn::LayerNorm(ln_opts));
  norm2 = register_module("norm2", torch::nn::LayerNorm(ln_opts));
  norm3 = register_module("norm3", torch::nn::LayerNorm(ln_opts));
}

torch::Tensor
DecoderLayerImpl::forward(torch::Tensor tgt, const torch::Tensor &memory,
                          const torch::Tensor &tgt_mask,
                          const torch::Tensor &tgt_key_padding_mask,
                          const torch::Tensor &memory_key_padding_mask) {
  auto sa = std::get<0>(self_attn->forward(tgt, tgt, tgt, tgt_key_padding_mask,
                                           /*need_weights=*/false, tgt_mask));
  tgt = norm1(tgt + dropout1(sa));
  auto ca = std::get<0>(multihead_attn->forward(tgt, memory, memory,
                                                memory_key_padding_mask,
                                                /*need_weights=*/false));
  tgt = norm2(tgt + dropout2(ca));
  auto ff = linear1(tgt);
  ff = linear2(dropout(F::relu(ff)));
  tgt = norm3(dropout3(ff) + tgt);
  return tgt;
}

Seq2SeqTransformerImpl::Seq2SeqTransformerImpl(const Seq2SeqConfig &cfg)
    : cfg_(cfg) {
  src_tok_emb = register_module(
      "src_tok_emb", torch::nn::Embedding(cfg.src_vocab_size, cfg.d_model));
  tgt_tok_emb = register_module(
      "tgt_tok_emb", torch::nn::Embedding(cfg.tgt_vocab_size, cfg.d_model));
  positional_encoding = register_module(
      "positional_encoding",
      PositionalEncoding(cfg.d_model, cfg.dropout, cfg.max_len));
  for (int64_t i = 0; i < cfg.num_encoder_layers; ++i) {
    encoder_layers->push_back(EncoderLayer(cfg));
  }
  for (int64_t i = 0; i < cfg.num_decoder_layers; ++i) {
    decoder_layers->push_back(DecoderLayer(cfg));
  }
  register_module("encoder_layers", encoder_layers);
  register_module("decoder_layers", decoder_layers);
  encoder_norm = register_module(
      "encoder_norm",
      torch::nn::LayerNorm(torch::nn::LayerNormOptions({cfg.d_model})));
  decoder_norm = register_module(
      "decoder_norm",
      torch::nn::LayerNorm(torch::nn::LayerNormOptions({cfg.d_model})));
  generator = register_module(
      "generator", torch::nn::Linear(cfg.d_model, cfg.tgt_vocab_size));
}

torch::Tensor
Seq2SeqTransformerImpl::encode(const torch::Tensor &src,
                               const torch::Tensor &src_padding_mask) {
  auto x = positional_encoding(src_tok_emb(src) *
                               std::sqrt(static_cast<double>(cfg_.d_model)));
  for (const auto &layer : *encoder_layers) {
    x = layer->as<EncoderLayer>()->forward(x, src_padding_mask);
  }
  return encoder_norm(x);
}

torch::Tensor Seq2SeqTransformerImpl::decode(
    const torch::Tensor &tgt, const torch::Tensor &memory,
    const torch::Tensor &tgt_mask, const torch::Tensor &tgt_padding_mask,
    const torch::Tensor &memory_padding_mask) {
  auto x = positional_encoding(tgt_tok_emb(tgt) *
                               std::sqrt(static_cast<double>(cfg_.d_model)));
  for (const auto &layer : *decoder_layers) {
    x = layer->as<DecoderLayer>()->forward(
        x, memory, tgt_mask, tgt_padding_mask, memory_padding_mask);
  }
  return decoder_norm(x);
}

torch::Tensor Seq2SeqTransformerImpl::forward(
    const torch::Tensor &src, const torch::Tensor &tgt,
    const torch::Tensor &tgt_mask, const torch::Tensor &src_padding_mask,
    const torch::Tensor &tgt_padding_mask) {
  auto memory = encode(src, src_padding_mask);
  auto outs = decode(tgt, memory, tgt_mask, tgt_padding_mask, src_padding_mask);
  return generator(outs);
}

torch::Tensor Seq2SeqTransformerImpl::greedy_decode(const torch::Tensor &src,
                                                    int64_t max_len,
                                                    int64_t start_symbol) {
  torch::NoGradGuard no_grad;
  auto src_padding_mask = (src == cfg_.pad_idx).transpose(0, 1);
  auto memory = encode(src, src_padding_mask);
  auto ys = torch::full({1, 1}, start_symbol, torch::kLong);
  for (int64_t i = 0; i + 1 < max_len; ++i) {
    auto tgt_mask = generate_square_subsequent_mask(ys.size(0));
    auto out = decode(ys, memory, tgt_mask, torch::Tensor(), src_padding_mask);
    // Look-alike, not a log-softmax-nll: the log-probabilities go to argmax.
    auto log_probs = torch::log_softmax(generator(out[-1]), /*dim=*/-1);
    auto next_word = log_probs.argmax(-1).view({1, 1});
    ys = torch::cat({ys, next_word}, /*dim=*/0);
  }
  return ys;
}
