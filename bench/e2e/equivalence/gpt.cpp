// The GPT of bench/models/gpt as its main builds it (dropout 0.1), on a
// batch of token ids.
#include "gpt.h"
#include "EquivalenceHarness.h"

adopter_equiv::Model adopter_equiv::make() {
  GPTConfig config;
  config.n_embd = 64;
  config.n_head = 4;
  config.n_layer = 2;
  config.block_size = 32;
  config.vocab_size = 96;
  config.dropout = 0.1;
  GPT model(config);
  return {model.ptr(), [model, config]() mutable {
            return model->forward(
                torch::randint(config.vocab_size, {4, config.block_size}));
          }};
}
