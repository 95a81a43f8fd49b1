// Definitions for the small GPT-2 style model declared in gpt.h.
#include "gpt.h"

#include <cmath>
#include <limits>
#include <string>

using torch::indexing::Slice;

namespace {
constexpr double kPi = 3.14159265358979323846;
} // namespace

// ---------------------------------------------------------------------------
// Free helper functions
// ---------------------------------------------------------------------------

torch::Tensor new_gelu(const torch::Tensor &x) {
  return 0.5 * x *
         (1.0 + torch::tanh(std::sqrt(2.0 / kPi) *
                            (x + 0.044715 * torch::pow(x, 3.0))));
}

torch::Tensor causal_mask(int64_t size) {
  return torch::tril(torch::ones({size, size})).view({1, 1, size, size});
}

// ---------------------------------------------------------------------------
// CausalSelfAttention
// ---------------------------------------------------------------------------

CausalSelfAttentionImpl::CausalSelfAttentionImpl(const GPTConfig &config)
    // Registered in the constructor initialiser list.
    : c_attn(register_module(
          "c_attn", torch::nn::Linear(torch::nn::LinearOptions(
                                          config.n_embd, 3 * config.n_embd)
                                          .bias(config.bias)))),
      n_head(config.n_head), n_embd(config.n_embd) {
  TORCH_CHECK(config.n_embd % config.n_head == 0,
              "n_embd must be divisible by n_head");
  // Registered in the constructor body, assigned to {nullptr} members.
  c_proj = register_module(
      "c_proj",
      torch::nn::Linear(torch::nn::LinearOptions(config.n_embd, config.n_embd)
                            .bias(config.bias)));
  attn_dropout =
      register_module("attn_dropout", torch::nn::Dropout(config.dropout));
  resid_dropout =
      register_module("resid_dropout", torch::nn::Dropout(config.dropout));
  // The causal mask is a buffer: it moves with .to(device) and is saved, but
  // is not returned by parameters().
  bias = register_buffer("bias", causal_mask(config.block_size));
}

torch::Tensor CausalSelfAttentionImpl::forward(torch::Tensor x) {
  // Batch size, sequence length, embedding dimensionality (n_embd).
  const int64_t B = x.size(0);
  const int64_t T = x.size(1);
  const int64_t C = x.size(2);
  const int64_t head_dim = C / n_head;

  // Query, key, values for all heads in one matmul, then split them apart
  // and move the head dimension forward: (B, nh, T, hs).
  auto qkv = c_attn(x).split(n_embd, /*dim=*/2);
  auto q = qkv[0].view({B, T, n_head, head_dim}).transpose(1, 2);
  auto k = qkv[1].view({B, T, n_head, head_dim}).transpose(1, 2);
  auto v = qkv[2].view({B, T, n_head, head_dim}).transpose(1, 2);

  // Causal self-attention: (B, nh, T, hs) x (B, nh, hs, T) -> (B, nh, T, T).
  auto att = q.matmul(k.transpose(-2, -1)) *
             (1.0 / std::sqrt(static_cast<double>(head_dim)));
  att = att.masked_fill(
      bias.index({Slice(), Slice(), Slice(0, T), Slice(0, T)}) == 0,
      -std::numeric_limits<float>::infinity());
  att = torch::softmax(att, -1);
  att = attn_dropout(att);
  auto y = att.matmul(v); // (B, nh, T, T) x (B, nh, T, hs) -> (B, nh, T, hs)

  // Re-assemble all head outputs side by side, then project back.
  y = y.transpose(1, 2).contiguous().view({B, T, C});
  y = resid_dropout(c_proj(y));
  return y;
}

// ---------------------------------------------------------------------------
// MLP
// ---------------------------------------------------------------------------

MLPImpl::MLPImpl(const GPTConfig &config) : tanh_gelu(config.tanh_gelu) {
  c_fc = register_module(
      "c_fc", torch::nn::Linear(
                  torch::nn::LinearOptions(config.n_embd, 4 * config.n_embd)
                      .bias(config.bias)));
  c_proj = register_module(
      "c_proj", torch::nn::Linear(
                    torch::nn::LinearOptions(4 * config.n_embd, config.n_embd)
                        .bias(config.bias)));
  dropout = register_module("dropout", torch::nn::Dropout(config.dropout));
}

torch::Tensor MLPImpl::forward(torch::Tensor x) {
  x = c_fc(x);
  x = tanh_gelu ? new_gelu(x) : torch::gelu(x);
  x = c_proj(x);
  x = dropout(x);
  return x;
}

// ---------------------------------------------------------------------------
// Block
// ---------------------------------------------------------------------------

