// The hand-written GRU classifier of bench/models/gru_manual, on token ids.
#include "gru_manual.h"
#include "EquivalenceHarness.h"

adopter_equiv::Model adopter_equiv::make() {
  rnn::GRUConfig cfg;
  rnn::SequenceClassifier model(cfg);
  return {model.ptr(), [model, cfg]() mutable {
            return model(torch::randint(cfg.vocab_size, {4, 12}));
          }};
}
