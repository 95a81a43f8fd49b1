// The small EfficientNet of bench/models/efficientnet, on random images.
#include "efficientnet.h"
#include "EquivalenceHarness.h"

adopter_equiv::Model adopter_equiv::make() {
  effnet::EfficientNet model(effnet::tiny_b0_settings(), /*dropout=*/0.2,
                             /*num_classes=*/10);
  return {model.ptr(), [model]() mutable {
            return model->forward(torch::randn({2, 3, 32, 32}));
          }};
}
