// The AC-GAN of bench/models/gan_training_loop: the discriminator's two
// heads on generated images.
#include "gan_training_loop.h"
#include "EquivalenceHarness.h"

adopter_equiv::Model adopter_equiv::make() {
  acgan::GanOptions o;
  acgan::Generator generator(o);
  acgan::Discriminator discriminator(o);
  return {group({{"generator", generator.ptr()},
                 {"discriminator", discriminator.ptr()}}),
          [generator, discriminator, o]() mutable {
            auto labels = torch::randint(o.num_classes, {8});
            auto images =
                generator->forward(torch::randn({8, o.latent_dim}), labels);
            auto [logit, classes] = discriminator->forward(images);
            return torch::cat(
                {images.flatten(), logit.flatten(), classes.flatten()});
          }};
}
