// Input of fallback.test: the plan's finding at a site is one apply cannot
// write, and a smaller candidate overlapping it can be: apply writes that
// one instead and still reports the first.
#include <adopter/kernels/FusedAddLayerNorm.h>
#include <torch/torch.h>

// dropout-add-layernorm (no rewrite: the fused kernel's dropout draws
// another random stream) covers add-layernorm's add + LayerNorm: the
// dropout stays, the add and the norm become FusedAddLayerNorm.
struct ResidualImpl : torch::nn::Module {
  ResidualImpl() {
    drop = register_module("drop", torch::nn::Dropout(0.1));
    norm = register_module(
        "norm", adopter::nn::FusedAddLayerNorm(torch::nn::LayerNormOptions({8})));
  }
  torch::Tensor forward(torch::Tensor x, torch::Tensor y) {
    return std::get<1>(norm(drop(x), y));
  }
  torch::nn::Dropout drop{nullptr};
  adopter::nn::FusedAddLayerNorm norm{nullptr};
};
TORCH_MODULE(Residual);

// The smaller candidate is refused too: both are reported, nothing written.
struct SharedNormImpl : torch::nn::Module {
  SharedNormImpl() {
    drop = register_module("drop", torch::nn::Dropout(0.1));
    norm = register_module(
        "norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({8})));
  }
  torch::Tensor forward(torch::Tensor x, torch::Tensor y) {
    return norm(drop(x) + y) + norm(y);
  }
  torch::nn::Dropout drop{nullptr};
  torch::nn::LayerNorm norm{nullptr};
};
TORCH_MODULE(SharedNorm);
