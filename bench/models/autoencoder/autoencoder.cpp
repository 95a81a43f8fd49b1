// Definitions for the autoencoder declared in autoencoder.h.
#include "autoencoder.h"

#include <cmath>

namespace ae {

namespace {
const double kSqrt2OverPi = std::sqrt(2.0 / M_PI);
} // namespace

torch::Tensor GELUImpl::forward(const torch::Tensor &x) {
  if (approximate) {
    return 0.5 * x * (1 + torch::tanh(kSqrt2OverPi * (x + 0.044715 * x * x * x)));
  }
  auto cdf = 0.5 * (1.0 + torch::erf(x * M_SQRT1_2));
  return x * cdf;
}

LayerNormImpl::LayerNormImpl(int64_t features, double eps) : eps(eps) {
  weight = register_parameter("weight", torch::ones({features}));
  bias = register_parameter("bias", torch::zeros({features}));
}

torch::Tensor LayerNormImpl::forward(const torch::Tensor &x) {
  auto mean = x.mean(-1, /*keepdim=*/true);
  auto var = (x - mean).pow(2).mean(-1, /*keepdim=*/true);
  auto x_hat = (x - mean) / torch::sqrt(var + eps);
  return x_hat * weight + bias;
}

AutoencoderImpl::AutoencoderImpl(const AutoencoderConfig &cfg) {
  int64_t in = cfg.input_dim;
  for (int64_t h : cfg.hidden) {
    enc_linears->push_back(torch::nn::Linear(in, h));
    enc_acts->push_back(GELU(cfg.tanh_gelu));
    enc_norms->push_back(LayerNorm(h));
    in = h;
  }
  register_module("enc_linears", enc_linears);
  register_module("enc_acts", enc_acts);
  register_module("enc_norms", enc_norms);
  to_latent = register_module("to_latent", torch::nn::Linear(in, cfg.latent_dim));

  // Decoder mirrors the encoder.
  std::vector<int64_t> dims = {cfg.latent_dim};
  dims.insert(dims.end(), cfg.hidden.rbegin(), cfg.hidden.rend());
  dims.push_back(cfg.input_dim);
  for (size_t i = 0; i + 1 < dims.size(); ++i) {
    dec_linears->push_back(torch::nn::Linear(dims[i], dims[i + 1]));
  }
  register_module("dec_linears", dec_linears);
}

torch::Tensor AutoencoderImpl::encode(torch::Tensor x) {
  for (size_t i = 0; i < enc_linears->size(); ++i) {
    // Linear -> user GELU module -> user LayerNorm module. The GELU and the
    // LayerNorm formulas are sites inside their own modules.
    x = enc_linears[i]->as<torch::nn::Linear>()->forward(x);
    x = enc_acts[i]->as<GELU>()->forward(x);
    x = enc_norms[i]->as<LayerNorm>()->forward(x);
  }
  return to_latent(x);
}

torch::Tensor AutoencoderImpl::decode(torch::Tensor z) {
  const size_t n = dec_linears->size();
  for (size_t i = 0; i + 1 < n; ++i) {
    z = torch::gelu(dec_linears[i]->as<torch::nn::Linear>()->forward(z));
  }
  return torch::sigmoid(dec_linears[n - 1]->as<torch::nn::Linear>()->forward(z));
}

torch::Tensor AutoencoderImpl::forward(torch::Tensor x) {
  return decode(encode(x));
}

torch::Tensor standardize_batch(const torch::Tensor &x, double eps) {
  // Look-alike: a normalisation over dimension 0 (the batch), not over the
  // last dimension, so this is not layernorm-manual.
  auto mu = x.mean(0, /*keepdim=*/true);
  auto var = (x - mu).pow(2).mean(0, /*keepdim=*/true);
  return (x - mu) / torch::sqrt(var + eps);
}

} // namespace ae
