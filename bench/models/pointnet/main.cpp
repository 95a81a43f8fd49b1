// Trains PointNet (with the feature transform) for a few steps on random
// point clouds and prints the loss. Usage: model-pointnet [steps]
#include "pointnet.h"

#include <cstdio>
#include <cstdlib>
#include <memory>

int main(int argc, char **argv) {
  const int steps = argc > 1 ? std::atoi(argv[1]) : 3;
  torch::manual_seed(2);

  const int64_t num_classes = 4;
  pointnet::PointNetCls classifier(num_classes, /*feature_transform=*/true);

  std::shared_ptr<torch::optim::Optimizer> optimizer =
      std::make_shared<torch::optim::Adam>(
          classifier->parameters(),
          torch::optim::AdamOptions(1e-3).betas(std::make_tuple(0.9, 0.999)));

  auto points = torch::randn({4, 3, 64});  // (batch, xyz, num_points)
  auto target = torch::randint(num_classes, {4}, torch::kLong);

  for (int step = 1; step <= steps; ++step) {
    optimizer->zero_grad();
    classifier->train();
    auto [pred, trans_feat] = classifier->forward(points);
    auto loss = torch::nll_loss(pred, target);
    loss = loss + 0.001 * pointnet::feature_transform_regularizer(trans_feat);
    loss.backward();
    optimizer->step();
    std::printf("step %d  loss %.4f\n", step, loss.item<double>());
  }

  classifier->eval();
  torch::NoGradGuard no_grad;
  auto pred_choice = std::get<0>(classifier->forward(points)).argmax(1);
  std::printf("correct %lld / 4\n",
              static_cast<long long>(pred_choice.eq(target).sum().item<int64_t>()));
  return 0;
}
