// The DenseNet of bench/models/densenet (dropout 0.1), on random images.
#include "densenet.h"
#include "EquivalenceHarness.h"

adopter_equiv::Model adopter_equiv::make() {
  densenet::DenseNetConfig cfg;
  cfg.drop_rate = 0.1;
  densenet::DenseNet model(cfg);
  return {model.ptr(), [model]() mutable {
            return model->forward(torch::randn({2, 3, 32, 32}));
          }};
}
