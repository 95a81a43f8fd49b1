// Trains a small MobileNetV2 for a few steps on random 32x32 images and
// prints the loss. Usage: model-mobilenet [steps]
#include "mobilenet.h"

#include <cstdio>
#include <cstdlib>

int main(int argc, char **argv) {
  const int steps = argc > 1 ? std::atoi(argv[1]) : 3;
  torch::manual_seed(3);

  MobileNetV2 model(/*num_classes=*/10);
  torch::optim::RMSprop optimizer(
      model->parameters(),
      torch::optim::RMSpropOptions(1e-3).momentum(0.9).eps(1e-3));

  auto x = torch::randn({2, 3, 32, 32});
  auto y = torch::randint(10, {2}, torch::kLong);

  for (int step = 1; step <= steps; ++step) {
    model->train();
    auto logits = model->forward(x);
    auto loss = torch::nn::functional::cross_entropy(
        logits, y,
        torch::nn::functional::CrossEntropyFuncOptions().label_smoothing(0.1));
    optimizer.zero_grad();
    loss.backward();
    optimizer.step();
    std::printf("step %d  loss %.4f\n", step, loss.item<double>());
  }
  return 0;
}
