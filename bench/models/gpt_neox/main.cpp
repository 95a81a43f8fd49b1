// Trains the small GPT-NeoX for a few steps on a language-modelling loss
// plus a reward-regression loss, and prints both.
// Usage: model-gpt_neox [steps]
#include "gpt_neox.h"
#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace F = torch::nn::functional;

int main(int argc, char **argv) {
  const int steps = argc > 1 ? std::atoi(argv[1]) : 3;
  torch::manual_seed(20);

  NeoXConfig config;
  GPTNeoX model(config);

  auto optimizer = torch::optim::AdamW(model->parameters(),
                                       torch::optim::AdamWOptions(2e-3));

  const int64_t batch = 8, T = 16;
  auto tokens = torch::randint(config.vocab_size, {batch, T + 1}, torch::kLong);
  tokens = tokens.cumsum(1).remainder(config.vocab_size); // learnable deltas
  auto inputs = tokens.narrow(1, 0, T);
  auto targets = tokens.narrow(1, 1, T);
  // Reward: whether the last token is in the upper half of the vocabulary.
  auto rewards =
      inputs.select(1, -1).ge(config.vocab_size / 2).to(torch::kFloat);

  model->train();
  for (int step = 1; step <= steps; ++step) {
    const auto bench_t0 = std::chrono::steady_clock::now();
    auto hidden = model->forward(inputs);
    auto logits = model->lm_logits(hidden);
    auto lm_loss = F::cross_entropy(logits.flatten(0, 1), targets.flatten());
    auto reward_loss = F::mse_loss(model->reward(hidden), rewards);
    auto loss = lm_loss + reward_loss;

    optimizer.zero_grad();
    loss.backward();
    optimizer.step();
    if (std::getenv("ADOPTER_BENCH_TIMING") != nullptr) // train_bench.py
      std::fprintf(stderr, "adopter-bench: step %d ms %.3f\n", step,
                   std::chrono::duration<double, std::milli>(
                       std::chrono::steady_clock::now() - bench_t0)
                       .count());
    std::printf("step %d  lm %.4f  reward %.4f\n", step, lm_loss.item<double>(),
                reward_loss.item<double>());
  }
  if (std::getenv("ADOPTER_BENCH_TIMING") != nullptr) { // train_bench.py
    torch::NoGradGuard no_grad; // a timed eval-mode forward
    model->eval();
    const auto bench_t0 = std::chrono::steady_clock::now();
    model->forward(inputs);
    std::fprintf(stderr, "adopter-bench: inference ms %.3f\n",
                 std::chrono::duration<double, std::milli>(
                     std::chrono::steady_clock::now() - bench_t0)
                     .count());
  }
  return 0;
}
