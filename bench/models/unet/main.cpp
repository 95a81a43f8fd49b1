// Trains a small U-Net for a few steps on random images with random binary
// masks and prints the loss. Usage: model-unet [steps]
#include "unet.h"

#include <cstdio>
#include <cstdlib>

int main(int argc, char **argv) {
  const int steps = argc > 1 ? std::atoi(argv[1]) : 3;
  torch::manual_seed(7);

  unet::UNet net(/*n_channels=*/3, /*n_classes=*/1);
  torch::optim::Adam optimizer(net->parameters(),
                               torch::optim::AdamOptions(1e-3).weight_decay(1e-8));

  auto images = torch::randn({2, 3, 32, 32});
  auto masks = (torch::rand({2, 1, 32, 32}) > 0.5).to(torch::kFloat);

  net->train();
  for (int step = 1; step <= steps; ++step) {
    auto masks_pred = net->forward(images);
    auto loss = torch::binary_cross_entropy_with_logits(masks_pred, masks);
    optimizer.zero_grad();
    loss.backward();
    optimizer.step();
    std::printf("step %d  loss %.4f\n", step, loss.item<double>());
  }
  return 0;
}
