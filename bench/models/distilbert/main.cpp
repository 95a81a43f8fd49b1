// Fine-tunes the small DistilBERT for a few steps with a distillation loss
// (soft targets from fixed "teacher" logits plus the hard-label cross
// entropy) and prints the loss. Usage: model-distilbert [steps]
#include "distilbert.h"
#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace F = torch::nn::functional;

int main(int argc, char **argv) {
  const int steps = argc > 1 ? std::atoi(argv[1]) : 3;
  torch::manual_seed(11);

  distil::DistilBertConfig config;
  distil::DistilBertForSequenceClassification student(config);
  torch::optim::AdamW optimizer(
      student->parameters(),
      torch::optim::AdamWOptions(5e-4).weight_decay(0.01));

  const int64_t batch = 12, seq_len = 16;
  auto input_ids =
      torch::randint(1, config.vocab_size, {batch, seq_len}, torch::kLong);
  auto lengths =
      torch::randint(seq_len / 2, seq_len + 1, {batch, 1}, torch::kLong);
  auto attention_mask =
      torch::arange(seq_len).unsqueeze(0).lt(lengths).to(torch::kLong);
  input_ids = input_ids * attention_mask;
  auto labels = torch::randint(config.num_labels, {batch}, torch::kLong);
  auto teacher_logits = torch::randn({batch, config.num_labels}) * 2.0;

  const double temperature = 2.0, alpha = 0.5;
  student->train();
  for (int step = 1; step <= steps; ++step) {
    const auto bench_t0 = std::chrono::steady_clock::now();
    auto logits = student->forward(input_ids, attention_mask);
    // Look-alike, not a log-softmax-nll: the log-probabilities go to kl_div.
    auto soft_loss = F::kl_div(
        F::log_softmax(logits / temperature, F::LogSoftmaxFuncOptions(-1)),
        F::softmax(teacher_logits / temperature, F::SoftmaxFuncOptions(-1)),
        F::KLDivFuncOptions().reduction(torch::kBatchMean));
    auto hard_loss = F::cross_entropy(logits, labels);
    auto loss = alpha * soft_loss * temperature * temperature +
                (1.0 - alpha) * hard_loss;

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
    student->eval();
    const auto bench_t0 = std::chrono::steady_clock::now();
    student->forward(input_ids, attention_mask);
    std::fprintf(stderr, "adopter-bench: inference ms %.3f\n",
                 std::chrono::duration<double, std::milli>(
                     std::chrono::steady_clock::now() - bench_t0)
                     .count());
  }
  return 0;
}
