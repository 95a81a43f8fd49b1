//===- MaskedSoftmaxFunction.h - Masked softmax autograd --------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// The torch::autograd::Function of adopter::ops::masked_softmax: one pass
// per row forward, saving only the output; one fused pass per row backward.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_LIB_KERNELS_MASKEDSOFTMAXFUNCTION_H
#define ADOPTER_LIB_KERNELS_MASKEDSOFTMAXFUNCTION_H

#include "AttentionMask.h"

#include <torch/csrc/autograd/custom_function.h>

namespace adopter::kernels {

class MaskedSoftmaxFunction
    : public torch::autograd::Function<MaskedSoftmaxFunction> {
public:
  /// X contiguous, checked, float or bfloat16; `Mask` prepared for X's shape.
  static torch::autograd::variable_list
  forward(torch::autograd::AutogradContext *Ctx, const at::Tensor &X,
          const AttentionMask &Mask);

  static torch::autograd::variable_list
  backward(torch::autograd::AutogradContext *Ctx,
           torch::autograd::variable_list GradOutputs);
};

} // namespace adopter::kernels

#endif // ADOPTER_LIB_KERNELS_MASKEDSOFTMAXFUNCTION_H
