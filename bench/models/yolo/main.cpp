// Trains the tiny YOLO for a few steps against random detection targets
// (objectness with BCE, boxes with MSE) and prints the loss.
// Usage: model-yolo [steps]
#include "yolo.h"

#include <cstdio>
#include <cstdlib>

namespace {

using torch::indexing::Slice;

torch::Tensor yolo_loss(const std::vector<torch::Tensor> &preds,
                        const std::vector<torch::Tensor> &targets) {
  auto loss = torch::zeros({});
  for (size_t i = 0; i < preds.size(); ++i) {
    auto box = preds[i].index({"...", Slice(0, 4)});
    auto obj = preds[i].index({"...", 4});
    auto cls = preds[i].index({"...", Slice(5, torch::indexing::None)});
    loss = loss + torch::mse_loss(box.sigmoid(),
                                  targets[i].index({"...", Slice(0, 4)}));
    loss = loss + torch::binary_cross_entropy_with_logits(
                      obj, targets[i].index({"...", 4}));
    loss = loss + 0.5 * torch::binary_cross_entropy_with_logits(
                            cls, targets[i].index({"...", Slice(5, torch::indexing::None)}));
  }
  return loss;
}

} // namespace

int main(int argc, char **argv) {
  const int steps = argc > 1 ? std::atoi(argv[1]) : 3;
  torch::manual_seed(11);

  yolo::YoloConfig cfg;
  yolo::TinyYolo model(cfg);

  auto optimizer = torch::optim::Adam(model->parameters(),
                                      torch::optim::AdamOptions(1e-3).betas({0.937, 0.999}));

  auto images = torch::rand({2, 3, 64, 64});
  const int64_t no = cfg.num_classes + 5;
  std::vector<torch::Tensor> targets = {
      (torch::rand({2, cfg.num_anchors, 8, 8, no}) > 0.7).to(torch::kFloat),
      (torch::rand({2, cfg.num_anchors, 4, 4, no}) > 0.7).to(torch::kFloat)};

  model->train();
  for (int step = 1; step <= steps; ++step) {
    auto preds = model->forward(images);
    auto loss = yolo_loss(preds, targets);
    optimizer.zero_grad();
    loss.backward();
    optimizer.step();
    std::printf("step %d  loss %.4f\n", step, loss.item<double>());
  }
  return 0;
}
