// Trains the AC-GAN for a few steps on random class-conditional "images"
// and prints the losses. Most of this file is the training loop: Adam for
// the generator, AdamW for the discriminator, and a linear probe on the
// discriminator features trained with plain SGD.
// Usage: model-gan_training_loop [steps]
#include "gan_training_loop.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>

namespace {

using acgan::GanOptions;

// Auxiliary classification loss: log-probabilities then NLL.
torch::Tensor aux_loss(const torch::Tensor &class_logits,
                       const torch::Tensor &labels) {
  auto log_probs = torch::log_softmax(class_logits, /*dim=*/1);
  return torch::nll_loss(log_probs, labels);
}

torch::Tensor adversarial_loss(const torch::Tensor &logits, float target) {
  return torch::binary_cross_entropy_with_logits(
      logits, torch::full_like(logits, target));
}

// Real data: one Gaussian blob per class.
std::pair<torch::Tensor, torch::Tensor> sample_real(const GanOptions &o,
                                                    const torch::Tensor &centers,
                                                    int64_t n) {
  auto labels = torch::randint(o.num_classes, {n}, torch::kLong);
  auto imgs = torch::tanh(centers.index_select(0, labels) +
                          0.1 * torch::randn({n, o.img_dim}));
  return {imgs, labels};
}

void set_lr(torch::optim::Optimizer &opt, double lr) {
  for (auto &group : opt.param_groups()) {
    // Not a construction: a cast of the options of an existing optimizer.
    static_cast<torch::optim::AdamOptions &>(group.options()).lr(lr);
  }
}

} // namespace

int main(int argc, char **argv) {
  const int steps = argc > 1 ? std::atoi(argv[1]) : 3;
  torch::manual_seed(12);

  GanOptions o;
  acgan::Generator generator(o);
  acgan::Discriminator discriminator(o);
  auto probe = torch::nn::Linear(o.hidden, o.num_classes);

  // Style 1: a local object with an options chain.
  torch::optim::Adam opt_g(generator->parameters(),
                           torch::optim::AdamOptions(2e-4).betas(std::make_tuple(0.5, 0.999)));
  // Style 2: on the heap, options object built first.
  auto d_opts = torch::optim::AdamWOptions(2e-4).weight_decay(1e-2);
  d_opts.betas(std::make_tuple(0.5, 0.999));
  auto opt_d = std::make_unique<torch::optim::AdamW>(discriminator->parameters(), d_opts);
  // The probe uses SGD: not an optimizer-adam site.
  torch::optim::SGD opt_probe(probe->parameters(), torch::optim::SGDOptions(0.1));

  const int64_t batch = 8;
  auto centers = torch::randn({o.num_classes, o.img_dim});

  for (int step = 1; step <= steps; ++step) {
    // Linear warm-up of the generator learning rate.
    set_lr(opt_g, 2e-4 * std::min(1.0, step / 2.0));

    // ---- Discriminator ----
    auto [real_imgs, real_labels] = sample_real(o, centers, batch);
    auto z = torch::randn({batch, o.latent_dim});
    auto gen_labels = torch::randint(o.num_classes, {batch}, torch::kLong);
    auto gen_imgs = generator->forward(z, gen_labels);

    opt_d->zero_grad();
    auto [real_validity, real_aux] = discriminator->forward(real_imgs);
    auto d_real_loss = (adversarial_loss(real_validity, 1.0f) +
                        aux_loss(real_aux, real_labels)) / 2;
    auto [fake_validity, fake_aux] = discriminator->forward(gen_imgs.detach());
    auto d_fake_loss = (adversarial_loss(fake_validity, 0.0f) +
                        aux_loss(fake_aux, gen_labels)) / 2;
    auto d_loss = (d_real_loss + d_fake_loss) / 2;
    d_loss.backward();
    opt_d->step();

    // ---- Generator ----
    opt_g.zero_grad();
    auto [validity, pred_label] = discriminator->forward(gen_imgs);
    auto g_loss = (adversarial_loss(validity, 1.0f) + aux_loss(pred_label, gen_labels)) / 2;
    g_loss.backward();
    opt_g.step();

    // ---- Linear probe on frozen discriminator features ----
    torch::Tensor feats;
    {
      torch::NoGradGuard no_grad;
      feats = discriminator->features(real_imgs);
    }
    opt_probe.zero_grad();
    auto probe_loss = aux_loss(probe(feats), real_labels);
    probe_loss.backward();
    opt_probe.step();

    std::printf("step %d  d_loss %.4f  g_loss %.4f  probe %.4f\n", step,
                d_loss.item<double>(), g_loss.item<double>(),
                probe_loss.item<double>());
  }
  return 0;
}
