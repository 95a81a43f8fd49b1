// The WaveNet of bench/models/wavenet with a speaker embedding, on one-hot
// random audio classes.
#include "wavenet.h"
#include "EquivalenceHarness.h"

adopter_equiv::Model adopter_equiv::make() {
  wavenet::WaveNetConfig cfg;
  wavenet::WaveNet net(cfg);
  return {net.ptr(), [net, cfg]() mutable {
            auto classes = torch::randint(cfg.quantization_channels, {2, 64});
            auto x = torch::one_hot(classes, cfg.quantization_channels)
                         .permute({0, 2, 1})
                         .to(torch::kFloat);
            return net->forward(x, torch::randn({2, cfg.global_cond_dim}));
          }};
}
