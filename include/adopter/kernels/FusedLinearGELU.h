//===- FusedLinearGELU.h - torch::nn::Linear followed by GELU ---*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// torch::gelu(linear(x), approximate) as one module with the options, parameter
// names
// ("weight", "bias"), shapes and initialization of torch::nn::Linear, so a
// checkpoint of the Linear it replaces loads unchanged; runs
// adopter::ops::linear_gelu (LinearAct.h).
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_KERNELS_FUSEDLINEARGELU_H
#define ADOPTER_KERNELS_FUSEDLINEARGELU_H

#include "adopter/kernels/LinearActModule.h"

#include <torch/nn/options/linear.h>
#include <torch/nn/pimpl.h>

#include <ostream>
#include <string>

namespace adopter::nn {

/// A torch::nn::LinearImpl (LinearActModule.h): `as<torch::nn::Linear>()`
/// finds it, and its weight, bias, options and reset() are the Linear's.
class FusedLinearGELUImpl : public LinearActModule<FusedLinearGELUImpl> {
public:
  /// `Approximate` is "none" or "tanh", as torch::gelu's.
  explicit FusedLinearGELUImpl(const torch::nn::LinearOptions &Options,
                               std::string Approximate = "none");
  FusedLinearGELUImpl(int64_t InFeatures, int64_t OutFeatures,
                      std::string Approximate = "none")
      : FusedLinearGELUImpl(torch::nn::LinearOptions(InFeatures, OutFeatures),
                            std::move(Approximate)) {}

  void pretty_print(std::ostream &OS) const override;

  /// X of shape [..., in_features]; returns [..., out_features].
  torch::Tensor forward(const torch::Tensor &X);

  /// "none" or "tanh".
  std::string approximate;
};

TORCH_MODULE(FusedLinearGELU);

} // namespace adopter::nn

#endif // ADOPTER_KERNELS_FUSEDLINEARGELU_H
