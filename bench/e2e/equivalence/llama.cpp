// The LLaMA-style decoder of bench/models/llama (2 layers), on token ids.
#include "llama.h"
#include "EquivalenceHarness.h"

adopter_equiv::Model adopter_equiv::make() {
  llama::ModelArgs args;
  args.n_layers = 2;
  llama::Transformer model(args);
  return {model.ptr(), [model, args]() mutable {
            return model->forward(torch::randint(args.vocab_size, {4, 16}));
          }};
}
