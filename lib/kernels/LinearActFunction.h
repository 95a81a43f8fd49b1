//===- LinearActFunction.h - Autograd of GEMM + epilogue --------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// y = act(x W^T + b) (or SwiGLU over the two halves of x W^T + b) as one
// torch::autograd::Function. Forward: the GEMM goes to ATen (at::mm_out into
// a preallocated output, no bias), then one fused pass does bias +
// activation (LinActKernels.h). Backward: one fused pass gives dPre (and the
// bias gradient), then the two GEMMs for dx and dW.
//
// Saved for backward: x, W and the pre-activation x W^T + b (stored by the
// forward pass in the GEMM's own buffer, so no extra copy); for ReLU the
// output instead, which the forward computes in place (one [M, N] buffer in
// all, as torch::relu_ saves).
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_LIB_KERNELS_LINEARACTFUNCTION_H
#define ADOPTER_LIB_KERNELS_LINEARACTFUNCTION_H

#include <torch/csrc/autograd/custom_function.h>

namespace adopter::kernels {

class LinearActFunction : public torch::autograd::Function<LinearActFunction> {
public:
  /// X [M, K] and W [Ncols, K] contiguous and checked; Bias [Ncols] when
  /// `HasBias`, else a placeholder (LibTorch 1.13 rejects undefined tensor
  /// inputs to a custom function). `Epilogue` is a LinActEpilogue.
  /// `NeedGrad`: whether the caller records autograd (saves the
  /// pre-activation then; otherwise everything is computed in place).
  static torch::autograd::variable_list
  forward(torch::autograd::AutogradContext *Ctx, const at::Tensor &X,
          const at::Tensor &W, const at::Tensor &Bias, int64_t Epilogue,
          bool HasBias, bool NeedGrad);

  static torch::autograd::variable_list
  backward(torch::autograd::AutogradContext *Ctx,
           torch::autograd::variable_list GradOutputs);
};

} // namespace adopter::kernels

#endif // ADOPTER_LIB_KERNELS_LINEARACTFUNCTION_H
