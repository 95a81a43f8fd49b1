//===- AttentionCuda.cpp - CUDA tensors of the fused attention ------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// LibTorch glue from CUDA tensors to the raw CUDA flash-attention kernels
// (cuda/CudaKernels.h: flashAttentionForward / flashAttentionBackward), on
// the current CUDA stream of the tensor's device. Built only against a
// CUDA-enabled LibTorch (ADOPTER_KERNELS_WITH_CUDA); AttentionFunction
// routes CUDA tensors here, so its autograd serves both devices.
//
// The kernel has no dropout, takes one head size for q, k and v (at most
// 128) and knows a boolean mask only as "hide this key" (a -inf score).
// adopter::ops::attention asks attentionCudaFused first and runs the
// unfused ATen chain (attentionChain) for everything else: dropout in
// training, D != Dv or D > 128, a boolean mask with a finite fill (-1e4,
// -1e9: a fully masked row then gets uniform weights, not NaN, and the
// fill value takes part in the softmax), and an additive mask that the
// kernel, which reads it in q's dtype, would round (a float mask with
// float16 / bfloat16 q, e.g. FusedMultiheadAttention's attn_mask in
// bfloat16; or one scaled after the mask).
//
// The batch dimensions are regrouped as the kernel's [B, H] (the last one
// is H) so that a mask broadcast over heads or batches is read in place
// through its strides. A query row whose every score is -inf is NaN in the
// chain (0 / 0) and zero in the kernel; the glue restores the chain's NaN
// in the output and, in the backward, in the gradients that the chain's
// NaN reaches (that row of dq; all of dk and dv of that batch and head).
//
//===----------------------------------------------------------------------===//

#include "AttentionCuda.h"

#include "CudaGlue.h"

#include <ATen/cuda/CUDAContext.h>
#include <ATen/ops/dropout.h>
#include <ATen/ops/empty.h>
#include <ATen/ops/empty_like.h>
#include <ATen/ops/matmul.h>
#include <ATen/ops/softmax.h>
#include <c10/cuda/CUDAGuard.h>
#include <c10/util/Exception.h>

#include <algorithm>
#include <limits>
#include <utility>

