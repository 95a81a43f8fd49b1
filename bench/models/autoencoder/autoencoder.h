// A dense autoencoder for 64-dimensional feature vectors, written the way
// ports of older research code are: its own GELU and LayerNorm modules
// (predating torch.nn.GELU / LayerNorm in that codebase), an encoder of
// Linear -> GELU -> LayerNorm blocks, and a decoder using torch::gelu.
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <vector>

namespace ae {

// GELU written out; `approximate` selects the tanh form.
struct GELUImpl : torch::nn::Module {
  explicit GELUImpl(bool approximate = false) : approximate(approximate) {}
  torch::Tensor forward(const torch::Tensor &x);

  bool approximate;
};
TORCH_MODULE(GELU);

// LayerNorm over the last dimension, written out.
struct LayerNormImpl : torch::nn::Module {
  explicit LayerNormImpl(int64_t features, double eps = 1e-6);
  torch::Tensor forward(const torch::Tensor &x);

  torch::Tensor weight, bias;
  double eps;
};
TORCH_MODULE(LayerNorm);

struct AutoencoderConfig {
  int64_t input_dim = 64;
  std::vector<int64_t> hidden = {48, 32};
  int64_t latent_dim = 8;
  bool tanh_gelu = false;
};

class AutoencoderImpl : public torch::nn::Module {
public:
  explicit AutoencoderImpl(const AutoencoderConfig &cfg);

  torch::Tensor encode(torch::Tensor x);
  torch::Tensor decode(torch::Tensor z);
  torch::Tensor forward(torch::Tensor x);

private:
  torch::nn::ModuleList enc_linears;
  torch::nn::ModuleList enc_acts;
  torch::nn::ModuleList enc_norms;
  torch::nn::Linear to_latent{nullptr};
  torch::nn::ModuleList dec_linears;
};
TORCH_MODULE(Autoencoder);

// Standardises every feature over the batch (dimension 0).
torch::Tensor standardize_batch(const torch::Tensor &x, double eps = 1e-5);

} // namespace ae
