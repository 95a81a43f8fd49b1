// Trains the encoder and all its heads together for a few steps on
// synthetic tasks and prints the summed loss.
// Usage: model-bert_pooler_heads [steps]
#include "bert_pooler_heads.h"
#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace F = torch::nn::functional;

int main(int argc, char **argv) {
  const int steps = argc > 1 ? std::atoi(argv[1]) : 3;
  torch::manual_seed(2);

  heads::EncoderConfig cfg;
  heads::MultiTaskModel model(cfg);
  torch::optim::AdamW optimizer(model->parameters(),
                                torch::optim::AdamWOptions(1e-3));

  const int64_t B = 8, T = 12;
  auto ids = torch::randint(1, cfg.vocab_size, {B, T}, torch::kLong);
  auto lengths = torch::randint(T / 2, T + 1, {B, 1}, torch::kLong);
  auto pad_mask = torch::arange(T).unsqueeze(0).ge(lengths); // true = padding
  ids.masked_fill_(pad_mask, 0);

  auto seq_labels = ids.select(1, 1).remainder(cfg.num_labels);
  auto token_labels = ids.remainder(cfg.num_token_labels);
  auto targets = lengths.squeeze(1).to(torch::kFloat) / T;
  auto emb_targets = torch::randn({B, cfg.proj_dim});

  model->train();
  for (int step = 1; step <= steps; ++step) {
    const auto bench_t0 = std::chrono::steady_clock::now();
    auto seq_loss = F::cross_entropy(
        model(ids, pad_mask, heads::Task::kSequence), seq_labels);
    auto token_logits = model(ids, pad_mask, heads::Task::kToken);
    auto token_loss =
        F::cross_entropy(token_logits.reshape({-1, cfg.num_token_labels}),
                         token_labels.reshape({-1}));
    auto reg_loss =
        F::mse_loss(model(ids, pad_mask, heads::Task::kRegression), targets);
    // Contrastive-style agreement between two dropout views.
    auto z1 = model(ids, pad_mask, heads::Task::kContrastive);
    auto z2 = model(ids, pad_mask, heads::Task::kContrastive);
    auto contrastive = (1.0 - F::cosine_similarity(z1, z2)).mean();
    auto emb = model->embed(ids, pad_mask);
    auto emb_loss =
        F::mse_loss(emb.first, emb_targets) + 0.1 * emb.second.mean();

    auto loss = seq_loss + token_loss + reg_loss + contrastive + emb_loss;
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
    model->forward(ids, pad_mask, heads::Task::kSequence);
    std::fprintf(stderr, "adopter-bench: inference ms %.3f\n",
                 std::chrono::duration<double, std::milli>(
                     std::chrono::steady_clock::now() - bench_t0)
                     .count());
  }
  return 0;
}
