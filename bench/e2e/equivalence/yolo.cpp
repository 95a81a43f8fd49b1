// The tiny YOLO of bench/models/yolo: both detection scales, on random
// images.
#include "yolo.h"
#include "EquivalenceHarness.h"

adopter_equiv::Model adopter_equiv::make() {
  yolo::YoloConfig cfg;
  yolo::TinyYolo model(cfg);
  return {model.ptr(), [model]() mutable {
            std::vector<torch::Tensor> Outs;
            for (const torch::Tensor &P :
                 model->forward(torch::rand({2, 3, 64, 64})))
              Outs.push_back(P.flatten());
            return torch::cat(Outs);
          }};
}
