// The encoder-decoder Transformer of bench/models/seq2seq_transformer,
// Xavier-initialised as its main does, with the causal and padding masks.
#include "seq2seq_transformer.h"
#include "EquivalenceHarness.h"

adopter_equiv::Model adopter_equiv::make() {
  Seq2SeqConfig cfg;
  Seq2SeqTransformer transformer(cfg);
  for (auto &p : transformer->parameters())
    if (p.dim() > 1) {
      torch::NoGradGuard no_grad;
      torch::nn::init::xavier_uniform_(p);
    }
  return {transformer.ptr(), [transformer, cfg]() mutable {
            const int64_t S = 8, B = 4;
            auto src = torch::randint(3, cfg.src_vocab_size, {S, B});
            auto lengths = torch::randint(S / 2, S + 1, {1, B});
            src = src * torch::arange(S).unsqueeze(1).lt(lengths);
            auto tgt =
                torch::cat({torch::ones({1, B}, torch::kLong), src.flip({0})});
            return transformer->forward(
                src, tgt, generate_square_subsequent_mask(tgt.size(0)),
                (src == cfg.pad_idx).transpose(0, 1),
                torch::zeros({B, tgt.size(0)}, torch::kBool));
          }};
}
