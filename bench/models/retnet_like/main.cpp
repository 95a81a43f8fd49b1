// Trains the RetNet-style decoder for a few steps on synthetic next-token
// data, prints the loss, then computes one attention map for plotting.
// Usage: model-retnet_like [steps]
#include "retnet_like.h"
#include <chrono>
#include <cstdio>
#include <cstdlib>

int main(int argc, char **argv) {
  const int steps = argc > 1 ? std::atoi(argv[1]) : 3;
  torch::manual_seed(12);

  RetNetConfig cfg;
  RetNet model(cfg);
  torch::optim::Adam optimizer(
      model->parameters(), torch::optim::AdamOptions(2e-3).betas({0.9, 0.98}));

  const int64_t B = 8, T = 16;
  // Each sequence counts up by a fixed per-row stride.
  auto start = torch::randint(cfg.vocab_size, {B, 1}, torch::kLong);
  auto stride = torch::randint(1, 5, {B, 1}, torch::kLong);
  auto seq = (start + stride * torch::arange(T + 1).unsqueeze(0))
                 .remainder(cfg.vocab_size);
  auto inputs = seq.narrow(1, 0, T);
  auto targets = seq.narrow(1, 1, T);

  model->train();
  for (int step = 1; step <= steps; ++step) {
    const auto bench_t0 = std::chrono::steady_clock::now();
    auto logits = model->forward(inputs);
    auto loss = torch::nn::functional::cross_entropy(
        logits.reshape({-1, cfg.vocab_size}), targets.reshape({-1}));
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

  model->eval();
  const auto bench_t0 = std::chrono::steady_clock::now();
  auto attn = model->visualize(inputs.narrow(0, 0, 1), /*layer=*/1);
  if (std::getenv("ADOPTER_BENCH_TIMING") != nullptr) // train_bench.py
    std::fprintf(stderr, "adopter-bench: inference ms %.3f\n",
                 std::chrono::duration<double, std::milli>(
                     std::chrono::steady_clock::now() - bench_t0)
                     .count());
  std::printf("attention map %lld x %lld, row sum %.3f\n",
              static_cast<long long>(attn.size(-2)),
              static_cast<long long>(attn.size(-1)),
              attn[0][0][T - 1].sum().item<double>());
  return 0;
}
