// Variational autoencoder, a port of pytorch/examples/vae/main.py (fc1, fc21,
// fc22, fc3, fc4), header-only, scaled down to 64-dimensional inputs.
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <tuple>

struct VAEOptions {
  int64_t input_dim = 64;
  int64_t hidden_dim = 32;
  int64_t latent_dim = 8;
};

class VAEImpl : public torch::nn::Module {
public:
  explicit VAEImpl(const VAEOptions &opt = VAEOptions())
      : input_dim_(opt.input_dim),
        fc1(register_module("fc1", torch::nn::Linear(opt.input_dim, opt.hidden_dim))),
        fc21(register_module("fc21", torch::nn::Linear(opt.hidden_dim, opt.latent_dim))),
        fc22(register_module("fc22", torch::nn::Linear(opt.hidden_dim, opt.latent_dim))),
        fc3(register_module("fc3", torch::nn::Linear(opt.latent_dim, opt.hidden_dim))),
        fc4(register_module("fc4", torch::nn::Linear(opt.hidden_dim, opt.input_dim))) {}

  // Returns (mu, logvar). Look-alike: fc21 and fc22 read the same h, but two
  // Linears are not a fused-qkv site.
  std::tuple<torch::Tensor, torch::Tensor> encode(const torch::Tensor &x) {
    auto h1 = torch::relu(fc1(x));
    return {fc21(h1), fc22(h1)};
  }

  torch::Tensor reparameterize(const torch::Tensor &mu,
                               const torch::Tensor &logvar) {
    auto std = torch::exp(0.5 * logvar);
    auto eps = torch::randn_like(std);
    return mu + eps * std;
  }

  torch::Tensor decode(const torch::Tensor &z) {
    auto h3 = fc3(z);
    h3 = h3.relu();
    // fc4 -> sigmoid is not in the catalog.
    return torch::sigmoid(fc4(h3));
  }

  // Returns (reconstruction, mu, logvar).
  std::tuple<torch::Tensor, torch::Tensor, torch::Tensor>
  forward(torch::Tensor x) {
    torch::Tensor mu, logvar;
    std::tie(mu, logvar) = encode(x.view({-1, input_dim_}));
    auto z = reparameterize(mu, logvar);
    return {decode(z), mu, logvar};
  }

private:
  int64_t input_dim_;
  torch::nn::Linear fc1, fc21, fc22, fc3, fc4;
};
TORCH_MODULE(VAE);

// Reconstruction + KL divergence losses summed over all elements and batch.
// See Appendix B from the VAE paper: https://arxiv.org/abs/1312.6114
inline torch::Tensor loss_function(const torch::Tensor &recon_x,
                                   const torch::Tensor &x,
                                   const torch::Tensor &mu,
                                   const torch::Tensor &logvar) {
  auto bce = torch::binary_cross_entropy(recon_x, x.view_as(recon_x), {},
                                         at::Reduction::Sum);
  auto kld =
      -0.5 * torch::sum(1 + logvar - mu.pow(2) - logvar.exp());
  return bce + kld;
}
