// Trains the small LLaMA for a few steps on synthetic next-token data and
// prints the loss. Usage: model-llama [steps]
#include "llama.h"
#include <chrono>
#include <cstdio>
#include <cstdlib>

int main(int argc, char **argv) {
  const int steps = argc > 1 ? std::atoi(argv[1]) : 3;
  torch::manual_seed(0);

  llama::ModelArgs args;
  args.n_layers = 2;
  llama::Transformer model(args);

  torch::optim::AdamW optimizer(
      model->parameters(), torch::optim::AdamWOptions(1e-3).betas({0.9, 0.95}));

  const int64_t batch = 8;
  const int64_t seqlen = 16;
  model->train();
  for (int step = 1; step <= steps; ++step) {
    // Repeating patterns so that the next token is predictable.
    auto base = torch::randint(args.vocab_size, {batch, 4}, torch::kLong);
    auto seq = base.repeat({1, seqlen / 4 + 1});
    auto inputs = seq.narrow(1, 0, seqlen);
    auto targets = seq.narrow(1, 1, seqlen);

    const auto bench_t0 = std::chrono::steady_clock::now();
    auto logits = model->forward(inputs);
    auto loss = torch::nn::functional::cross_entropy(
        logits.reshape({-1, args.vocab_size}), targets.reshape({-1}));

    optimizer.zero_grad();
    loss.backward();
    optimizer.step();
    if (std::getenv("ADOPTER_BENCH_TIMING") != nullptr) // train_bench.py
      std::fprintf(stderr, "adopter-bench: step %d ms %.3f\n", step,
                   std::chrono::duration<double, std::milli>(
                       std::chrono::steady_clock::now() - bench_t0)
                       .count());
    std::printf("step %d  loss %.4f\n", step, loss.item<float>());
  }

  model->eval();
  const auto bench_t0 = std::chrono::steady_clock::now();
  auto next = model->sample_next(torch::zeros({1, 4}, torch::kLong), 0.8);
  if (std::getenv("ADOPTER_BENCH_TIMING") != nullptr) // train_bench.py
    std::fprintf(stderr, "adopter-bench: inference ms %.3f\n",
                 std::chrono::duration<double, std::milli>(
                     std::chrono::steady_clock::now() - bench_t0)
                     .count());
  std::printf("next token: %lld\n",
              static_cast<long long>(next.item<int64_t>()));
  return 0;
}
