// The two tabular models of bench/models/tabular (BatchNorm first, and
// fastai's lin_first), on random categorical and continuous columns.
#include "tabular.h"
#include "EquivalenceHarness.h"

adopter_equiv::Model adopter_equiv::make() {
  tabular::TabularConfig cfg;
  tabular::TabularModel model(cfg);
  cfg.lin_first = true;
  tabular::TabularModel model_lf(cfg);
  return {group({{"model", model.ptr()}, {"model_lf", model_lf.ptr()}}),
          [model, model_lf, cfg]() mutable {
            std::vector<torch::Tensor> cols;
            for (const auto &[card, sz] : cfg.emb_szs)
              cols.push_back(torch::randint(card, {8, 1}));
            auto x_cat = torch::cat(cols, 1);
            auto x_cont = torch::randn({8, cfg.n_cont});
            return torch::cat({model(x_cat, x_cont).flatten(),
                               model_lf(x_cat, x_cont).flatten()});
          }};
}
