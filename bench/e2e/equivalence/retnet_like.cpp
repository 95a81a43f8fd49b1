// The RetNet-style model of bench/models/retnet_like, on token ids.
#include "retnet_like.h"
#include "EquivalenceHarness.h"

adopter_equiv::Model adopter_equiv::make() {
  RetNetConfig cfg;
  RetNet model(cfg);
  return {model.ptr(), [model, cfg]() mutable {
            return model->forward(torch::randint(cfg.vocab_size, {4, 16}));
          }};
}
