// A tabular model in the style of fastai's TabularModel: embeddings for the
// categorical columns, BatchNorm on the continuous ones, then a stack of
// Linear / BatchNorm1d / ReLU / Dropout blocks, and a residual MLP block.
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <utility>
#include <vector>

namespace tabular {

namespace nn = torch::nn;

struct TabularConfig {
  // (cardinality, embedding size) per categorical column.
  std::vector<std::pair<int64_t, int64_t>> emb_szs = {{10, 4}, {7, 3}, {24, 6}};
  int64_t n_cont = 5;
  int64_t out_sz = 3;
  std::vector<int64_t> layers = {64, 32};
  std::vector<double> ps = {0.1, 0.1};
  double embed_p = 0.05;
  // fastai's lin_first: Linear -> ReLU -> BatchNorm instead of
  // Linear -> BatchNorm -> ReLU.
  bool lin_first = false;
};

// One hidden block: Linear, BatchNorm1d, ReLU, Dropout in the order chosen
// by `lin_first`.
nn::Sequential lin_bn_drop(int64_t n_in, int64_t n_out, double p,
                           bool lin_first);

// relu(x + fc(x)): a residual Linear block.
class ResidualLinearImpl : public nn::Module {
public:
  explicit ResidualLinearImpl(int64_t width);
  torch::Tensor forward(const torch::Tensor &x);

private:
  nn::Linear fc{nullptr};
};
TORCH_MODULE(ResidualLinear);

class TabularModelImpl : public nn::Module {
public:
  explicit TabularModelImpl(const TabularConfig &cfg);
  torch::Tensor forward(const torch::Tensor &x_cat, torch::Tensor x_cont);

private:
  nn::ModuleList embeds;
  nn::Dropout emb_drop{nullptr};
  nn::BatchNorm1d bn_cont{nullptr};
  nn::Sequential layers;
  ResidualLinear res{nullptr};
  nn::Linear head{nullptr};
};
TORCH_MODULE(TabularModel);

} // namespace tabular
