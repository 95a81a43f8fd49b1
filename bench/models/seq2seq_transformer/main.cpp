// Trains the translation Transformer for a few steps on a synthetic "reverse
// the sentence" task with padding, then greedily decodes one sentence.
// Usage: model-seq2seq_transformer [steps]
#include "seq2seq_transformer.h"
#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace F = torch::nn::functional;

int main(int argc, char **argv) {
  const int steps = argc > 1 ? std::atoi(argv[1]) : 3;
  torch::manual_seed(7);

  Seq2SeqConfig cfg;
  Seq2SeqTransformer transformer(cfg);
  for (auto &p : transformer->parameters()) {
    if (p.dim() > 1) {
      torch::NoGradGuard no_grad;
      torch::nn::init::xavier_uniform_(p);
    }
  }

  torch::optim::Adam optimizer(
      transformer->parameters(),
      torch::optim::AdamOptions(1e-3).betas({0.9, 0.98}).eps(1e-9));

  // (S, B) source sentences of ids 3.., padded with 0 after a random length;
  // the target is <bos>=1, the reversed sentence, <eos>=2.
  const int64_t S = 8, B = 6;
  auto src = torch::randint(3, cfg.src_vocab_size, {S, B}, torch::kLong);
  auto lengths = torch::randint(S / 2, S + 1, {1, B}, torch::kLong);
  auto valid = torch::arange(S).unsqueeze(1).lt(lengths);
  src = src * valid;
  auto tgt = torch::cat({torch::ones({1, B}, torch::kLong), src.flip({0}),
                         torch::full({1, B}, 2, torch::kLong)});

  auto tgt_input = tgt.narrow(0, 0, tgt.size(0) - 1);
  auto tgt_out = tgt.narrow(0, 1, tgt.size(0) - 1);
  auto tgt_mask = generate_square_subsequent_mask(tgt_input.size(0));
  auto src_padding_mask = (src == cfg.pad_idx).transpose(0, 1);
  auto tgt_padding_mask = torch::zeros({B, tgt_input.size(0)}, torch::kBool);
  auto bench_t0 = std::chrono::steady_clock::now();
  transformer->train();
  for (int step = 1; step <= steps; ++step) {
    auto logits = transformer->forward(src, tgt_input, tgt_mask,
                                       src_padding_mask, tgt_padding_mask);
    auto log_probs =
        torch::log_softmax(logits.reshape({-1, cfg.tgt_vocab_size}), -1);
    auto loss = F::nll_loss(log_probs, tgt_out.reshape({-1}),
                            F::NLLLossFuncOptions().ignore_index(cfg.pad_idx));
    optimizer.zero_grad();
    loss.backward();
    optimizer.step();
    if (std::getenv("ADOPTER_BENCH_TIMING") != nullptr) // train_bench.py
      std::fprintf(stderr, "adopter-bench: step %d ms %.3f\n", step,
                   std::chrono::duration<double, std::milli>(
                       std::chrono::steady_clock::now() - bench_t0)
                       .count());
    std::printf("step %d  loss %.4f\n", step, loss.item<double>());
    bench_t0 = std::chrono::steady_clock::now();
  }

  transformer->eval();
  bench_t0 = std::chrono::steady_clock::now();
  auto ys =
      transformer->greedy_decode(src.narrow(1, 0, 1), 6, /*start_symbol=*/1);
  if (std::getenv("ADOPTER_BENCH_TIMING") != nullptr) // train_bench.py
    std::fprintf(stderr, "adopter-bench: inference ms %.3f\n",
                 std::chrono::duration<double, std::milli>(
                     std::chrono::steady_clock::now() - bench_t0)
                     .count());
  std::printf("decoded %lld tokens\n", static_cast<long long>(ys.size(0)));
  return 0;
}
