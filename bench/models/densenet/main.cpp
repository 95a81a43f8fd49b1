// Trains the small DenseNet-BC for a few steps on random 32x32 images and
// prints the loss. Usage: model-densenet [steps]
#include "densenet.h"

#include <cstdio>
#include <cstdlib>

int main(int argc, char **argv) {
  const int steps = argc > 1 ? std::atoi(argv[1]) : 3;
  torch::manual_seed(10);

  densenet::DenseNetConfig cfg;
  cfg.drop_rate = 0.1;
  densenet::DenseNet model(cfg);

  torch::optim::SGD optimizer(model->parameters(),
                              torch::optim::SGDOptions(0.1)
                                  .momentum(0.9)
                                  .nesterov(true)
                                  .weight_decay(1e-4));

  auto images = torch::randn({2, 3, 32, 32});
  auto labels = torch::randint(cfg.num_classes, {2}, torch::kLong);

  model->train();
  for (int step = 1; step <= steps; ++step) {
    optimizer.zero_grad();
    auto loss = torch::nn::functional::cross_entropy(model->forward(images), labels);
    loss.backward();
    optimizer.step();
    std::printf("step %d  loss %.4f\n", step, loss.item<double>());
  }
  return 0;
}
