//===- FusedLinearSiLU.h - torch::nn::Linear followed by SiLU ---*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// torch::silu(linear(x)) as one module with the options, parameter names
// ("weight", "bias"), shapes and initialization of torch::nn::Linear, so a
// checkpoint of the Linear it replaces loads unchanged; runs
// adopter::ops::linear_silu (LinearAct.h).
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_KERNELS_FUSEDLINEARSILU_H
#define ADOPTER_KERNELS_FUSEDLINEARSILU_H

#include <torch/nn/cloneable.h>
#include <torch/nn/options/linear.h>
#include <torch/nn/pimpl.h>

#include <ostream>

namespace adopter::nn {

class FusedLinearSiLUImpl : public torch::nn::Cloneable<FusedLinearSiLUImpl> {
public:
  explicit FusedLinearSiLUImpl(torch::nn::LinearOptions Options);
  FusedLinearSiLUImpl(int64_t InFeatures, int64_t OutFeatures)
      : FusedLinearSiLUImpl(torch::nn::LinearOptions(InFeatures, OutFeatures)) {
  }

  void reset() override;
  void reset_parameters();
  void pretty_print(std::ostream &OS) const override;

  /// X of shape [..., in_features]; returns [..., out_features].
  torch::Tensor forward(const torch::Tensor &X);

  torch::nn::LinearOptions options;

  torch::Tensor weight;
  torch::Tensor bias;
};

TORCH_MODULE(FusedLinearSiLU);

} // namespace adopter::nn

#endif // ADOPTER_KERNELS_FUSEDLINEARSILU_H
