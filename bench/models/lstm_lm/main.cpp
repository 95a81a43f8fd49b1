// Trains the LSTM language model with plain SGD and truncated BPTT on a
// synthetic corpus, then reports the validation loss.
// Usage: model-lstm_lm [steps]
#include "lstm_lm.h"
#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace F = torch::nn::functional;

namespace {

// Lays a 1-D token stream out as (len / bsz, bsz) columns, as batchify()
// does in the Python example.
torch::Tensor batchify(const torch::Tensor &data, int64_t bsz) {
  const int64_t nbatch = data.size(0) / bsz;
  return data.narrow(0, 0, nbatch * bsz).view({bsz, -1}).t().contiguous();
}

double evaluate(lm::RNNModel &model, const torch::Tensor &source,
                int64_t bptt) {
  torch::NoGradGuard no_grad;
  model->eval();
  model->init_hidden(source.size(1));
  auto data = source.narrow(0, 0, bptt);
  auto targets = source.narrow(0, 1, bptt).reshape({-1});
  auto loss = F::nll_loss(model->forward(data), targets);
  return loss.item<double>();
}

} // namespace

int main(int argc, char **argv) {
  const int steps = argc > 1 ? std::atoi(argv[1]) : 3;
  torch::manual_seed(1111);

  const int64_t ntokens = 50, bsz = 8, bptt = 12;
  lm::RNNModel model(ntokens, /*ninp=*/32, /*nhid=*/32, /*dropout=*/0.2);

  // A corpus with structure: token i is followed by token (i * 3 + 1) % 50.
  auto corpus = torch::empty({bsz * (steps * bptt + 1) + bsz}, torch::kLong);
  corpus[0] = 1;
  for (int64_t i = 1; i < corpus.size(0); ++i) {
    corpus[i] = (corpus[i - 1].item<int64_t>() * 3 + 1) % ntokens;
  }
  auto train_data = batchify(corpus, bsz);

  torch::optim::SGD optimizer(model->parameters(),
                              torch::optim::SGDOptions(1.0));
  model->train();
  model->init_hidden(bsz);
  for (int step = 0; step < steps; ++step) {
    auto data = train_data.narrow(0, step * bptt, bptt);
    auto targets = train_data.narrow(0, step * bptt + 1, bptt).reshape({-1});
    model->detach_hidden();
    const auto bench_t0 = std::chrono::steady_clock::now();
    auto output = model->forward(data);
    auto loss = F::nll_loss(output, targets);
    optimizer.zero_grad();
    loss.backward();
    torch::nn::utils::clip_grad_norm_(model->parameters(), 0.25);
    optimizer.step();
    if (std::getenv("ADOPTER_BENCH_TIMING") != nullptr) // train_bench.py
      std::fprintf(stderr, "adopter-bench: step %d ms %.3f\n", step + 1,
                   std::chrono::duration<double, std::milli>(
                       std::chrono::steady_clock::now() - bench_t0)
                       .count());
    std::printf("step %d  loss %.4f\n", step + 1, loss.item<double>());
  }

  const auto bench_t0 = std::chrono::steady_clock::now();
  const double valid_loss = evaluate(model, train_data, bptt);
  if (std::getenv("ADOPTER_BENCH_TIMING") != nullptr) // train_bench.py
    std::fprintf(stderr, "adopter-bench: inference ms %.3f\n",
                 std::chrono::duration<double, std::milli>(
                     std::chrono::steady_clock::now() - bench_t0)
                     .count());
  std::printf("valid loss %.4f\n", valid_loss);
  return 0;
}
