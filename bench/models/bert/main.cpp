// Trains the small BERT classifier for a few steps on synthetic, partly
// padded token sequences and prints the loss. Usage: model-bert [steps]
#include "bert.h"
#include <chrono>
#include <cstdio>
#include <cstdlib>

int main(int argc, char **argv) {
  const int steps = argc > 1 ? std::atoi(argv[1]) : 10;
  torch::manual_seed(0);

  BertConfig config;
  BertForSequenceClassification model(config);

  torch::optim::Adam optimizer(model->parameters(),
                               torch::optim::AdamOptions(1e-3));

  // Synthetic task: the label is 1 when token 5 occurs in the (unpadded)
  // sentence. Sequences have random lengths; the tail is padding (id 0).
  const int64_t batch_size = 16;
  const int64_t seq_len = 24;
  auto input_ids =
      torch::randint(1, config.vocab_size, {batch_size, seq_len}, torch::kLong);
  auto lengths =
      torch::randint(seq_len / 2, seq_len + 1, {batch_size, 1}, torch::kLong);
  auto attention_mask = torch::arange(seq_len, torch::kLong)
                            .unsqueeze(0)
                            .lt(lengths)
                            .to(torch::kLong);
  // Half of the sentences get token 5 at position 1.
  input_ids.index_put_({torch::indexing::Slice(0, batch_size / 2), 1}, 5);
  input_ids = input_ids * attention_mask; // zero out the padding
  auto labels = input_ids.eq(5).any(1).to(torch::kLong);
  auto token_type_ids = torch::zeros_like(input_ids);

  model->train();
  for (int step = 1; step <= steps; ++step) {
    const auto bench_t0 = std::chrono::steady_clock::now();
    auto logits = model->forward(input_ids, token_type_ids, attention_mask);
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
  if (std::getenv("ADOPTER_BENCH_TIMING") != nullptr) { // train_bench.py
    torch::NoGradGuard no_grad; // a timed eval-mode forward
    model->eval();
    const auto bench_t0 = std::chrono::steady_clock::now();
    model->forward(input_ids, token_type_ids, attention_mask);
    std::fprintf(stderr, "adopter-bench: inference ms %.3f\n",
                 std::chrono::duration<double, std::milli>(
                     std::chrono::steady_clock::now() - bench_t0)
                     .count());
  }
  return 0;
}
