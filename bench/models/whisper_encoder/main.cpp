// Trains the Whisper-style encoder with its language-ID head for a few steps
// on synthetic log-mel spectrograms and prints the loss.
// Usage: model-whisper_encoder [steps]
#include "whisper_encoder.h"
#include <chrono>
#include <cstdio>
#include <cstdlib>

int main(int argc, char **argv) {
  const int steps = argc > 1 ? std::atoi(argv[1]) : 3;
  torch::manual_seed(4);

  WhisperConfig dims;
  WhisperLanguageId model(dims);
  torch::optim::AdamW optimizer(model->parameters(),
                                torch::optim::AdamWOptions(1e-3));

  // "Languages" differ by which quarter of the mel bands carries the energy.
  const int64_t B = 8, frames = 2 * dims.n_audio_ctx;
  auto labels = torch::randint(dims.n_languages, {B}, torch::kLong);
  auto band = torch::arange(dims.n_mels)
                  .div(dims.n_mels / dims.n_languages,
                       /*rounding_mode=*/"floor");
  auto energy =
      band.unsqueeze(0).eq(labels.unsqueeze(1)).to(torch::kFloat); // (B, mels)
  auto mel = torch::randn({B, dims.n_mels, frames}) * 0.5 + energy.unsqueeze(2);
  // The last frames of some clips are padding.
  auto valid =
      torch::randint(dims.n_audio_ctx / 2, dims.n_audio_ctx + 1, {B, 1});
  auto pad_mask = torch::arange(dims.n_audio_ctx).unsqueeze(0).ge(valid);

  model->train();
  for (int step = 1; step <= steps; ++step) {
    const auto bench_t0 = std::chrono::steady_clock::now();
    auto logits = model->forward(mel, pad_mask);
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
    model->forward(mel, pad_mask);
    std::fprintf(stderr, "adopter-bench: inference ms %.3f\n",
                 std::chrono::duration<double, std::milli>(
                     std::chrono::steady_clock::now() - bench_t0)
                     .count());
  }
  return 0;
}
