// Definitions for the tabular model declared in tabular.h.
#include "tabular.h"

namespace tabular {

nn::Sequential lin_bn_drop(int64_t n_in, int64_t n_out, double p,
                           bool lin_first) {
  nn::Sequential block;
  if (lin_first) {
    block->push_back(nn::Linear(n_in, n_out));
    block->push_back(nn::ReLU(true));
    block->push_back(nn::BatchNorm1d(n_out));
  } else {
    block->push_back(nn::Linear(nn::LinearOptions(n_in, n_out).bias(false)));
    block->push_back(nn::BatchNorm1d(n_out));
    block->push_back(nn::ReLU(true));
  }
  if (p > 0) {
    block->push_back(nn::Dropout(p));
  }
  return block;
}

ResidualLinearImpl::ResidualLinearImpl(int64_t width)
    : fc(register_module("fc", nn::Linear(width, width))) {}

torch::Tensor ResidualLinearImpl::forward(const torch::Tensor &x) {
  // Look-alike: the Linear output goes to the residual add, and ReLU is
  // applied to the sum, so this is not linear-relu.
  auto y = fc(x);
  return torch::relu(x + y);
}

TabularModelImpl::TabularModelImpl(const TabularConfig &cfg) {
  int64_t n_emb = 0;
  for (const auto &[ni, nf] : cfg.emb_szs) {
    embeds->push_back(nn::Embedding(nn::EmbeddingOptions(ni, nf)));
    n_emb += nf;
  }
  register_module("embeds", embeds);
  emb_drop = register_module("emb_drop", nn::Dropout(cfg.embed_p));
  // BatchNorm on the raw continuous inputs: not after a Linear.
  bn_cont = register_module("bn_cont", nn::BatchNorm1d(cfg.n_cont));

  std::vector<int64_t> sizes = {n_emb + cfg.n_cont};
  sizes.insert(sizes.end(), cfg.layers.begin(), cfg.layers.end());
  for (size_t i = 0; i + 1 < sizes.size(); ++i) {
    // Nested Sequentials cannot be pushed into a Sequential; append the
    // elements of each block instead.
    auto block = lin_bn_drop(sizes[i], sizes[i + 1], cfg.ps[i], cfg.lin_first);
    layers->extend(*block);
  }
  register_module("layers", layers);
  res = register_module("res", ResidualLinear(sizes.back()));
  head = register_module("head", nn::Linear(sizes.back(), cfg.out_sz));
}

torch::Tensor TabularModelImpl::forward(const torch::Tensor &x_cat,
                                        torch::Tensor x_cont) {
  std::vector<torch::Tensor> xs;
  for (size_t i = 0; i < embeds->size(); ++i) {
    xs.push_back(embeds[i]->as<nn::Embedding>()->forward(x_cat.select(1, i)));
  }
  auto x = emb_drop(torch::cat(xs, 1));
  x_cont = bn_cont(x_cont);
  x = torch::cat({x, x_cont}, 1);
  x = layers->forward(x);
  x = res(x);
  return head(x);
}

} // namespace tabular
