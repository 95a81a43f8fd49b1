// The MLP-Mixer of bench/models/mixer, on random images.
#include "mixer.h"
#include "EquivalenceHarness.h"

adopter_equiv::Model adopter_equiv::make() {
  mixer::MixerConfig cfg;
  mixer::MlpMixer model(cfg);
  return {model.ptr(), [model, cfg]() mutable {
            return model->forward(
                torch::rand({4, cfg.in_chans, cfg.image_size, cfg.image_size}));
          }};
}
