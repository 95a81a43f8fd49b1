// The PointNet classifier of bench/models/pointnet (feature transform on),
// on 8 clouds (its main trains on 4: BatchNorm's backward over 4 rows
// amplifies float32 reordering to ~8e-5 of the gradients, near --rtol),
// its class scores and feature transform, on random point clouds.
#include "pointnet.h"
#include "EquivalenceHarness.h"

adopter_equiv::Model adopter_equiv::make() {
  pointnet::PointNetCls classifier(4, /*feature_transform=*/true);
  return {classifier.ptr(), [classifier]() mutable {
            auto [pred, trans] = classifier->forward(torch::randn({8, 3, 64}));
            return torch::cat({pred.flatten(), trans.flatten()});
          }};
}
