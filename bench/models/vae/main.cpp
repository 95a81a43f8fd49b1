// Trains the VAE for a few steps on random data in [0, 1] and prints the
// per-sample loss. Usage: model-vae [steps]
#include "vae.h"
#include <chrono>
#include <cstdio>
#include <cstdlib>

int main(int argc, char **argv) {
  const int steps = argc > 1 ? std::atoi(argv[1]) : 3;
  torch::manual_seed(1);

  VAEOptions opt;
  VAE model(opt);
  torch::optim::Adam optimizer(model->parameters(), /*lr=*/1e-3);

  const int64_t batch_size = 8;
  auto data = torch::rand({batch_size, opt.input_dim});

  model->train();
  for (int step = 1; step <= steps; ++step) {
    const auto bench_t0 = std::chrono::steady_clock::now();
    optimizer.zero_grad();
    auto [recon_batch, mu, logvar] = model->forward(data);
    auto loss = loss_function(recon_batch, data, mu, logvar);
    loss.backward();
    optimizer.step();
    if (std::getenv("ADOPTER_BENCH_TIMING") != nullptr) // train_bench.py
      std::fprintf(stderr, "adopter-bench: step %d ms %.3f\n", step,
                   std::chrono::duration<double, std::milli>(
                       std::chrono::steady_clock::now() - bench_t0)
                       .count());
    std::printf("step %d  loss %.4f\n", step,
                loss.item<double>() / static_cast<double>(batch_size));
  }

  // Sample from the prior.
  torch::NoGradGuard no_grad;
  const auto bench_t0 = std::chrono::steady_clock::now();
  auto sample = model->decode(torch::randn({4, opt.latent_dim}));
  if (std::getenv("ADOPTER_BENCH_TIMING") != nullptr) // train_bench.py
    std::fprintf(stderr, "adopter-bench: inference ms %.3f\n",
                 std::chrono::duration<double, std::milli>(
                     std::chrono::steady_clock::now() - bench_t0)
                     .count());
  std::printf("sample mean %.4f\n", sample.mean().item<double>());
  return 0;
}
