// Trains C3D for a few steps on random 8-frame clips and prints the loss.
// Usage: model-c3d [steps]
#include "c3d.h"
#include <chrono>
#include <cstdio>
#include <cstdlib>

int main(int argc, char **argv) {
  const int steps = argc > 1 ? std::atoi(argv[1]) : 3;
  torch::manual_seed(6);

  const int64_t num_classes = 5;
  C3D model(num_classes);
  torch::optim::SGD optimizer(
      model->parameters(),
      torch::optim::SGDOptions(3e-3).momentum(0.9).weight_decay(5e-4));

  // (batch, channels, frames, height, width)
  auto clips = torch::randn({2, 3, 8, 32, 32});
  auto labels = torch::randint(num_classes, {2}, torch::kLong);

  model->train();
  for (int step = 1; step <= steps; ++step) {
    const auto bench_t0 = std::chrono::steady_clock::now();
    optimizer.zero_grad();
    auto outputs = model->forward(clips);
    auto loss = torch::nn::functional::cross_entropy(outputs, labels);
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
    model->eval();
    const auto bench_t0 = std::chrono::steady_clock::now();
    model->forward(clips);
    std::fprintf(stderr, "adopter-bench: inference ms %.3f\n",
                 std::chrono::duration<double, std::milli>(
                     std::chrono::steady_clock::now() - bench_t0)
                     .count());
  }
  return 0;
}
