//===- FusedAddLayerNorm.h - Residual add fused into LayerNorm --*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Replaces `s = x + residual; y = layer_norm(s)`. Parameters are named and
// shaped as in torch::nn::LayerNorm ("weight", "bias").
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_KERNELS_FUSEDADDLAYERNORM_H
#define ADOPTER_KERNELS_FUSEDADDLAYERNORM_H

#include <torch/nn/cloneable.h>
#include <torch/nn/modules/normalization.h>
#include <torch/nn/options/normalization.h>
#include <torch/nn/pimpl.h>

#include <ostream>
#include <tuple>
#include <vector>

namespace adopter::nn {

class FusedAddLayerNormImpl
    : public torch::nn::Cloneable<FusedAddLayerNormImpl> {
public:
  FusedAddLayerNormImpl(std::vector<int64_t> NormalizedShape)
      : FusedAddLayerNormImpl(torch::nn::LayerNormOptions(NormalizedShape)) {}
  explicit FusedAddLayerNormImpl(torch::nn::LayerNormOptions Options);

  void reset() override;
  void reset_parameters();
  void pretty_print(std::ostream &OS) const override;

  /// Returns (X + Residual, layer_norm(X + Residual)); X and Residual
  /// broadcast as in X + Residual.
  std::tuple<torch::Tensor, torch::Tensor>
  forward(const torch::Tensor &X, const torch::Tensor &Residual);

  torch::nn::LayerNormOptions options;
  torch::Tensor weight;
  torch::Tensor bias;
};

TORCH_MODULE(FusedAddLayerNorm);

} // namespace adopter::nn

namespace adopter::ops {

/// Returns (X + Residual, F::layer_norm(X + Residual, Options)): the
/// functional LayerNorm with the residual add before it fused in (any
/// normalized_shape, weight and bias as the options give them). X and
/// Residual broadcast as in X + Residual.
std::tuple<torch::Tensor, torch::Tensor>
add_layer_norm(const torch::Tensor &X, const torch::Tensor &Residual,
               const torch::nn::functional::LayerNormFuncOptions &Options);

/// The same for torch::layer_norm's arguments (CudnnEnable is ignored, as
/// on the CPU).
std::tuple<torch::Tensor, torch::Tensor>
add_layer_norm(const torch::Tensor &X, const torch::Tensor &Residual,
               at::IntArrayRef NormalizedShape,
               const torch::Tensor &Weight = {}, const torch::Tensor &Bias = {},
               double Eps = 1e-5, bool CudnnEnable = true);

/// The same for a torch::nn::LayerNorm that stays in the model (it is also
/// called elsewhere, without an add): its normalized_shape, weight, bias
/// and eps. Gradients reach its weight and bias.
std::tuple<torch::Tensor, torch::Tensor>
add_layer_norm(const torch::Tensor &X, const torch::Tensor &Residual,
               const torch::nn::LayerNormImpl &Norm);

} // namespace adopter::ops

#endif // ADOPTER_KERNELS_FUSEDADDLAYERNORM_H
