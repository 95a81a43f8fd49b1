//===- ConvBNKernels.h - Raw CPU kernels of batch-norm + act ---*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Tensor-level entry points of the kernels behind conv_bn / linear_bn
// (ConvBN.h, LinearBN.h): a pointwise activation (forward, in place or not,
// and backward), and a training-mode batch normalisation fused with the
// activation that follows it (per-channel statistics, then normalise +
// affine + activation in one sweep; the backward recomputes the
// pre-activation value instead of storing it). No argument checking:
// callers pass contiguous CPU tensors of dtype float or bfloat16; the
// batch-norm input is viewed as [N, C, S] (S = 1 for a Linear's output).
// Compiled once per instruction set (ConvBNKernelsImpl.inc).
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_LIB_KERNELS_CONVBNKERNELS_H
#define ADOPTER_LIB_KERNELS_CONVBNKERNELS_H

#include <ATen/core/Tensor.h>

namespace adopter::kernels {

/// An adopter::ops::Activation in kernel form (Kind is its enum value).
struct ActSpec {
  int Kind = 0;
  float A = 0.f, B = 0.f;
};

/// act(X); written into X itself when InPlace.
at::Tensor activationForward(const at::Tensor &X, ActSpec Act, bool InPlace);

/// DY * act'(X), X the activation's input.
at::Tensor activationBackward(const at::Tensor &DY, const at::Tensor &X,
                              ActSpec Act);

/// Mean, biased variance and 1 / sqrt(var + eps) are float tensors [C].
/// The elements per (sample, channel) of a [N, C, ...] tensor: 1 for
/// [N, C], 0 when it is empty.
inline int64_t elementsPerChannel(const at::Tensor &X) {
  const int64_t NC = X.size(0) * X.size(1);
  return NC == 0 ? 0 : X.numel() / NC;
}

struct BatchNormActForwardResult {
  at::Tensor Output;
  at::Tensor Mean;
  at::Tensor Var;
  at::Tensor Invstd;
};

struct BatchNormActBackwardResult {
  at::Tensor DInput;
  at::Tensor DWeight;
  at::Tensor DBias;
};

/// act(batch_norm(X)) with the batch statistics of X, a contiguous
/// [N, C, ...] tensor (the output has its shape).
/// Weight and Bias ([C], any float dtype) may be undefined.
BatchNormActForwardResult batchNormActForward(const at::Tensor &X,
                                              const at::Tensor &Weight,
                                              const at::Tensor &Bias,
                                              double Eps, ActSpec Act);

/// Backward of batchNormActForward given its input and saved statistics.
BatchNormActBackwardResult
batchNormActBackward(const at::Tensor &DY, const at::Tensor &X,
                     const at::Tensor &Mean, const at::Tensor &Invstd,
                     const at::Tensor &Weight, const at::Tensor &Bias,
                     ActSpec Act, bool NeedWeight, bool NeedBias);

} // namespace adopter::kernels

#endif // ADOPTER_LIB_KERNELS_CONVBNKERNELS_H
