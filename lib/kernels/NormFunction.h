//===- NormFunction.h - Autograd function of the fused norms ----*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// One torch::autograd::Function for LayerNorm and RMSNorm, with or without a
// fused residual add. Forward saves only the normalised input (x, or the sum
// it returns) and the per-row float statistics; backward is one fused pass
// per row (NormKernels.h).
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_LIB_KERNELS_NORMFUNCTION_H
#define ADOPTER_LIB_KERNELS_NORMFUNCTION_H

#include <torch/csrc/autograd/custom_function.h>

namespace adopter::kernels {

class NormFunction : public torch::autograd::Function<NormFunction> {
public:
  /// Bits of the `Present` argument of forward.
  enum : int64_t { HasResidual = 1, HasWeight = 2, HasBias = 4 };

  /// Inputs must be contiguous and checked; `Kind` is a NormKind. LibTorch
  /// 1.13 rejects undefined tensor inputs to a custom function, so absent
  /// `Residual`, `Weight` or `Bias` are passed as placeholders and `Present`
  /// says which are real. Returns {sum, normed} with a residual, {normed}
  /// otherwise.
  static torch::autograd::variable_list
  forward(torch::autograd::AutogradContext *Ctx, const at::Tensor &X,
          const at::Tensor &Residual, const at::Tensor &Weight,
          const at::Tensor &Bias, int64_t Kind, int64_t Present, double Eps);

  static torch::autograd::variable_list
  backward(torch::autograd::AutogradContext *Ctx,
           torch::autograd::variable_list GradOutputs);
};

} // namespace adopter::kernels

#endif // ADOPTER_LIB_KERNELS_NORMFUNCTION_H
