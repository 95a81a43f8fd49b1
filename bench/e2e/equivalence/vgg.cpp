// The VGG-A with BatchNorm of bench/models/vgg, on random images.
#include "vgg.h"
#include "EquivalenceHarness.h"

adopter_equiv::Model adopter_equiv::make() {
  vgg::VGGConfig config;
  config.cfg = "A";
  config.batch_norm = true;
  vgg::VGG model(config);
  return {model.ptr(),
          [model]() mutable { return model(torch::randn({2, 3, 32, 32})); }};
}
