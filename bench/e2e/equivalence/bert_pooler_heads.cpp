// The multi-task encoder of bench/models/bert_pooler_heads: every task's
// head, on padded token ids.
#include "bert_pooler_heads.h"
#include "EquivalenceHarness.h"

adopter_equiv::Model adopter_equiv::make() {
  heads::EncoderConfig cfg;
  heads::MultiTaskModel model(cfg);
  return {model.ptr(), [model, cfg]() mutable {
            const int64_t B = 4, T = 12;
            auto ids = torch::randint(1, cfg.vocab_size, {B, T});
            auto lengths = torch::randint(T / 2, T + 1, {B, 1});
            auto pad = torch::arange(T).unsqueeze(0).ge(lengths);
            ids.masked_fill_(pad, 0);
            std::vector<torch::Tensor> Outs;
            for (heads::Task K :
                 {heads::Task::kSequence, heads::Task::kToken,
                  heads::Task::kRegression, heads::Task::kContrastive})
              Outs.push_back(model(ids, pad, K).flatten());
            return torch::cat(Outs);
          }};
}
