// An encoder-decoder Transformer for translation, ported from PyTorch's
// "Language Translation with nn.Transformer" tutorial, with the encoder and
// decoder layers written out around torch::nn::MultiheadAttention
// submodules (post-LayerNorm, as in the original Transformer).
//
// Tensors are sequence-first, (T, B, E), because LibTorch 1.13's
// MultiheadAttention has no batch_first option.
#pragma once

#include <torch/torch.h>

#include <cstdint>

struct Seq2SeqConfig {
  int64_t src_vocab_size = 40;
  int64_t tgt_vocab_size = 40;
  int64_t d_model = 32;
  int64_t nhead = 4;
  int64_t num_encoder_layers = 2;
  int64_t num_decoder_layers = 2;
  int64_t dim_feedforward = 64;
  double dropout = 0.1;
  int64_t max_len = 64;
  int64_t pad_idx = 0;
};

// (sz, sz) float mask: 0 on and below the diagonal, -inf above.
torch::Tensor generate_square_subsequent_mask(int64_t sz);

class PositionalEncodingImpl : public torch::nn::Module {
public:
  PositionalEncodingImpl(int64_t d_model, double dropout, int64_t max_len);
  torch::Tensor forward(const torch::Tensor &token_embedding);

private:
  torch::nn::Dropout dropout{nullptr};
  torch::Tensor pos_embedding; // buffer, (max_len, 1, d_model)
};
TORCH_MODULE(PositionalEncoding);

class EncoderLayerImpl : public torch::nn::Module {
public:
  explicit EncoderLayerImpl(const Seq2SeqConfig &cfg);
  torch::Tensor forward(torch::Tensor src,
                        const torch::Tensor &src_key_padding_mask);

private:
  torch::nn::MultiheadAttention self_attn{nullptr};
  torch::nn::Linear linear1{nullptr}, linear2{nullptr};
  torch::nn::Dropout dropout{nullptr}, dropout1{nullptr}, dropout2{nullptr};
  torch::nn::LayerNorm norm1{nullptr}, norm2{nullptr};
};
TORCH_MODULE(EncoderLayer);

class DecoderLayerImpl : public torch::nn::Module {
public:
  explicit DecoderLayerImpl(const Seq2SeqConfig &cfg);
  torch::Tensor forward(torch::Tensor tgt, const torch::Tensor &memory,
                        const torch::Tensor &tgt_mask,
                        const torch::Tensor &tgt_key_padding_mask,
                        const torch::Tensor &memory_key_padding_mask);

private:
  torch::nn::MultiheadAttention self_attn{nullptr}, multihead_attn{nullptr};
  torch::nn::Linear linear1{nullptr}, linear2{nullptr};
  torch::nn::Dropout dropout{nullptr}, dropout1{nullptr}, dropout2{nullptr},
      dropout3{nullptr};
  torch::nn::LayerNorm norm1{nullptr}, norm2{nullptr}, norm3{nullptr};
};
TORCH_MODULE(DecoderLayer);

class Seq2SeqTransformerImpl : public torch::nn::Module {
public:
  explicit Seq2SeqTransformerImpl(const Seq2SeqConfig &cfg);

  // src: (S, B), tgt: (T, B) token ids -> logits (T, B, tgt_vocab_size)
  torch::Tensor forward(const torch::Tensor &src, const torch::Tensor &tgt,
                        const torch::Tensor &tgt_mask,
                        const torch::Tensor &src_padding_mask,
                        const torch::Tensor &tgt_padding_mask);

  torch::Tensor encode(const torch::Tensor &src,
                       const torch::Tensor &src_padding_mask);
  torch::Tensor decode(const torch::Tensor &tgt, const torch::Tensor &memory,
                       const torch::Tensor &tgt_mask,
                       const torch::Tensor &tgt_padding_mask,
                       const torch::Tensor &memory_padding_mask);

  // Greedy decoding of a single source sentence (S, 1).
  torch::Tensor greedy_decode(const torch::Tensor &src, int64_t max_len,
                              int64_t start_symbol);

private:
  Seq2SeqConfig cfg_;
  torch::nn::Embedding src_tok_emb{nullptr}, tgt_tok_emb{nullptr};
  PositionalEncoding positional_encoding{nullptr};
  torch::nn::ModuleList encoder_layers, decoder_layers;
  torch::nn::LayerNorm encoder_norm{nullptr}, decoder_norm{nullptr};
  torch::nn::Linear generator{nullptr};
};
TORCH_MODULE(Seq2SeqTransformer);
