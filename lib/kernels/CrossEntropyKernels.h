//===- CrossEntropyKernels.h - Raw CPU kernels of cross-entropy -*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Tensor-level entry points of the fused log_softmax + nll_loss CPU kernels.
// They do no argument checking: callers (CrossEntropy.cpp) pass a contiguous
// CPU input of shape [Rows, C] (float or bfloat16), int64 targets of shape
// [Rows] already validated against C, and an optional float class weight.
// Compiled once per instruction set (CrossEntropyKernelsImpl.inc); the
// functions below pick the best copy at run time.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_LIB_KERNELS_CROSSENTROPYKERNELS_H
#define ADOPTER_LIB_KERNELS_CROSSENTROPYKERNELS_H

#include <ATen/core/Tensor.h>

namespace adopter::kernels {

/// Per-row results of the forward pass, all float tensors of shape [Rows]:
/// Loss = w[t] * (logsumexp(x) - x[t]), RowWeight = w[t] (both 0 for a row
/// whose target is the ignore index) and Lse = logsumexp(x) (0 for ignored
/// rows), which the backward pass recomputes the softmax from.
struct CrossEntropyForwardResult {
  at::Tensor Loss;
  at::Tensor RowWeight;
  at::Tensor Lse;
};

/// One pass per row of X [Rows, C]: max, sum of exp, picked logit.
/// `Weight` is a float tensor [C] or undefined (all ones).
CrossEntropyForwardResult crossEntropyForward(const at::Tensor &X,
                                              const at::Tensor &Target,
                                              const at::Tensor &Weight,
                                              int64_t IgnoreIndex);

/// dX[r, j] = Scale[r] * (exp(X[r, j] - Lse[r]) - (j == Target[r])), one
/// pass per row; rows whose target is the ignore index get zeros. `Scale` is
/// a float tensor [Rows]. Returns a tensor of X's shape and dtype.
at::Tensor crossEntropyBackward(const at::Tensor &X, const at::Tensor &Target,
                                const at::Tensor &Lse, const at::Tensor &Scale,
                                int64_t IgnoreIndex);

#ifdef ADOPTER_KERNELS_WITH_CUDA
/// Forward on CUDA tensors (CrossEntropyCuda.cpp; float, half or bfloat16
/// X [Rows, C] with Rows < 2^31, int64 Target [Rows], float Weight [C] or
/// undefined), the reduction included: Out is the loss in X's dtype ([Rows]
/// or a scalar); Lse (float [Rows]) and Loss (the kernel's float buffer:
/// [Rows], or {loss, sum of the target weights}) are for the backward. A
/// target outside [0, C) that is not IgnoreIndex gives a NaN loss (and NaN
/// gradients) instead of an error: checking would synchronise the device.
struct CrossEntropyCudaResult {
  at::Tensor Out, Lse, Loss;
};
CrossEntropyCudaResult crossEntropyForwardCuda(const at::Tensor &X,
                                               const at::Tensor &Target,
                                               const at::Tensor &Weight,
                                               int64_t Reduction,
                                               int64_t IgnoreIndex);

/// dX of the CUDA forward given the upstream gradient G of Out.
at::Tensor crossEntropyBackwardCuda(const at::Tensor &X,
                                    const at::Tensor &Target,
                                    const at::Tensor &Weight,
                                    const at::Tensor &Lse,
                                    const at::Tensor &Loss, const at::Tensor &G,
                                    int64_t Reduction, int64_t IgnoreIndex);
#endif

} // namespace adopter::kernels

#endif // ADOPTER_LIB_KERNELS_CROSSENTROPYKERNELS_H
