//===- LinearParameters.h - torch::nn::Linear's weight and bias -*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// The parameters of torch::nn::Linear, registered under the same names and
// shapes and initialised the same way, so that a checkpoint of the module a
// fused one replaces loads, and a fresh fused module starts from the same
// distribution.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_LIB_KERNELS_LINEARPARAMETERS_H
#define ADOPTER_LIB_KERNELS_LINEARPARAMETERS_H

#include <torch/nn/init.h>
#include <torch/nn/module.h>
#include <torch/nn/options/linear.h>

#include <cmath>

namespace adopter::kernels {

/// Registers `weight` [out, in] and `bias` [out] (an undefined placeholder
/// without bias), as torch::nn::LinearImpl::reset does.
inline void registerLinearParameters(torch::nn::Module &M,
                                     const torch::nn::LinearOptions &O,
                                     torch::Tensor &Weight,
                                     torch::Tensor &Bias) {
  Weight = M.register_parameter(
      "weight", torch::empty({O.out_features(), O.in_features()}));
  if (O.bias())
    Bias = M.register_parameter("bias", torch::empty(O.out_features()));
  else
    Bias = M.register_parameter("bias", {}, /*requires_grad=*/false);
}

/// torch::nn::Linear's initialization: kaiming_uniform_(a = sqrt(5)) for the
/// weight, U(-1/sqrt(in), 1/sqrt(in)) for the bias.
inline void initLinearParameters(torch::Tensor &Weight, torch::Tensor &Bias) {
  torch::NoGradGuard NoGrad;
  torch::nn::init::kaiming_uniform_(Weight, std::sqrt(5));
  if (Bias.defined()) {
    const int64_t FanIn = Weight.size(1);
    const double Bound = FanIn > 0 ? 1 / std::sqrt(FanIn) : 0;
    torch::nn::init::uniform_(Bias, -Bound, Bound);
  }
}

} // namespace adopter::kernels

#endif // ADOPTER_LIB_KERNELS_LINEARPARAMETERS_H
