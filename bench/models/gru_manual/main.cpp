// Trains the hand-written GRU classifier for a few steps with RMSprop, using
// LogSoftmax and NLLLoss modules, and prints the loss.
// Usage: model-gru_manual [steps]
#include "gru_manual.h"

#include <cstdio>
#include <cstdlib>

int main(int argc, char **argv) {
  const int steps = argc > 1 ? std::atoi(argv[1]) : 3;
  torch::manual_seed(5);

  rnn::GRUConfig cfg;
  rnn::SequenceClassifier model(cfg);
  torch::nn::LogSoftmax log_softmax(torch::nn::LogSoftmaxOptions(1));
  torch::nn::NLLLoss criterion;

  // RMSprop: not an optimizer-adam site.
  torch::optim::RMSprop optimizer(model->parameters(),
                                  torch::optim::RMSpropOptions(3e-3));

  // The class of a sequence is its first token modulo the number of classes,
  // so the recurrent state has to carry it to the end.
  auto tokens = torch::randint(cfg.vocab_size, {16, 12}, torch::kLong);
  auto labels = tokens.select(1, 0).remainder(cfg.num_classes);

  model->train();
  for (int step = 1; step <= steps; ++step) {
    auto logits = model(tokens);
    auto loss = criterion(log_softmax(logits), labels);
    optimizer.zero_grad();
    loss.backward();
    optimizer.step();
    std::printf("step %d  loss %.4f\n", step, loss.item<double>());
  }
  return 0;
}
