// Definitions for the small LLaMA declared in llama.h.
#include "llama.h"

#include <cmath>
#include <limits>

namespace F = torch::nn::functional;
using torch::indexing::Slice;

namespace llama {

RMSNormImpl::RMSNormImpl(int64_t dim, double eps) : eps_(eps) {
  weight_ = register_parameter("weight", torch::ones({dim}));
}

torch::Tensor RMSNormImpl::forward(const torch::Tensor &x) {
  auto output = x * torch::rsqrt(x.pow(2).mean(-1, /*keepdim=*/true) + eps_);
  return output * weight_;
}

torch::Tensor apply_rotary_emb(const torch::Tensor &x, const torch::Tensor &cos,
                               const torch::Tensor &sin) {
  // Pairs (x[..., 2i], x[..., 2i+1]) are rotated like complex numbers.
  auto pairs = x.reshape({x.size(0), x.size(1), x.size(2), -1, 2});
  auto xr = pairs.select(-1, 0);
  auto xi = pairs.select(-1, 1);
  auto c = cos.view({1, x.size(1), 1, -1});
  auto s = sin.view({1, x.size(1), 1, -1});
  auto out = torch::stack({xr * c - xi * s, xr * s + xi * c}, -1);
  return out.flatten(3);
}

AttentionImpl::AttentionImpl(const ModelArgs &args)
    : n_heads_(args.n_heads), head_dim_(args.dim / args.n_heads) {
  auto opts = torch::nn::LinearOptions(args.dim, args.dim).bias(false);
  wq = register_module("wq", torch::nn::Linear(opts));
  wk = register_module("wk", torch::nn::Linear(opts));
  wv = register_module("wv", torch::nn::Linear(opts));
  wo = register_module("wo", torch::nn::Linear(opts));
}

torch::Tensor AttentionImpl::forward(const torch::Tensor &x,
                                     const torch::Tensor &cos,
                                     const torch::Tensor &sin,
                                     const torch::Tensor &mask) {
  const auto bsz = x.size(0);
  const auto seqlen = x.size(1);

  auto xq = wq(x).view({bsz, seqlen, n_heads_, head_dim_});
  auto xk = wk(x).view({bsz, seqlen, n_heads_, head_dim_});
  auto xv = wv(x).view({bsz, seqlen, n_heads_, head_dim_});

  xq = apply_rotary_emb(xq, cos, sin);
  xk = apply_rotary_emb(xk, cos, sin);

  // (B, H, T, D)
  xq = xq.transpose(1, 2);
  xk = xk.transpose(1, 2);
  xv = xv.transpose(1, 2);

  auto scores = torch::matmul(xq, xk.transpose(2, 3)) /
                std::sqrt(static_cast<double>(head_dim_));
  if (mask.defined()) {
    scores = scores + mask; // (T, T), -inf above the diagonal
  }
  scores = torch::softmax(scores, /*dim=*/-1);
  auto output = torch::matmul(scores, xv); // (B, H, T, D)
  output = output.transpose(1, 2).contiguous().view({bsz, seqlen, -1});
  return wo(output);
}

FeedForwardImpl::FeedForwardImpl(int64_t dim, int64_t hidden_dim)
    : w1(register_module(
          "w1", torch::nn::Linear(
                    torch::nn::LinearOptions(dim, hidden_dim).bias(false)))),
      w2(register_module(
          "w2", torch::nn::Linear(
                    torch::nn::LinearOptions(hidden_dim, dim).bias(false)))),
      w3(register_module(
          "w3", torch::nn::Linear(
                    torch::nn::LinearOptions(dim, hidden_dim).bias(false)))) {}

torch::Tensor FeedForwardImpl::forward(const torch::Tensor &x) {
  return w2(F::silu(w1(x)) * w3(x));
}

TransformerBlockImpl::TransformerBlockImpl(const ModelArgs &args) {
  attention = register_module("attention", Attention(args));
  feed_forward =
      register_module("feed_forward", FeedForward(args.dim, args.hidden_dim));
  attention_norm =
      register_module("attention_norm", RMSNorm(args.dim, args.norm_eps));
  ffn_norm = register_module("ffn_norm", RMSNorm(args.dim, args.norm_eps));
}

torch::Tensor TransformerBlockImpl::forward(const torch::Tensor &x,
                                            const torch::Tensor &cos,
                                            const torch::Tensor &sin,
                                            const torch::Tensor &mask) {
  auto h = x + attention->forward(attention_norm(x), cos, sin, mask);
  auto out = h + feed_forward->forward(ffn_norm(h));
  return out;
}

TransformerImpl::TransformerImpl(const ModelArgs &args) : args_(args) {
  tok_embeddings = register_module(
      "tok_embeddings", torch::nn::Embedding(args.vocab_size, args.dim));
  for (int64_t layer_id = 0; layer_id < args.n_layers; ++layer_id) {
    layers->push_back(TransformerBlock(args));
  }
  register_module("layers", layers);
  norm = register_module("norm", RMSNorm(args.dim, args.norm_eps));
  output = register_module(
      "output",
      torch::nn::Linear(
          torch::nn::LinearOptions(args.dim, args.vocab_size).bias(false)));

  // Rotary tables: theta_i = rope_theta^(-2i / head_dim), angle = t * theta_i.
  const int64_t head_dim = args.dim / args.n_heads;
  auto inv_freq =
      1.0 /
      torch::pow(args.rope_theta, torch::arange(0, head_dim, 2, torch::kFloat) /
                                      static_cast<double>(head_dim));
  auto t = torch::arange(args.max_seq_len, torch::kFloat);
  auto freqs = torch::outer(t, inv_freq);
  freqs_cos = register_buffer("freqs_cos", torch::cos(freqs));
  freqs_sin = register_buffer("freqs_sin", torch::sin(freqs));
}

torch::Tensor TransformerImpl::forward(const torch::Tensor &tokens) {
  const int64_t seqlen = tokens.size(1);
  auto h = tok_embeddings(tokens);
  auto cos = freqs_cos.index({Slice(0, seqlen)});
  auto sin = freqs_sin.index({Slice(0, seqlen)});

  torch::Tensor mask; // stays undefined for a single token
  if (seqlen > 1) {
    mask =
        torch::full({seqlen, seqlen}, -std::numeric_limits<float>::infinity());
    mask = torch::triu(mask, /*diagonal=*/1);
  }

  for (const auto &layer : *layers) {
    h = layer->as<TransformerBlock>()->forward(h, cos, sin, mask);
  }
  h = norm(h);
  return output(h);
}

torch::Tensor TransformerImpl::sample_next(const torch::Tensor &tokens,
                                           double temperature) {
  torch::NoGradGuard no_grad;
  auto logits = forward(tokens).index({Slice(), -1});
  // Look-alike, not a masked-softmax: temperature scaling then softmax, but
  // no mask in between.
  auto probs = torch::softmax(logits / temperature, -1);
  return torch::multinomial(probs, 1);
}

} // namespace llama
