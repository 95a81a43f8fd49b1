// Definitions for the Whisper audio encoder declared in whisper_encoder.h.
#include "whisper_encoder.h"

#include <cmath>
#include <limits>

namespace F = torch::nn::functional;
using torch::indexing::Slice;

torch::Tensor sinusoids(int64_t length, int64_t channels,
                        double max_timescale) {
  TORCH_CHECK(channels % 2 == 0, "channels must be even");
  const double log_timescale_increment =
      std::log(max_timescale) / static_cast<double>(channels / 2 - 1);
  auto inv_timescales = torch::exp(-log_timescale_increment *
                                   torch::arange(channels / 2, torch::kFloat));
  auto scaled_time = torch::arange(length, torch::kFloat).unsqueeze(1) *
                     inv_timescales.unsqueeze(0);
  return torch::cat({torch::sin(scaled_time), torch::cos(scaled_time)},
                    /*dim=*/1);
}

MultiHeadAttentionImpl::MultiHeadAttentionImpl(int64_t n_state, int64_t n_head)
    : n_head_(n_head) {
  // (The released Whisper has no bias on `key`; this port keeps one so that
  // the three projections can be packed.)
  query = register_module("query", torch::nn::Linear(n_state, n_state));
  key = register_module("key", torch::nn::Linear(n_state, n_state));
  value = register_module("value", torch::nn::Linear(n_state, n_state));
  out = register_module("out", torch::nn::Linear(n_state, n_state));
}

torch::Tensor MultiHeadAttentionImpl::forward(const torch::Tensor &x) {
  auto q = query(x);
  auto k = key(x);
  auto v = value(x);
  auto wv = qkv_attention(q, k, v);
  return out(wv);
}

torch::Tensor MultiHeadAttentionImpl::qkv_attention(torch::Tensor q,
                                                    torch::Tensor k,
                                                    torch::Tensor v) {
  const int64_t n_batch = q.size(0), n_ctx = q.size(1), n_state = q.size(2);
  const double scale = std::pow(static_cast<double>(n_state / n_head_), -0.5);
  q = q.view({n_batch, n_ctx, n_head_, -1}).permute({0, 2, 1, 3});
  k = k.view({n_batch, n_ctx, n_head_, -1})
          .permute({0, 2, 3, 1}); // k transposed
  v = v.view({n_batch, n_ctx, n_head_, -1}).permute({0, 2, 1, 3});

  // The scale is applied to q before the product.
  auto qk = torch::matmul(q * scale, k);
  auto w = torch::softmax(qk, /*dim=*/-1);
  return torch::matmul(w, v).permute({0, 2, 1, 3}).flatten(2);
}

ResidualAttentionBlockImpl::ResidualAttentionBlockImpl(int64_t n_state,
                                                       int64_t n_head)
    : attn(register_module("attn", MultiHeadAttention(n_state, n_head))),
      attn_ln(register_module(
          "attn_ln",
          torch::nn::LayerNorm(torch::nn::LayerNormOptions({n_state})))) {
  const int64_t n_mlp = n_state * 4;
  mlp = register_module(
      "mlp", torch::nn::Sequential(torch::nn::Linear(n_state, n_mlp),
                                   torch::nn::GELU(),
                                   torch::nn::Linear(n_mlp, n_state)));
  mlp_ln = register_module(
      "mlp_ln", torch::nn::LayerNorm(torch::nn::LayerNormOptions({n_state})));
}

torch::Tensor ResidualAttentionBlockImpl::forward(torch::Tensor x) {
  x = x + attn(attn_ln(x));
  x = x + mlp->forward(mlp_ln(x));
  return x;
}

AudioEncoderImpl::AudioEncoderImpl(const WhisperConfig &dims) {
  conv1 = register_module(
      "conv1", torch::nn::Conv1d(
                   torch::nn::Conv1dOptions(dims.n_mels, dims.n_audio_state, 3)
                       .padding(1)));
  conv2 = register_module(
      "conv2", torch::nn::Conv1d(torch::nn::Conv1dOptions(dims.n_audio_state,
                                                          dims.n_audio_state, 3)
                                     .stride(2)
                                     .padding(1)));
  positional_embedding = register_buffer(
      "positional_embedding", sinusoids(dims.n_audio_ctx, dims.n_audio_state));
  for (int64_t i = 0; i < dims.n_audio_layer; ++i) {
    blocks->push_back(
        ResidualAttentionBlock(dims.n_audio_state, dims.n_audio_head));
  }
  register_module("blocks", blocks);
  ln_post = register_module(
      "ln_post",
      torch::nn::LayerNorm(torch::nn::LayerNormOptions({dims.n_audio_state})));
}

torch::Tensor AudioEncoderImpl::forward(const torch::Tensor &mel) {
  // Convolution then GELU, with no BatchNorm: not a conv-bn site.
  auto x = F::gelu(conv1(mel));
  x = F::gelu(conv2(x));
  x = x.permute({0, 2, 1}); // (B, T, D)
  x = x + positional_embedding.index({Slice(0, x.size(1))});
  for (const auto &block : *blocks) {
    x = block->as<ResidualAttentionBlock>()->forward(x);
  }
  return ln_post(x);
}

LanguageIdHeadImpl::LanguageIdHeadImpl(int64_t n_state, int64_t n_languages)
    : score(register_module("score", torch::nn::Linear(n_state, 1))),
      classifier(register_module("classifier",
                                 torch::nn::Linear(n_state, n_languages))) {}

torch::Tensor LanguageIdHeadImpl::forward(const torch::Tensor &x,
                                          const torch::Tensor &pad_mask) {
  auto scores = score(x); // (B, T, 1)
  scores = scores.masked_fill(pad_mask.unsqueeze(-1),
                              -std::numeric_limits<float>::infinity());
  // Look-alike, not a masked-softmax: the softmax runs over time (dim 1),
  // not over the last dimension.
  auto weights = torch::softmax(scores, /*dim=*/1);
  auto pooled = (weights * x).sum(1);
  return classifier(pooled);
}

WhisperLanguageIdImpl::WhisperLanguageIdImpl(const WhisperConfig &dims) {
  encoder = register_module("encoder", AudioEncoder(dims));
  head = register_module("head",
                         LanguageIdHead(dims.n_audio_state, dims.n_languages));
}

torch::Tensor WhisperLanguageIdImpl::forward(const torch::Tensor &mel,
                                             const torch::Tensor &pad_mask) {
  return head(encoder(mel), pad_mask);
}
