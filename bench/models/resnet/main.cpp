// Trains the small ResNet for a few steps on a fixed synthetic batch of
// 32x32 RGB images and prints the loss. Usage: model-resnet [steps]
#include "resnet.h"
#include <chrono>
#include <cstdio>
#include <cstdlib>

int main(int argc, char **argv) {
  const int steps = argc > 1 ? std::atoi(argv[1]) : 10;
  torch::manual_seed(42);

  // Two BasicBlocks per stage: 3 stages x 2 blocks x 2 convs + stem + fc.
  ResNet model(std::vector<int64_t>{2, 2, 2}, /*num_classes=*/10);

  torch::optim::SGD optimizer(
      model->parameters(),
      torch::optim::SGDOptions(0.05).momentum(0.9).weight_decay(5e-4));

  // A fixed batch of random images and labels: the network memorises it, so
  // the training loss goes down step after step.
  const int64_t batch_size = 16;
  auto images = torch::randn({batch_size, 3, 32, 32});
  auto labels = torch::randint(10, {batch_size}, torch::kLong);

  model->train();
  for (int step = 1; step <= steps; ++step) {
    const auto bench_t0 = std::chrono::steady_clock::now();
    auto logits = model->forward(images);
    auto loss = torch::nn::functional::cross_entropy(logits, labels);

    optimizer.zero_grad();
    loss.backward();
    optimizer.step();
    if (std::getenv("ADOPTER_BENCH_TIMING") != nullptr) // train_bench.py
      std::fprintf(stderr, "adopter-bench: step %d ms %.3f\n", step,
                   std::chrono::duration<double, std::milli>(
                       std::chrono::steady_clock::now() - bench_t0)
                       .count());

    std::printf("step %3d  loss %.4f\n", step, loss.item<double>());
  }

  // Evaluation mode uses the BatchNorm running statistics.
  model->eval();
  torch::NoGradGuard no_grad;
  const auto bench_t0 = std::chrono::steady_clock::now();
  auto accuracy =
      model->forward(images).argmax(1).eq(labels).to(torch::kFloat).mean();
  if (std::getenv("ADOPTER_BENCH_TIMING") != nullptr) // train_bench.py
    std::fprintf(stderr, "adopter-bench: inference ms %.3f\n",
                 std::chrono::duration<double, std::milli>(
                     std::chrono::steady_clock::now() - bench_t0)
                     .count());
  std::printf("train-batch accuracy (eval mode) %.3f\n",
              accuracy.item<double>());
  return 0;
}
