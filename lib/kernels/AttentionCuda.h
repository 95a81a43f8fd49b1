//===- AttentionCuda.h - CUDA glue of attention, softmax --------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Entry points of the LibTorch glue from CUDA tensors to the CUDA flash
// attention (AttentionCuda.cpp) and masked softmax (MaskedSoftmaxCuda.cpp)
// kernels, and the unfused ATen chains used where those kernels cannot give
// the chain's answer. Built only with ADOPTER_KERNELS_WITH_CUDA; callers
// (Attention.cpp, AttentionFunction.cpp, MaskedSoftmax.cpp,
// MaskedSoftmaxFunction.cpp) include this header under that macro.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_LIB_KERNELS_ATTENTIONCUDA_H
#define ADOPTER_LIB_KERNELS_ATTENTIONCUDA_H

#include "AttentionChain.h"
#include "AttentionMask.h"
#include "adopter/kernels/AttentionOptions.h"

#include <ATen/core/Tensor.h>

#include <cstdint>

namespace adopter::kernels {

//===----------------------------------------------------------------------===//
// Masked softmax (MaskedSoftmaxCuda.cpp).
//===----------------------------------------------------------------------===//

/// Whether the CUDA softmax kernel gives masked_softmax's answer for scores
/// S with mask M: at most 2^31 - 1 rows, and a mask it reads exactly
/// (AttentionMask::kernelMaskExact). Otherwise masked_softmax runs
/// maskedSoftmaxChain.
bool maskedSoftmaxCudaFused(const AttentionMask &M, const at::Tensor &S);

/// Y = masked_softmax(X) for contiguous CUDA X; Mask is M.kernelMask() as
/// the backward needs it again (undefined without a mask).
struct MaskedSoftmaxCudaResult {
  at::Tensor Y, Mask;
};
MaskedSoftmaxCudaResult maskedSoftmaxForwardCuda(const AttentionMask &M,
                                                 const at::Tensor &X);

/// DX from the forward's Y and kernel mask.
at::Tensor maskedSoftmaxBackwardCuda(const AttentionMask &M,
                                     const at::Tensor &KernelMask,
                                     const at::Tensor &Y, const at::Tensor &DY);

//===----------------------------------------------------------------------===//
// Attention (AttentionCuda.cpp).
//===----------------------------------------------------------------------===//

/// Whether the CUDA flash kernel gives the chain's answer for these
/// arguments (Type: q's dtype; B: the flattened batch; DropoutP: 0 unless
/// training): no dropout, D == Dv <= 128, a boolean mask only with a -inf
/// fill, an additive one only if read exactly (kernelMaskExact).
/// Otherwise adopter::ops::attention runs attentionChain.
bool attentionCudaFused(const AttentionMask &M, at::ScalarType Type, int64_t B,
                        int64_t Lq, int64_t Lk, int64_t D, int64_t Dv,
                        double DropoutP);

/// Forward of AttentionFunction on CUDA: Q [B, Lq, D], K and V [B, Lk, D]
/// contiguous; M prepared for the score shape [batch..., Lq, Lk]. Out is
/// [B, Lq, D] in Q's dtype, Lse float [B, Lq]; Mask is M.kernelMask() for
/// the backward.
struct AttentionCudaResult {
  at::Tensor Out, Lse, Mask;
};
AttentionCudaResult attentionForwardCuda(const AttentionMask &M,
                                         const at::Tensor &Q,
                                         const at::Tensor &K,
                                         const at::Tensor &V);

/// Gradients of Q, K and V from the forward's saved tensors.
struct AttentionCudaGrads {
  at::Tensor DQ, DK, DV;
};
AttentionCudaGrads
attentionBackwardCuda(const AttentionMask &M, const at::Tensor &KernelMask,
                      const at::Tensor &Q, const at::Tensor &K,
                      const at::Tensor &V, const at::Tensor &Out,
                      const at::Tensor &Lse, const at::Tensor &DOut);

} // namespace adopter::kernels

#endif // ADOPTER_LIB_KERNELS_ATTENTIONCUDA_H
