//===- NormKernels.h - Raw CPU kernels for fused normalisation -*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Tensor-level entry points of the fused LayerNorm / RMSNorm CPU kernels.
// They do no argument checking: callers (Norms.cpp) pass contiguous CPU
// tensors of dtype float or bfloat16, viewed as rows of the last dimension.
// The kernels are compiled once per instruction set (NormKernelsImpl.inc) and
// normForward / normBackward pick the best one at run time.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_LIB_KERNELS_NORMKERNELS_H
#define ADOPTER_LIB_KERNELS_NORMKERNELS_H

#include <ATen/core/Tensor.h>

#include <tuple>

namespace adopter::kernels {

enum class NormKind { LayerNorm, RMSNorm };

/// Outputs of a forward pass. Sum is defined only when a residual was given;
/// Mean only for LayerNorm. Mean and Rstd are float tensors of shape [rows].
struct NormForwardResult {
  at::Tensor Sum;
  at::Tensor Output;
  at::Tensor Mean;
  at::Tensor Rstd;
};

/// Gradients of a backward pass; DWeight / DBias are undefined unless asked.
struct NormBackwardResult {
  at::Tensor DInput;
  at::Tensor DWeight;
  at::Tensor DBias;
};

/// Normalises the rows of `X` (+ `Residual` when defined). `Weight` and
/// `Bias` may be undefined (identity affine).
NormForwardResult normForward(NormKind Kind, const at::Tensor &X,
                              const at::Tensor &Residual,
                              const at::Tensor &Weight, const at::Tensor &Bias,
                              double Eps);

/// Backward of normForward given the normalised input `Input` (x, or the sum
/// x + residual) and the saved per-row statistics.
NormBackwardResult normBackward(NormKind Kind, const at::Tensor &DOutput,
                                const at::Tensor &Input, const at::Tensor &Mean,
                                const at::Tensor &Rstd,
                                const at::Tensor &Weight, bool NeedWeight,
                                bool NeedBias);

#ifdef ADOPTER_KERNELS_WITH_CUDA
/// The same on CUDA tensors (NormsCuda.cpp; float, half or bfloat16), called
/// by normForward / normBackward for a CUDA input.
NormForwardResult normForwardCuda(NormKind Kind, const at::Tensor &X,
                                  const at::Tensor &Residual,
                                  const at::Tensor &Weight,
                                  const at::Tensor &Bias, double Eps);
NormBackwardResult normBackwardCuda(NormKind Kind, const at::Tensor &DOutput,
                                    const at::Tensor &Input,
                                    const at::Tensor &Mean,
                                    const at::Tensor &Rstd,
                                    const at::Tensor &Weight, bool NeedWeight,
                                    bool NeedBias);
#endif

} // namespace adopter::kernels

#endif // ADOPTER_LIB_KERNELS_NORMKERNELS_H