namespace adopter::kernels {
namespace {

namespace kc = adopter::kernels::cuda;
using glue::check;
using glue::ptr;

/// The kernel's head dimension limit (FlashAttention.cu, MaxD).
constexpr int64_t MaxHeadDim = 128;

constexpr double NegInf = -std::numeric_limits<double>::infinity();
constexpr double NaN = std::numeric_limits<double>::quiet_NaN();

/// The flattened batch B of AttentionFunction as the kernel's (B / H, H),
/// H being the last batch dimension of the score shape the mask was
/// prepared for (1 without a mask: the batch is then just flattened).
std::pair<int64_t, int64_t> splitBatch(const AttentionMask &M, int64_t B) {
  const at::Tensor &Data = M.data();
  const int64_t H = Data.defined() && Data.dim() >= 3 ? Data.size(-3) : 1;
  return {H == 0 ? 0 : B / H, H};
}

/// The kernel's view of the mask KM ([B / H, H, Lq, Lk], from kernelMask
/// with TrueKeeps = true).
kc::AttnMask attnMask(const AttentionMask &M, const at::Tensor &KM) {
  kc::AttnMask A;
  if (!KM.defined())
    return A;
  A.Kind = M.kind() == ScoreMaskKind::Additive ? kc::AttnMaskKind::Additive
                                               : kc::AttnMaskKind::Bool;
  A.Data = KM.data_ptr();
  A.StrideB = KM.stride(0);
  A.StrideH = KM.stride(1);
  A.StrideQ = KM.stride(2);
  A.StrideK = KM.stride(3);
  return A;
}

} // namespace

bool attentionCudaFused(const AttentionMask &M, at::ScalarType Type, int64_t B,
                        int64_t Lq, int64_t Lk, int64_t D, int64_t Dv,
                        double DropoutP) {
  if (DropoutP > 0.0)
    return false; // the kernel has no dropout
  if (D != Dv || D < 1 || D > MaxHeadDim)
    return false; // one head size, at most 128
  const ScoreMaskKind K = M.kind();
  if ((K == ScoreMaskKind::FillWhereTrue ||
       K == ScoreMaskKind::FillWhereFalse) &&
      M.fill() != NegInf)
    return false; // a finite fill is a score, not a hidden key
  if (!M.kernelMaskExact(Type))
    return false; // the kernel would read a rounded additive mask
  // The kernel launches one block per 8 rows of every (batch, head).
  const int64_t Rows = std::max(Lq, Lk);
  return B * ((Rows + 7) / 8) <= std::numeric_limits<int32_t>::max();
}

AttentionCudaResult attentionForwardCuda(const AttentionMask &M,
                                         const at::Tensor &Q,
                                         const at::Tensor &K,
                                         const at::Tensor &V) {
  const c10::cuda::CUDAGuard Guard(Q.device());
  const int64_t B = Q.size(0), Lq = Q.size(1), D = Q.size(2);
  const int64_t Lk = K.size(1);
  TORCH_CHECK(V.size(2) == D && D <= MaxHeadDim,
              "adopter_kernels: the CUDA flash attention takes q, k and v of "
              "one head size of at most ",
              MaxHeadDim, ", got q ", Q.sizes(), ", k ", K.sizes(), ", v ",
              V.sizes());
  const std::pair<int64_t, int64_t> Split = splitBatch(M, B);
  const int64_t Bk = Split.first, H = Split.second;
  AttentionCudaResult R;
  R.Mask = M.kernelMask(Q.scalar_type(), /*TrueKeeps=*/true, {Bk, H, Lq, Lk});
  const kc::AttnMask Mask = attnMask(M, R.Mask);
  R.Out = at::empty_like(Q);
  R.Lse = at::empty({B, Lq}, Q.options().dtype(at::kFloat));
  const float Scale = static_cast<float>(M.scale());
  glue::dispatchType(Q.scalar_type(), "attention kernels", [&](auto Tag) {
    using T = typename decltype(Tag)::type;
    check(kc::flashAttentionForward<T>(
              ptr<T>(Q), ptr<T>(K), ptr<T>(V), ptr<T>(R.Out), ptr<float>(R.Lse),
              Mask, Scale, Bk, H, Lq, Lk, D, at::cuda::getCurrentCUDAStream()),
          "the CUDA flash attention forward");
  });
  // Fully masked rows: the kernel's zeros become the chain's NaN. (The
  // backward kernels skip these rows by their -inf logsumexp, so the NaN
  // in the saved output does not reach them.)
  R.Out.masked_fill_(R.Lse.eq(NegInf).unsqueeze(-1), NaN);
  return R;
}

AttentionCudaGrads
attentionBackwardCuda(const AttentionMask &M, const at::Tensor &KernelMask,
                      const at::Tensor &Q, const at::Tensor &K,
                      const at::Tensor &V, const at::Tensor &Out,
                      const at::Tensor &Lse, const at::Tensor &DOut) {
  const c10::cuda::CUDAGuard Guard(Q.device());
  const int64_t B = Q.size(0), Lq = Q.size(1), D = Q.size(2);
  const int64_t Lk = K.size(1);
  const std::pair<int64_t, int64_t> Split = splitBatch(M, B);
  const int64_t Bk = Split.first, H = Split.second;
  const kc::AttnMask Mask = attnMask(M, KernelMask);
  const at::Tensor DO = DOut.to(Q.scalar_type()).contiguous();
  AttentionCudaGrads G;
  G.DQ = at::empty_like(Q);
  G.DK = at::empty_like(K);
  G.DV = at::empty_like(V);
  const size_t Bytes = kc::flashAttentionBackwardWorkspaceBytes(Bk, H, Lq);
  at::Tensor Workspace =
      at::empty({static_cast<int64_t>(Bytes)}, Q.options().dtype(at::kByte));
  const float Scale = static_cast<float>(M.scale());
  glue::dispatchType(Q.scalar_type(), "attention kernels", [&](auto Tag) {
    using T = typename decltype(Tag)::type;
    check(kc::flashAttentionBackward<T>(
              ptr<T>(Q), ptr<T>(K), ptr<T>(V), ptr<T>(Out), ptr<T>(DO),
              ptr<float>(Lse), ptr<T>(G.DQ), ptr<T>(G.DK), ptr<T>(G.DV),
              Workspace.data_ptr(), Mask, Scale, Bk, H, Lq, Lk, D,
              at::cuda::getCurrentCUDAStream()),
          "the CUDA flash attention backward");
  });
  // Where the chain's probabilities of a fully masked row are NaN, so are
  // that row's dq and, through the sums over queries, every dk and dv of
  // its batch and head; the kernels give zeros there.
  const at::Tensor Dead = Lse.eq(NegInf);
  G.DQ.masked_fill_(Dead.unsqueeze(-1), NaN);
  const at::Tensor DeadBatch = Dead.any(-1).view({B, 1, 1});
  G.DK.masked_fill_(DeadBatch, NaN);
  G.DV.masked_fill_(DeadBatch, NaN);
  return G;
}

} // namespace adopter::kernels
