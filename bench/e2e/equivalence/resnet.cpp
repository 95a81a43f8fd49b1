// The CIFAR-style ResNet of bench/models/resnet (2 blocks per stage), on
// random images: BatchNorm's batch statistics in training, its running
// ones in eval.
#include "resnet.h"
#include "EquivalenceHarness.h"

adopter_equiv::Model adopter_equiv::make() {
  ResNet model(std::vector<int64_t>{2, 2, 2}, /*num_classes=*/10);
  return {model.ptr(), [model]() mutable {
            return model->forward(torch::randn({4, 3, 32, 32}));
          }};
}
