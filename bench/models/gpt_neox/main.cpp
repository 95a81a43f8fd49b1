// Trains the small GPT-NeoX for a few steps on a language-modelling loss
// plus a reward-regression loss, and prints both.
// Usage: model-gpt_neox [steps]
#include "gpt_neox.h"

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
    auto hidden = model->forward(inputs);
    auto logits = model->lm_logits(hidden);
    auto lm_loss = F::cross_entropy(logits.flatten(0, 1), targets.flatten());
    auto reward_loss = F::mse_loss(model->reward(hidden), rewards);
    auto loss = lm_loss + reward_loss;

    optimizer.zero_grad();
    loss.backward();
    optimizer.step();
    std::printf("step %d  lm %.4f  reward %.4f\n", step, lm_loss.item<double>(),
                reward_loss.item<double>());
  }
  return 0;
}
