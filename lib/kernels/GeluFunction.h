//===- GeluFunction.h - Autograd function of the fused GELU -----*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// torch::gelu as one torch::autograd::Function: one vectorized pass forward
// (the hand-written chain 0.5 * x * (1 + tanh(...)) or (1 + erf(...)) is
// five to eight passes), one fused pass backward. Saves only the input.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_LIB_KERNELS_GELUFUNCTION_H
#define ADOPTER_LIB_KERNELS_GELUFUNCTION_H

#include <torch/csrc/autograd/custom_function.h>

namespace adopter::kernels {

class GeluFunction : public torch::autograd::Function<GeluFunction> {
public:
  /// X contiguous (any shape) and checked; `Epilogue` is
  /// LinActEpilogue::GeluErf or GeluTanh.
  static torch::autograd::variable_list
  forward(torch::autograd::AutogradContext *Ctx, const at::Tensor &X,
          int64_t Epilogue);

  static torch::autograd::variable_list
  backward(torch::autograd::AutogradContext *Ctx,
           torch::autograd::variable_list GradOutputs);
};

} // namespace adopter::kernels

#endif // ADOPTER_LIB_KERNELS_GELUFUNCTION_H
