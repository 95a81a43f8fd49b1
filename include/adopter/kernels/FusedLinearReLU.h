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

#include "adopter/kernels/LinearActModule.h"

#include <torch/nn/options/linear.h>
#include <torch/nn/pimpl.h>

#include <ostream>

namespace adopter::nn {

/// A torch::nn::LinearImpl (LinearActModule.h): `as<torch::nn::Linear>()`
/// finds it, and its weight, bias, options and reset() are the Linear's.
class FusedLinearReLUImpl : public LinearActModule<FusedLinearReLUImpl> {
public:
  using LinearActModule::LinearActModule;

  void pretty_print(std::ostream &OS) const override;

  /// X of shape [..., in_features]; returns [..., out_features].
  torch::Tensor forward(const torch::Tensor &X);
};

TORCH_MODULE(FusedLinearReLU);

} // namespace adopter::nn

#endif // ADOPTER_KERNELS_FUSEDLINEARRELU_H
