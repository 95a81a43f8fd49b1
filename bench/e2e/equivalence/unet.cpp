// The U-Net of bench/models/unet, on random images.
#include "unet.h"
#include "EquivalenceHarness.h"

adopter_equiv::Model adopter_equiv::make() {
  unet::UNet net(/*n_channels=*/3, /*n_classes=*/1);
  return {net.ptr(), [net]() mutable {
            return net->forward(torch::randn({2, 3, 32, 32}));
          }};
}
