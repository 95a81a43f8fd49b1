//===- DropoutAddLayerNormFunction.h - Autograd dropout-add-norm -*- C++
//-*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// s = dropout(a, P) + b, y = layer_norm(s) in one pass per row
// (DropoutAddNormKernels.h); saves s, the per-row statistics and the byte
// mask. Backward: the fused LayerNorm backward of the norm kernels
// (NormKernels.h) for ds, then one pass ds * mask / (1 - P) for da.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_LIB_KERNELS_DROPOUTADDLAYERNORMFUNCTION_H
#define ADOPTER_LIB_KERNELS_DROPOUTADDLAYERNORMFUNCTION_H

#include <torch/csrc/autograd/custom_function.h>

namespace adopter::kernels {

class DropoutAddLayerNormFunction
    : public torch::autograd::Function<DropoutAddLayerNormFunction> {
public:
  /// Bits of the `Present` argument of forward.
  enum : int64_t { HasWeight = 1, HasBias = 2 };

  /// A and B contiguous, same shape, float / bfloat16, rows of the last
  /// dimension; absent Weight / Bias are placeholders (see NormFunction.h).
  /// On the CPU, Noise is torch's dropout of ones shaped as A (the kept
  /// entries are its non-zero ones) or empty: the mask is hashed from Seed
  /// (reinterpreted as uint64). The CUDA kernel draws its own mask and
  /// takes Noise empty. Returns {s, y}.
  static torch::autograd::variable_list
  forward(torch::autograd::AutogradContext *Ctx, const at::Tensor &A,
          const at::Tensor &B, const at::Tensor &Weight, const at::Tensor &Bias,
          int64_t Present, double P, const at::Tensor &Noise, int64_t Seed,
          double Eps);

  static torch::autograd::variable_list
  backward(torch::autograd::AutogradContext *Ctx,
           torch::autograd::variable_list GradOutputs);
};

} // namespace adopter::kernels

#endif // ADOPTER_LIB_KERNELS_DROPOUTADDLAYERNORMFUNCTION_H
