// Input of fallback.test: the plan's finding at a site is one apply cannot
// write, and a smaller candidate overlapping it can be: apply writes that
// one instead and still reports the first.
#include <adopter/kernels/FusedAddLayerNorm.h>
#include <torch/torch.h>

// dropout-add-layernorm (refused: the dropout works in place, which the
// fused call would not) covers add-layernorm's add + LayerNorm: the
// dropout stays, the add and the norm become FusedAddLayerNorm.
struct ResidualImpl : torch::nn::Module {
  ResidualImpl() {
    norm = register_module(
        "norm", adopter::nn::FusedAddLayerNorm(torch::nn::LayerNormOptions({8})));
  }
  torch::Tensor forward(torch::Tensor x, torch::Tensor y) {
    torch::Tensor h = x.clone();
    return std::get<1>(norm(torch::dropout_(h, 0.1, is_training()), y));
  }
  adopter::nn::FusedAddLayerNorm norm{nullptr};
};
TORCH_MODULE(Residual);

// The smaller candidate is refused too: both are reported, nothing written.
struct SharedNormImpl : torch::nn::Module {
  SharedNormImpl() {
    norm = register_module(
        "norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({8})));
  }
  torch::Tensor forward(torch::Tensor x, torch::Tensor y) {
    torch::Tensor h = x.clone();
    return std::get<1>(adopter::ops::add_layer_norm(torch::dropout_(h, 0.1, is_training()), y, *norm)) + norm(y);
  }
  torch::nn::LayerNorm norm{nullptr};
};
TORCH_MODULE(SharedNorm);
