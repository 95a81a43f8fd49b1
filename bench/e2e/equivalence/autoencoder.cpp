// The two autoencoders of bench/models/autoencoder (erf and tanh GELU),
// trained together by its main, on standardized random data.
#include "autoencoder.h"
#include "EquivalenceHarness.h"

adopter_equiv::Model adopter_equiv::make() {
  ae::AutoencoderConfig cfg;
  ae::Autoencoder model(cfg);
  cfg.tanh_gelu = true;
  ae::Autoencoder model_tanh(cfg);
  return {group({{"model", model.ptr()}, {"model_tanh", model_tanh.ptr()}}),
          [model, model_tanh, cfg]() mutable {
            auto data = torch::sigmoid(ae::standardize_batch(
                torch::randn({8, cfg.input_dim}) * 3 + 1));
            return torch::cat({model->forward(data).flatten(),
                               model_tanh->forward(data).flatten()});
          }};
}