BlockImpl::BlockImpl(const GPTConfig &config)
    : ln_1(register_module(
          "ln_1",
          torch::nn::LayerNorm(torch::nn::LayerNormOptions({config.n_embd})
                                   .elementwise_affine(true)))),
      attn(register_module("attn", CausalSelfAttention(config))) {
  ln_2 = register_module(
      "ln_2",
      torch::nn::LayerNorm(torch::nn::LayerNormOptions({config.n_embd})));
  mlp = register_module("mlp", MLP(config));
}

torch::Tensor BlockImpl::forward(torch::Tensor x) {
  x = x + attn(ln_1(x));
  x = x + mlp->forward(ln_2->forward(x));
  return x;
}

// ---------------------------------------------------------------------------
// GPT
// ---------------------------------------------------------------------------

GPTImpl::GPTImpl(const GPTConfig &config) : config_(config) {
  TORCH_CHECK(config.vocab_size > 0 && config.block_size > 0,
              "vocab_size and block_size must be positive");

  wte = register_module("wte",
                        torch::nn::Embedding(config.vocab_size, config.n_embd));
  wpe = register_module("wpe", torch::nn::Embedding(torch::nn::EmbeddingOptions(
                                   config.block_size, config.n_embd)));
  drop = register_module("drop", torch::nn::Dropout(config.dropout));

  // Blocks are pushed into the ModuleList in a loop and the list itself is
  // registered once, so their parameters are named "h.0.attn.c_attn.weight"
  // and so on.
  for (int64_t i = 0; i < config.n_layer; ++i) {
    h->push_back(Block(config));
  }
  register_module("h", h);

  ln_f = register_module(
      "ln_f",
      torch::nn::LayerNorm(torch::nn::LayerNormOptions({config.n_embd})));
  lm_head = register_module(
      "lm_head", torch::nn::Linear(
                     torch::nn::LinearOptions(config.n_embd, config.vocab_size)
                         .bias(false)));

  apply(&GPTImpl::init_weights);

  // GPT-2 scales the init of the residual projections by 1/sqrt(2 * n_layer).
  torch::NoGradGuard no_grad;
  for (auto &named : named_parameters()) {
    if (named.key().find("c_proj.weight") != std::string::npos) {
      torch::nn::init::normal_(named.value(), 0.0,
                               0.02 / std::sqrt(2.0 * config.n_layer));
    }
  }
}

void GPTImpl::init_weights(torch::nn::Module &module) {
  torch::NoGradGuard no_grad;
  if (auto *linear = module.as<torch::nn::Linear>()) {
    torch::nn::init::normal_(linear->weight, 0.0, 0.02);
    if (linear->bias.defined()) {
      torch::nn::init::zeros_(linear->bias);
    }
  } else if (auto *embedding = module.as<torch::nn::Embedding>()) {
    torch::nn::init::normal_(embedding->weight, 0.0, 0.02);
  }
}

torch::Tensor GPTImpl::forward(const torch::Tensor &idx) {
  const int64_t t = idx.size(1);
  TORCH_CHECK(t <= config_.block_size, "Cannot forward sequence of length ", t,
              ", block size is only ", config_.block_size);
  auto pos = torch::arange(0, t, idx.options().dtype(torch::kLong))
                 .unsqueeze(0); // (1, t)

  auto tok_emb = wte(idx); // (B, t, n_embd)
  auto pos_emb = wpe(pos); // (1, t, n_embd)
  auto x = drop(tok_emb + pos_emb);
  for (const auto &block : *h) {
    x = block->as<Block>()->forward(x);
  }
  x = ln_f(x);
  return lm_head(x); // (B, t, vocab_size)
}

torch::Tensor GPTImpl::generate(torch::Tensor idx, int64_t max_new_tokens,
                                double temperature) {
  torch::NoGradGuard no_grad;
  for (int64_t i = 0; i < max_new_tokens; ++i) {
    // Crop the context to the last block_size tokens.
    auto idx_cond = idx.size(1) <= config_.block_size
                        ? idx
                        : idx.index({Slice(), Slice(-config_.block_size)});
    auto logits = forward(idx_cond);
    // Logits of the last position only, scaled by the temperature.
    logits = logits.index({Slice(), -1, Slice()}) / temperature;
    auto probs = torch::softmax(logits, -1);
    auto idx_next = torch::multinomial(probs, /*num_samples=*/1);
    idx = torch::cat({idx, idx_next}, /*dim=*/1);
  }
  return idx;
}

int64_t GPTImpl::num_parameters() const {
  int64_t n = 0;
  for (const auto &p : parameters()) {
    n += p.numel();
  }
  return n;
}
