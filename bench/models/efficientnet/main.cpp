// Trains the small EfficientNet for a few steps on random 32x32 images with
// AdamW (no weight decay on BatchNorm and bias parameters) and prints the
// loss. Usage: model-efficientnet [steps]
#include "efficientnet.h"
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>

int main(int argc, char **argv) {
  const int steps = argc > 1 ? std::atoi(argv[1]) : 3;
  torch::manual_seed(5);

  effnet::EfficientNet model(effnet::tiny_b0_settings(), /*dropout=*/0.2,
                             /*num_classes=*/10);

  // Two parameter groups: weights of convolutions and Linears decay, the
  // one-dimensional parameters (BatchNorm scales and biases) do not.
  std::vector<torch::Tensor> decay, no_decay;
  for (const auto &p : model->named_parameters()) {
    (p.value().dim() <= 1 ? no_decay : decay).push_back(p.value());
  }
  std::vector<torch::optim::OptimizerParamGroup> groups;
  groups.emplace_back(decay);
  groups.emplace_back(no_decay, std::make_unique<torch::optim::AdamWOptions>(
                                    torch::optim::AdamWOptions(2e-3).weight_decay(0.0)));
  torch::optim::AdamW optimizer(groups, torch::optim::AdamWOptions(2e-3).weight_decay(0.05));

  auto images = torch::randn({2, 3, 32, 32});
  auto labels = torch::randint(10, {2}, torch::kLong);

  model->train();
  for (int step = 1; step <= steps; ++step) {
    const auto bench_t0 = std::chrono::steady_clock::now();
    auto loss = torch::nn::functional::cross_entropy(model->forward(images), labels);
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
    model->eval();
    const auto bench_t0 = std::chrono::steady_clock::now();
    model->forward(images);
    std::fprintf(stderr, "adopter-bench: inference ms %.3f\n",
                 std::chrono::duration<double, std::milli>(
                     std::chrono::steady_clock::now() - bench_t0)
                     .count());
  }
  return 0;
}
