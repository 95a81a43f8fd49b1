// Trains a small U-Net for a few steps on random images with random binary
// masks and prints the loss. Usage: model-unet [steps]
#include "unet.h"
#include <chrono>
#include <cstdio>
#include <cstdlib>

int main(int argc, char **argv) {
  const int steps = argc > 1 ? std::atoi(argv[1]) : 3;
  torch::manual_seed(7);

  unet::UNet net(/*n_channels=*/3, /*n_classes=*/1);
  torch::optim::Adam optimizer(net->parameters(),
                               torch::optim::AdamOptions(1e-3).weight_decay(1e-8));

  auto images = torch::randn({2, 3, 32, 32});
  auto masks = (torch::rand({2, 1, 32, 32}) > 0.5).to(torch::kFloat);

  net->train();
  for (int step = 1; step <= steps; ++step) {
    const auto bench_t0 = std::chrono::steady_clock::now();
    auto masks_pred = net->forward(images);
    auto loss = torch::binary_cross_entropy_with_logits(masks_pred, masks);
    optimizer.zero_grad();
    loss.backward();
    optimizer.step();
    if (std::getenv("ADOPTER_BENCH_TIMING") != nullptr) // train_bench.py
      std::fprintf(stderr, "adopter-bench: step %d ms %.3f\n", step,
                   std::chrono::duration<double, std::milli>(
                       std::chrono::steady_clock::now() - bench_t0)
                       .count());
    std::printf("step %d  loss %.4f\n", step, loss.item<double>());
  }
  if (std::getenv("ADOPTER_BENCH_TIMING") != nullptr) { // train_bench.py
    torch::NoGradGuard no_grad; // a timed eval-mode forward
    net->eval();
    const auto bench_t0 = std::chrono::steady_clock::now();
    net->forward(images);
    std::fprintf(stderr, "adopter-bench: inference ms %.3f\n",
                 std::chrono::duration<double, std::milli>(
                     std::chrono::steady_clock::now() - bench_t0)
                     .count());
  }
  return 0;
}
