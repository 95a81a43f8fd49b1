//===- FusedLinearReLU.h - torch::nn::Linear followed by ReLU ---*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// torch::relu(linear(x)) as one module with the options, parameter names
// ("weight", "bias"), shapes and initialization of torch::nn::Linear, so a
// checkpoint of the Linear it replaces loads unchanged; runs
// adopter::ops::linear_relu (LinearAct.h).
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_KERNELS_FUSEDLINEARRELU_H
#define ADOPTER_KERNELS_FUSEDLINEARRELU_H

#include <torch/nn/cloneable.h>
#include <torch/nn/options/linear.h>
#include <torch/nn/pimpl.h>

#include <ostream>

namespace adopter::nn {

class FusedLinearReLUImpl : public torch::nn::Cloneable<FusedLinearReLUImpl> {
public:
  explicit FusedLinearReLUImpl(torch::nn::LinearOptions Options);
  FusedLinearReLUImpl(int64_t InFeatures, int64_t OutFeatures)
      : FusedLinearReLUImpl(torch::nn::LinearOptions(InFeatures, OutFeatures)) {
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

TORCH_MODULE(FusedLinearReLU);

} // namespace adopter::nn

#endif // ADOPTER_KERNELS_FUSEDLINEARRELU_H
