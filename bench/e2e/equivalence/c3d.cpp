// The C3D video network of bench/models/c3d (5 classes), on random clips.
#include "c3d.h"
#include "EquivalenceHarness.h"

adopter_equiv::Model adopter_equiv::make() {
  C3D model(5);
  return {model.ptr(), [model]() mutable {
            return model->forward(torch::randn({2, 3, 8, 32, 32}));
          }};
}
