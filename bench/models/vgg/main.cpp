// Trains VGG-A (with BatchNorm) for a few steps on random 32x32 images and
// prints the loss. Usage: model-vgg [steps]
#include "vgg.h"

#include <cstdio>
#include <cstdlib>

int main(int argc, char **argv) {
  const int steps = argc > 1 ? std::atoi(argv[1]) : 3;
  torch::manual_seed(0);

  vgg::VGGConfig config;
  config.cfg = "A";
  config.batch_norm = true;
  vgg::VGG model(config);

  torch::optim::SGD optimizer(
      model->parameters(),
      torch::optim::SGDOptions(0.01).momentum(0.9).weight_decay(5e-4));

  auto images = torch::randn({2, 3, 32, 32});
  auto labels = torch::randint(config.num_classes, {2}, torch::kLong);

  model->train();
  for (int step = 1; step <= steps; ++step) {
    optimizer.zero_grad();
    auto output = model(images);
    auto loss = torch::nn::functional::cross_entropy(output, labels);
    loss.backward();
    optimizer.step();
    std::printf("step %d  loss %.4f\n", step, loss.item<double>());
  }
  return 0;
}
