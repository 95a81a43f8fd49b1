//===- DropoutAddNormKernels.h - Raw dropout + add + LayerNorm --*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Tensor-level entry points of the fused dropout(a) + b -> LayerNorm kernel
// (FusedDropoutAddLayerNorm.h). No argument checking: callers pass
// contiguous CPU float / bfloat16 tensors viewed as rows of the last
// dimension. The keep decisions are read from the noise torch's dropout
// drew (so a seed gives the chain's mask) or, without noise, hashed from
// (Seed, row, column), in the same pass as the add and the normalisation
// (reproducible for a given seed whatever the thread count). Compiled once
// per ISA (DropoutAddNormKernelsImpl.inc).
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_LIB_KERNELS_DROPOUTADDNORMKERNELS_H
#define ADOPTER_LIB_KERNELS_DROPOUTADDNORMKERNELS_H

#include <ATen/core/Tensor.h>

#include <cstdint>

namespace adopter::kernels {

/// Sum = dropout(A) + B, Output = layer_norm(Sum); Mask (uint8, A's shape)
/// is 1 where A was kept; Mean / Rstd are float [rows].
struct DropoutAddNormResult {
  at::Tensor Sum, Output, Mask, Mean, Rstd;
};

/// Dropout with probability P (kept elements scaled by 1 / (1 - P); all
/// dropped when P = 1), the add, and LayerNorm with optional Weight / Bias.
/// Noise: torch's dropout of ones shaped as A (the scaled keep mask,
/// contiguous, A's dtype), kept where non-zero; undefined: the mask is
/// hashed from Seed.
DropoutAddNormResult dropoutAddNormForward(const at::Tensor &A,
                                           const at::Tensor &B,
                                           const at::Tensor &Weight,
                                           const at::Tensor &Bias,
                                           const at::Tensor &Noise,
                                           uint64_t Seed, double P, double Eps);

/// DS * Mask * Scale (the gradient of dropout's input), Scale as in
/// forward (1 / (1 - P) rounded to DS's dtype).
at::Tensor dropoutBackward(const at::Tensor &DS, const at::Tensor &Mask,
                           double P);

#ifdef ADOPTER_KERNELS_WITH_CUDA
/// The forward on CUDA tensors (DropoutAddLayerNormCuda.cpp; float, half or
/// bfloat16; 0 <= P < 1 as a float). The mask is drawn from the default
/// CUDA generator of A's device (torch::manual_seed seeds it), with a
/// counter-based Philox stream (cuda/Philox.h), not from a CPU seed.
DropoutAddNormResult dropoutAddNormForwardCuda(const at::Tensor &A,
                                               const at::Tensor &B,
                                               const at::Tensor &Weight,
                                               const at::Tensor &Bias, double P,
                                               double Eps);

/// Gradients of the CUDA forward (undefined where not needed).
struct DropoutAddNormCudaGrads {
  at::Tensor DA, DB, DWeight, DBias;
};

/// DY: the gradient of y, DSum: of s (either may be undefined); Sum, Mean,
/// Rstd, Weight and Mask as the forward saved them. One fused pass gives ds
/// (the residual's gradient) and ds * mask / (1 - P) (A's).
DropoutAddNormCudaGrads
dropoutAddNormBackwardCuda(const at::Tensor &DY, const at::Tensor &DSum,
                           const at::Tensor &Sum, const at::Tensor &Mean,
                           const at::Tensor &Rstd, const at::Tensor &Weight,
                           const at::Tensor &Mask, double P, bool NeedA,
                           bool NeedB, bool NeedWeight, bool NeedBias);
#endif

} // namespace adopter::kernels

#endif // ADOPTER_LIB_KERNELS_DROPOUTADDNORMKERNELS_H
