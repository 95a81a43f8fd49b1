//===- AttentionFunction.h - Autograd function of attention -----*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// The torch::autograd::Function of adopter::ops::attention: a flash-style
// forward that saves q, k, v, the output and the per-row log-sum-exp (O(L)
// statistics), and a flash-style backward that recomputes each score tile
// (AttentionKernels.h).
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_LIB_KERNELS_ATTENTIONFUNCTION_H
#define ADOPTER_LIB_KERNELS_ATTENTIONFUNCTION_H

#include "AttentionMask.h"

#include <torch/csrc/autograd/custom_function.h>

namespace adopter::kernels {

class AttentionFunction : public torch::autograd::Function<AttentionFunction> {
public:
  /// Q [B, Lq, D], K [B, Lk, D] (k, not kt), V [B, Lk, Dv]: contiguous,
  /// checked, float or bfloat16. `Mask` is prepared for the score shape
  /// [B, Lq, Lk] (row b * Lq + i). DropoutP is 0 unless training.
  static torch::autograd::variable_list
  forward(torch::autograd::AutogradContext *Ctx, const at::Tensor &Q,
          const at::Tensor &K, const at::Tensor &V, const AttentionMask &Mask,
          double DropoutP);

  static torch::autograd::variable_list
  backward(torch::autograd::AutogradContext *Ctx,
           torch::autograd::variable_list GradOutputs);
};

} // namespace adopter::kernels

#endif // ADOPTER_LIB_KERNELS_ATTENTIONFUNCTION_H
