// Trains the tabular model for a few steps on a random table (three
// categorical and five continuous columns) and prints the loss.
// Usage: model-tabular [steps]
#include "tabular.h"

#include <cstdio>
#include <cstdlib>

int main(int argc, char **argv) {
  const int steps = argc > 1 ? std::atoi(argv[1]) : 3;
  torch::manual_seed(4);

  tabular::TabularConfig cfg;
  tabular::TabularModel model(cfg);
  // A second model with the fastai lin_first ordering, trained alongside.
  cfg.lin_first = true;
  tabular::TabularModel model_lf(cfg);

  torch::optim::AdamW optimizer(
      model->parameters(),
      torch::optim::AdamWOptions().lr(1e-2).weight_decay(0.01));
  torch::optim::SGD optimizer_lf(model_lf->parameters(), torch::optim::SGDOptions(0.05));

  const int64_t n = 16;
  std::vector<torch::Tensor> cat_cols;
  for (const auto &[card, sz] : cfg.emb_szs) {
    cat_cols.push_back(torch::randint(card, {n, 1}, torch::kLong));
  }
  auto x_cat = torch::cat(cat_cols, 1);
  auto x_cont = torch::randn({n, cfg.n_cont});
  auto y = torch::randint(cfg.out_sz, {n}, torch::kLong);

  model->train();
  model_lf->train();
  for (int step = 1; step <= steps; ++step) {
    optimizer.zero_grad();
    auto loss = torch::nn::functional::cross_entropy(model(x_cat, x_cont), y);
    loss.backward();
    optimizer.step();

    optimizer_lf.zero_grad();
    auto loss_lf = torch::nn::functional::cross_entropy(model_lf(x_cat, x_cont), y);
    loss_lf.backward();
    optimizer_lf.step();
    std::printf("step %d  loss %.4f  loss(lin_first) %.4f\n", step,
                loss.item<double>(), loss_lf.item<double>());
  }
  return 0;
}
