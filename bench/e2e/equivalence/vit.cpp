// The ViT of bench/models/vit (3 classes), on random images.
#include "vit.h"
#include "EquivalenceHarness.h"

adopter_equiv::Model adopter_equiv::make() {
  ViTConfig cfg;
  cfg.num_classes = 3;
  VisionTransformer model(cfg);
  return {model.ptr(), [model, cfg]() mutable {
            return model->forward(
                torch::rand({4, cfg.in_chans, cfg.image_size, cfg.image_size}));
          }};
}
