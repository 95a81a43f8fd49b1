// The VAE of bench/models/vae: reconstruction, mean and log-variance, on
// random data (the sample drawn from the seed).
#include "vae.h"
#include "EquivalenceHarness.h"

adopter_equiv::Model adopter_equiv::make() {
  VAEOptions opt;
  VAE model(opt);
  return {model.ptr(), [model, opt]() mutable {
            auto [recon, mu, logvar] =
                model->forward(torch::rand({8, opt.input_dim}));
            return torch::cat(
                {recon.flatten(), mu.flatten(), logvar.flatten()});
          }};
}
