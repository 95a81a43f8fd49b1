// The GPT-NeoX-style model of bench/models/gpt_neox: its language-model
// logits and its reward head, on token ids.
#include "gpt_neox.h"
#include "EquivalenceHarness.h"

adopter_equiv::Model adopter_equiv::make() {
  NeoXConfig config;
  GPTNeoX model(config);
  return {model.ptr(), [model, config]() mutable {
            auto hidden =
                model->forward(torch::randint(config.vocab_size, {4, 16}));
            return torch::cat({model->lm_logits(hidden).flatten(),
                               model->reward(hidden).flatten()});
          }};
}
