//===- ActivationFunction.h - Autograd function of an activation -*- C++
//-*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// act(x) in one vectorised pass, and dy * act'(x) in one pass backward
// (ConvBNKernels.h). Used after a BN-folded convolution / linear when a
// gradient is needed; without one the activation runs in place.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_LIB_KERNELS_ACTIVATIONFUNCTION_H
#define ADOPTER_LIB_KERNELS_ACTIVATIONFUNCTION_H

#include <torch/csrc/autograd/custom_function.h>

namespace adopter::kernels {

class ActivationFunction
    : public torch::autograd::Function<ActivationFunction> {
public:
  /// `X` contiguous float / bfloat16; Kind, A, B as in ActSpec.
  static at::Tensor forward(torch::autograd::AutogradContext *Ctx,
                            const at::Tensor &X, int64_t Kind, double A,
                            double B);

  static torch::autograd::variable_list
  backward(torch::autograd::AutogradContext *Ctx,
           torch::autograd::variable_list GradOutputs);
};

} // namespace adopter::kernels

#endif // ADOPTER_LIB_KERNELS_ACTIVATIONFUNCTION_H
