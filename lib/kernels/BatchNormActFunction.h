//===- BatchNormActFunction.h - Autograd batch-norm + activation -*- C++
//-*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// act(batch_norm(x)) with the batch statistics (training mode), forward and
// backward fused per channel (ConvBNKernels.h). Running statistics are not
// touched here: the caller updates them from the returned mean / variance.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_LIB_KERNELS_BATCHNORMACTFUNCTION_H
#define ADOPTER_LIB_KERNELS_BATCHNORMACTFUNCTION_H

#include <torch/csrc/autograd/custom_function.h>

namespace adopter::kernels {

class BatchNormActFunction
    : public torch::autograd::Function<BatchNormActFunction> {
public:
  /// Bits of the `Present` argument of forward.
  enum : int64_t { HasWeight = 1, HasBias = 2 };

  /// `X` is a contiguous [N, C, ...] float / bfloat16 tensor. LibTorch 1.13
  /// rejects undefined tensor inputs, so an absent Weight / Bias is a
  /// placeholder and `Present` says which are real. Returns {y, mean, var}
  /// (mean and biased variance per channel, float, not differentiable).
  static torch::autograd::variable_list
  forward(torch::autograd::AutogradContext *Ctx, const at::Tensor &X,
          const at::Tensor &Weight, const at::Tensor &Bias, int64_t Present,
          double Eps, int64_t ActKind, double ActA, double ActB);

  static torch::autograd::variable_list
  backward(torch::autograd::AutogradContext *Ctx,
           torch::autograd::variable_list GradOutputs);
};

} // namespace adopter::kernels

#endif // ADOPTER_LIB_KERNELS_BATCHNORMACTFUNCTION_H
