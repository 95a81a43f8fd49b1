// Trains the small MLP-Mixer for a few steps on random images labelled by
// their brightest quadrant (or the centre) and prints the loss.
// Usage: model-mixer [steps]
#include "mixer.h"
#include <chrono>
#include <cstdio>
#include <cstdlib>

int main(int argc, char **argv) {
  const int steps = argc > 1 ? std::atoi(argv[1]) : 3;
  torch::manual_seed(9);

  mixer::MixerConfig cfg;
  mixer::MlpMixer model(cfg);
  torch::optim::AdamW optimizer(
      model->parameters(), torch::optim::AdamWOptions(3e-3).weight_decay(0.05));

  auto images = torch::rand({16, cfg.in_chans, cfg.image_size, cfg.image_size});
  // Label = index of the brightest 8x8 quadrant, 4 = all within 5 %.
  auto quadrants = torch::nn::functional::avg_pool2d(
                       images.mean(1, /*keepdim=*/true),
                       torch::nn::functional::AvgPool2dFuncOptions(8))
                       .flatten(1); // (B, 4)
  auto labels = quadrants.argmax(1);
  auto flat = (quadrants.amax(1) - quadrants.amin(1)) < 0.05;
  labels.masked_fill_(flat, 4);

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
