// Trains the small ViT for a few steps on random 16x16 images whose label is
// the brightest colour channel, and prints the loss. Usage: model-vit [steps]
#include "vit.h"

#include <cstdio>
#include <cstdlib>

int main(int argc, char **argv) {
  const int steps = argc > 1 ? std::atoi(argv[1]) : 3;
  torch::manual_seed(42);

  ViTConfig cfg;
  cfg.num_classes = 3;
  VisionTransformer model(cfg);

  // Plain SGD with momentum: not an optimizer-adam site.
  torch::optim::SGD optimizer(
      model->parameters(),
      torch::optim::SGDOptions(0.05).momentum(0.9).weight_decay(1e-4));

  auto images = torch::rand({16, cfg.in_chans, cfg.image_size, cfg.image_size});
  auto labels = images.mean({2, 3}).argmax(1);

  model->train();
  for (int step = 1; step <= steps; ++step) {
    auto logits = model(images);
    auto loss = torch::nn::functional::cross_entropy(
        logits, labels,
        torch::nn::functional::CrossEntropyFuncOptions().label_smoothing(0.1));
    optimizer.zero_grad();
    loss.backward();
    optimizer.step();
    std::printf("step %d  loss %.4f\n", step, loss.item<double>());
  }
  return 0;
}
