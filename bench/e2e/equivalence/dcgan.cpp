// The DCGAN generator and discriminator of bench/models/dcgan, initialised
// as its main does: the discriminator's score of generated images.
#include "dcgan.h"
#include "EquivalenceHarness.h"

adopter_equiv::Model adopter_equiv::make() {
  dcgan::DCGANConfig cfg;
  dcgan::DCGANGenerator generator(cfg);
  torch::nn::Sequential discriminator = dcgan::make_discriminator(cfg);
  generator->apply(dcgan::weights_init);
  discriminator->apply(dcgan::weights_init);
  return {group({{"generator", generator.ptr()},
                 {"discriminator", discriminator.ptr()}}),
          [generator, discriminator, cfg]() mutable {
            auto images =
                generator->forward(torch::randn({4, cfg.latent_dim, 1, 1}));
            return torch::cat(
                {images.flatten(), discriminator->forward(images).flatten()});
          }};
}
