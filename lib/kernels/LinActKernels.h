//===- LinActKernels.h - Raw CPU epilogues of GEMM + activation -*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Tensor-level entry points of the fused GEMM epilogues: bias + activation
// (GELU, ReLU, SiLU) or bias + SwiGLU (silu(a) * b over the two column halves
// of a packed GEMM output), in one vectorized pass over the GEMM output, and
// their backward in one pass (with the bias gradient reduced in the same
// pass). They do no argument checking: callers pass contiguous CPU tensors of
// dtype float or bfloat16, viewed as rows of the last dimension. Compiled once
// per instruction set (LinActKernelsImpl.inc); the functions below pick one at
// run time.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_LIB_KERNELS_LINACTKERNELS_H
#define ADOPTER_LIB_KERNELS_LINACTKERNELS_H

#include <ATen/core/Tensor.h>

#include <cstdint>

namespace adopter::kernels {

/// What follows the GEMM. GeluErf / GeluTanh are torch::gelu with
/// approximate "none" / "tanh"; SwiGLU is silu(h[:, :N]) * h[:, N:].
enum class LinActEpilogue : int64_t { GeluErf, GeluTanh, ReLU, SiLU, SwiGLU };

/// Output columns of the epilogue for an input (GEMM output) of `InCols`.
inline int64_t linActOutCols(LinActEpilogue E, int64_t InCols) {
  return E == LinActEpilogue::SwiGLU ? InCols / 2 : InCols;
}

/// For each row of `In` [Rows, InCols]: P = In + Bias (Bias [InCols], any
/// dtype, or undefined), Out = act(P) ([Rows, linActOutCols]). With
/// `StorePre`, P is written back into In (the pre-activation backward
/// needs). Out may be In itself (in place) unless E is SwiGLU.
void linActForward(LinActEpilogue E, const at::Tensor &In,
                   const at::Tensor &Bias, const at::Tensor &Out,
                   bool StorePre);

/// DIn = DOut * act'(Saved), Saved being the pre-activation P (for ReLU, the
/// output relu(P) works as well). With `DBias` defined (a zeroed float
/// tensor [InCols]) its column sums are accumulated into it in the same
/// pass, with fixed per-chunk partial sums (deterministic).
void linActBackward(LinActEpilogue E, const at::Tensor &DOut,
                    const at::Tensor &Saved, const at::Tensor &DIn,
                    const at::Tensor &DBias);

#ifdef ADOPTER_KERNELS_WITH_CUDA
/// The same on CUDA tensors (LinearActCuda.cpp; float, half or bfloat16),
/// called by linActForward / linActBackward for a CUDA input.
void linActForwardCuda(LinActEpilogue E, const at::Tensor &In,
                       const at::Tensor &Bias, const at::Tensor &Out,
                       bool StorePre);
void linActBackwardCuda(LinActEpilogue E, const at::Tensor &DOut,
                        const at::Tensor &Saved, const at::Tensor &DIn,
                        const at::Tensor &DBias);

/// Out = act(X W^T + Bias); Saved (only with NeedGrad) is what
/// linActBackward takes: the pre-activation, or for ReLU the output.
struct LinearActCudaResult {
  at::Tensor Out, Saved;
};

/// The whole forward of LinearActFunction on CUDA tensors: X [M, K] and
/// W [N, K] contiguous, Bias [N] or undefined. The GEMM runs in cuBLASLt,
/// with the bias (and ReLU, or the tanh GELU when no gradient is needed)
/// in its epilogue; the other activations follow in one elementwise pass.
LinearActCudaResult linearActForwardCuda(LinActEpilogue E, const at::Tensor &X,
                                         const at::Tensor &W,
                                         const at::Tensor &Bias, bool NeedGrad);
#endif

} // namespace adopter::kernels

#endif // ADOPTER_LIB_KERNELS_LINACTKERNELS_H
