// The MobileNetV2 of bench/models/mobilenet, on random images.
#include "mobilenet.h"
#include "EquivalenceHarness.h"

adopter_equiv::Model adopter_equiv::make() {
  MobileNetV2 model(/*num_classes=*/10);
  return {model.ptr(), [model]() mutable {
            return model->forward(torch::randn({2, 3, 32, 32}));
          }};
}
