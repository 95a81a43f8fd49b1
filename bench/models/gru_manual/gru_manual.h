// A sequence classifier built from two hand-written GRU cells, the kind of
// code people write to customise a recurrent cell (layer norm, weight
// dropping, ...) that torch::nn::GRU does not expose:
//  * GRUCell: torch::nn::GRUCell's layout, one Linear for the three input
//    gates and one for the three hidden gates, split with chunk(3);
//  * GatedRecurrentUnit: the textbook form, one Linear per gate and input.
#pragma once

#include <torch/torch.h>

#include <cstdint>

namespace rnn {

struct GRUConfig {
  int64_t vocab_size = 30;
  int64_t embed_dim = 16;
  int64_t hidden_size = 32;
  int64_t num_classes = 4;
  double dropout = 0.1;
};

class GRUCellImpl : public torch::nn::Module {
public:
  GRUCellImpl(int64_t input_size, int64_t hidden_size);
  // x: (B, input_size), h: (B, hidden_size) -> new h
  torch::Tensor forward(const torch::Tensor &x, const torch::Tensor &h);

private:
  torch::nn::Linear w_ih{nullptr}, w_hh{nullptr};
};
TORCH_MODULE(GRUCell);

class GatedRecurrentUnitImpl : public torch::nn::Module {
public:
  GatedRecurrentUnitImpl(int64_t input_size, int64_t hidden_size);
  torch::Tensor forward(const torch::Tensor &x, const torch::Tensor &h);

private:
  torch::nn::Linear xz{nullptr}, xr{nullptr}, xn{nullptr};
  torch::nn::Linear hz{nullptr}, hr{nullptr}, hn{nullptr};
};
TORCH_MODULE(GatedRecurrentUnit);

class SequenceClassifierImpl : public torch::nn::Module {
public:
  explicit SequenceClassifierImpl(const GRUConfig &cfg);
  // tokens: (B, T) int64 -> logits (B, num_classes)
  torch::Tensor forward(const torch::Tensor &tokens);

private:
  int64_t hidden_size_;
  torch::nn::Embedding embed{nullptr};
  GRUCell layer1{nullptr};
  GatedRecurrentUnit layer2{nullptr};
  torch::nn::Dropout drop{nullptr};
  torch::nn::Linear head{nullptr};
};
TORCH_MODULE(SequenceClassifier);

} // namespace rnn
