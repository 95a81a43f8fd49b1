//===- FusedLayerNorm.h - Drop-in torch::nn::LayerNorm ----------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// A LayerNorm module with the options, parameter names ("weight", "bias")
// and shapes of torch::nn::LayerNorm, so its checkpoints load unchanged, that
// runs adopter::ops::layer_norm.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_KERNELS_FUSEDLAYERNORM_H
#define ADOPTER_KERNELS_FUSEDLAYERNORM_H

#include <torch/nn/cloneable.h>
#include <torch/nn/options/normalization.h>
#include <torch/nn/pimpl.h>

#include <ostream>
#include <vector>

namespace adopter::nn {

class FusedLayerNormImpl : public torch::nn::Cloneable<FusedLayerNormImpl> {
public:
  FusedLayerNormImpl(std::vector<int64_t> NormalizedShape)
      : FusedLayerNormImpl(torch::nn::LayerNormOptions(NormalizedShape)) {}
  explicit FusedLayerNormImpl(torch::nn::LayerNormOptions Options);

  void reset() override;
  void reset_parameters();
  void pretty_print(std::ostream &OS) const override;

  /// Normalises over the trailing `normalized_shape` dimensions of `X`.
  torch::Tensor forward(const torch::Tensor &X);

  torch::nn::LayerNormOptions options;
  torch::Tensor weight;
  torch::Tensor bias;
};

TORCH_MODULE(FusedLayerNorm);

} // namespace adopter::nn

#endif // ADOPTER_KERNELS_FUSEDLAYERNORM_H
