// Trains the small GPT for a few steps on synthetic next-token data and
// prints the loss. Usage: model-gpt [steps]
#include "gpt.h"
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <utility>

namespace {

// A batch of arithmetic sequences (start + i * stride) mod vocab: easy to
// learn, so the loss visibly drops within a few steps. Returns the inputs and
// the targets (inputs shifted left by one position).
std::pair<torch::Tensor, torch::Tensor> make_batch(int64_t batch, int64_t len,
                                                   int64_t vocab) {
  auto start = torch::randint(vocab, {batch, 1}, torch::kLong);
  auto stride = torch::randint(1, 4, {batch, 1}, torch::kLong);
  auto steps = torch::arange(len + 1, torch::kLong).unsqueeze(0);
  auto seq = (start + steps * stride).remainder(vocab);
  using torch::indexing::Slice;
  return {seq.index({Slice(), Slice(0, len)}),
          seq.index({Slice(), Slice(1, len + 1)})};
}

} // namespace

int main(int argc, char **argv) {
  const int steps = argc > 1 ? std::atoi(argv[1]) : 20;
  torch::manual_seed(1337);

  GPTConfig config;
  config.n_embd = 64;
  config.n_head = 4;
  config.n_layer = 2;
  config.block_size = 32;
  config.vocab_size = 96;
  config.dropout = 0.1;

  GPT model(config);
  std::printf("gpt: %lld parameters\n",
              static_cast<long long>(model->num_parameters()));

  torch::optim::AdamW optimizer(
      model->parameters(), torch::optim::AdamWOptions(3e-3).weight_decay(0.01));

  const int64_t batch_size = 16;
  model->train();
  for (int step = 1; step <= steps; ++step) {
    auto [x, y] = make_batch(batch_size, config.block_size, config.vocab_size);
    const auto bench_t0 = std::chrono::steady_clock::now();
    auto logits = model->forward(x);
    auto loss = torch::nn::functional::cross_entropy(
        logits.view({-1, logits.size(-1)}), y.reshape({-1}));

    optimizer.zero_grad();
    loss.backward();
    torch::nn::utils::clip_grad_norm_(model->parameters(), 1.0);
    optimizer.step();
    if (std::getenv("ADOPTER_BENCH_TIMING") != nullptr) // train_bench.py
      std::fprintf(stderr, "adopter-bench: step %d ms %.3f\n", step,
                   std::chrono::duration<double, std::milli>(
                       std::chrono::steady_clock::now() - bench_t0)
                       .count());

    std::printf("step %3d  loss %.4f\n", step, loss.item<double>());
  }

  // Sample a few tokens from a fixed prompt to exercise the inference path.
  model->eval();
  auto prompt = torch::arange(0, 8, 2, torch::kLong).unsqueeze(0);
  const auto bench_t0 = std::chrono::steady_clock::now();
  auto out = model->generate(prompt, /*max_new_tokens=*/8);
  if (std::getenv("ADOPTER_BENCH_TIMING") != nullptr) // train_bench.py
    std::fprintf(stderr, "adopter-bench: inference ms %.3f\n",
                 std::chrono::duration<double, std::milli>(
                     std::chrono::steady_clock::now() - bench_t0)
                     .count());
  std::printf("sample:");
  for (int64_t i = 0; i < out.size(1); ++i) {
    std::printf(" %lld", static_cast<long long>(out[0][i].item<int64_t>()));
  }
  std::printf("\n");
  return 0;
}
