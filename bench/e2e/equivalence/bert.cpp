// The BERT classifier of bench/models/bert, on padded token sequences.
#include "bert.h"
#include "EquivalenceHarness.h"

adopter_equiv::Model adopter_equiv::make() {
  BertConfig config;
  BertForSequenceClassification model(config);
  return {model.ptr(), [model, config]() mutable {
            const int64_t Batch = 4, Len = 16;
            auto ids = torch::randint(1, config.vocab_size, {Batch, Len});
            auto lengths = torch::randint(Len / 2, Len + 1, {Batch, 1});
            auto mask =
                torch::arange(Len).unsqueeze(0).lt(lengths).to(torch::kLong);
            return model->forward(ids * mask, torch::zeros_like(ids), mask);
          }};
}
