// Trains the DCGAN for a few steps on random "real" images in [-1, 1] and
// prints both losses. Usage: model-dcgan [steps]
#include "dcgan.h"

#include <cstdio>
#include <cstdlib>

int main(int argc, char **argv) {
  const int steps = argc > 1 ? std::atoi(argv[1]) : 3;
  torch::manual_seed(1);

  dcgan::DCGANConfig cfg;
  dcgan::DCGANGenerator generator(cfg);
  torch::nn::Sequential discriminator = dcgan::make_discriminator(cfg);
  generator->apply(dcgan::weights_init);
  discriminator->apply(dcgan::weights_init);

  torch::optim::Adam generator_optimizer(
      generator->parameters(),
      torch::optim::AdamOptions(2e-4).betas(std::make_tuple(0.5, 0.999)));
  torch::optim::Adam discriminator_optimizer(
      discriminator->parameters(),
      torch::optim::AdamOptions(2e-4).betas(std::make_tuple(0.5, 0.999)));

  const int64_t batch_size = 4;
  auto real_images = torch::rand({batch_size, cfg.channels, 32, 32}) * 2 - 1;

  for (int step = 1; step <= steps; ++step) {
    // Train discriminator with real images (label smoothing: 0.8 to 1.0).
    discriminator->zero_grad();
    auto real_labels = torch::empty(batch_size).uniform_(0.8, 1.0);
    auto real_output = discriminator->forward(real_images).reshape(batch_size);
    auto d_loss_real = torch::binary_cross_entropy(real_output, real_labels);
    d_loss_real.backward();

    // Train discriminator with fake images.
    auto noise = torch::randn({batch_size, cfg.latent_dim, 1, 1});
    auto fake_images = generator->forward(noise);
    auto fake_labels = torch::zeros(batch_size);
    auto fake_output =
        discriminator->forward(fake_images.detach()).reshape(batch_size);
    auto d_loss_fake = torch::binary_cross_entropy(fake_output, fake_labels);
    d_loss_fake.backward();

    auto d_loss = d_loss_real + d_loss_fake;
    discriminator_optimizer.step();

    // Train generator.
    generator->zero_grad();
    fake_labels.fill_(1);
    fake_output = discriminator->forward(fake_images).reshape(batch_size);
    auto g_loss = torch::binary_cross_entropy(fake_output, fake_labels);
    g_loss.backward();
    generator_optimizer.step();

    std::printf("step %d  d_loss %.4f  g_loss %.4f\n", step,
                d_loss.item<double>(), g_loss.item<double>());
  }
  return 0;
}
