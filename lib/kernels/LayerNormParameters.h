//===- LayerNormParameters.h - LayerNorm's weight and bias ------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// The parameters of torch::nn::LayerNorm, registered under the same names
// and shapes, so that a checkpoint of the module a fused one replaces loads.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_LIB_KERNELS_LAYERNORMPARAMETERS_H
#define ADOPTER_LIB_KERNELS_LAYERNORMPARAMETERS_H

#include <torch/nn/init.h>
#include <torch/nn/module.h>
#include <torch/nn/options/normalization.h>

namespace adopter::kernels {

/// Registers `weight` (ones) and `bias` (zeros) of shape normalized_shape,
/// or undefined ones without elementwise_affine, as torch::nn::LayerNorm.
inline void registerLayerNormParameters(torch::nn::Module &M,
                                        const torch::nn::LayerNormOptions &O,
                                        torch::Tensor &Weight,
                                        torch::Tensor &Bias) {
  const bool Affine = O.elementwise_affine();
  Weight = M.register_parameter(
      "weight", Affine ? torch::empty(O.normalized_shape()) : torch::Tensor(),
      /*requires_grad=*/Affine);
  Bias = M.register_parameter(
      "bias", Affine ? torch::empty(O.normalized_shape()) : torch::Tensor(),
      /*requires_grad=*/Affine);
}

/// torch::nn::LayerNorm's initialization: weight 1, bias 0.
inline void initLayerNormParameters(const torch::nn::LayerNormOptions &O,
                                    torch::Tensor &Weight,
                                    torch::Tensor &Bias) {
  if (!O.elementwise_affine())
    return;
  torch::NoGradGuard NoGrad;
  torch::nn::init::ones_(Weight);
  torch::nn::init::zeros_(Bias);
}

} // namespace adopter::kernels

#endif // ADOPTER_LIB_KERNELS_LAYERNORMPARAMETERS_H
