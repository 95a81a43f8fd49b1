// The T5 encoder-decoder of bench/models/t5, on padded inputs with teacher
// forcing.
#include "t5.h"
#include "EquivalenceHarness.h"

adopter_equiv::Model adopter_equiv::make() {
  t5::T5Config config;
  t5::T5ForConditionalGeneration model(config);
  return {model.ptr(), [model, config]() mutable {
            const int64_t Batch = 4, Len = 10;
            auto ids = torch::randint(2, config.vocab_size, {Batch, Len});
            auto lengths = torch::randint(Len / 2, Len + 1, {Batch, 1});
            auto mask =
                torch::arange(Len).unsqueeze(0).lt(lengths).to(torch::kLong);
            ids = ids * mask;
            auto dec = torch::cat({torch::ones({Batch, 1}, torch::kLong),
                                   ids.narrow(1, 0, Len - 1)},
                                  1);
            return model->forward(ids, mask, dec);
          }};
}
