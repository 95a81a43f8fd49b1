// Trains the MNIST MLP on random 28x28 "digits" for a few steps, then runs
// a test pass. Usage: model-mlp_mnist [steps]
#include "mlp_mnist.h"
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>

namespace {

struct Batch {
  torch::Tensor data;
  torch::Tensor target;
};

Batch random_batch(int64_t batch_size) {
  return {torch::rand({batch_size, 1, 28, 28}),
          torch::randint(10, {batch_size}, torch::kLong)};
}

void train(int step, Net &model, torch::optim::Optimizer &optimizer,
           const Batch &batch) {
  model.train();
  optimizer.zero_grad();
  auto output = model.forward(batch.data);
  auto loss = torch::nll_loss(output, batch.target);
  AT_ASSERT(!std::isnan(loss.template item<float>()));
  loss.backward();
  optimizer.step();
  std::printf("Train step %d  Loss: %.4f\n", step, loss.template item<float>());
}

void test(Net &model, const Batch &batch) {
  torch::NoGradGuard no_grad;
  model.eval();
  double test_loss = 0;
  int32_t correct = 0;
  auto output = model.forward(batch.data);
  // Look-alike: the log-probabilities also feed argmax below (the value is
  // reused), so this log_softmax -> nll_loss pair is not a site.
  test_loss += torch::nll_loss(output, batch.target,
                               /*weight=*/{}, torch::Reduction::Sum)
                   .template item<float>();
  auto pred = output.argmax(1);
  correct += pred.eq(batch.target).sum().template item<int64_t>();
  const auto n = static_cast<double>(batch.data.size(0));
  std::printf("Test set: Average loss: %.4f | Accuracy: %.3f\n",
              test_loss / n, static_cast<double>(correct) / n);
}

} // namespace

int main(int argc, char **argv) {
  const int steps = argc > 1 ? std::atoi(argv[1]) : 3;
  torch::manual_seed(1);

  // Create a new Net.
  auto net = std::make_shared<Net>();

  // Instantiate an Adam optimization algorithm to update our Net's parameters.
  torch::optim::Adam optimizer(net->parameters(), torch::optim::AdamOptions(1e-3));

  auto train_batch = random_batch(16);
  for (int step = 1; step <= steps; ++step) {
    const auto bench_t0 = std::chrono::steady_clock::now();
    train(step, *net, optimizer, train_batch);
    if (std::getenv("ADOPTER_BENCH_TIMING") != nullptr) // train_bench.py
      std::fprintf(stderr, "adopter-bench: step %d ms %.3f\n", step,
                   std::chrono::duration<double, std::milli>(
                       std::chrono::steady_clock::now() - bench_t0)
                       .count());
  }
  const auto test_batch = random_batch(16);
  const auto bench_t0 = std::chrono::steady_clock::now();
  test(*net, test_batch);
  if (std::getenv("ADOPTER_BENCH_TIMING") != nullptr) // train_bench.py
    std::fprintf(stderr, "adopter-bench: inference ms %.3f\n",
                 std::chrono::duration<double, std::milli>(
                     std::chrono::steady_clock::now() - bench_t0)
                     .count());
  return 0;
}
