//===- AttentionKernels.h - Raw CPU kernels of fused attention --*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Pointer-level entry points of the flash-style attention kernels and the
// fused masked softmax. They do no argument checking: callers (Attention.cpp,
// MaskedSoftmax.cpp) pass contiguous float buffers (the masked softmax also
// takes bfloat16) and a mask already expanded to the score shape and
// described by a per-row offset table and a column stride. The kernels are
// compiled once per instruction set (AttentionKernelsImpl.inc) and the
// functions below pick the best copy at run time.
//
// Scores are transformed as the unfused chains do: with `S = q . k`,
//   a = S * Scale, then the mask (filled entries take `Fill`; an additive
//   mask adds `AddScale * m`).
// A scale applied after the mask is expressed by scaling Fill and AddScale.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_LIB_KERNELS_ATTENTIONKERNELS_H
#define ADOPTER_LIB_KERNELS_ATTENTIONKERNELS_H

#include <ATen/core/Tensor.h>

#include <cstdint>

namespace adopter::kernels {

/// How a mask element changes a score.
enum class ScoreMaskKind {
  None,
  FillWhereTrue,  ///< masked_fill(a, mask, Fill)
  FillWhereFalse, ///< where(mask, a, Fill)
  Additive        ///< a + AddScale * mask
};

/// A mask broadcast to the score shape [rows, cols]: element (r, c) is at
/// RowOffset[r] + c * ColStride of Bool (boolean kinds) or Add (additive).
struct ScoreMask {
  ScoreMaskKind Kind = ScoreMaskKind::None;
  const bool *Bool = nullptr;
  const float *Add = nullptr;
  const int64_t *RowOffset = nullptr;
  int64_t ColStride = 0;
  float Fill = 0.f;
  float AddScale = 1.f;
};

struct ScoreParams {
  float Scale = 1.f; ///< multiplies q . k (and the gradient)
  ScoreMask Mask;
};

/// Dropout on the softmax probabilities; P == 0 means none. Element (r, c)
/// of the probabilities of batch b is kept iff a counter-based hash of
/// (Seed, (b * Lq + r) * Lk + c) is >= P * 2^32, so the backward pass can
/// regenerate the mask.
struct DropoutParams {
  float P = 0.f;
  uint64_t Seed = 0;
};

/// O[b] = dropout(softmax(transform(Q[b] KT[b]))) V[b] for b < B, with
/// Q [B, Lq, D], KT [B, D, Lk], V [B, Lk, Dv], O [B, Lq, Dv] and Lse
/// [B, Lq, 2] the per-row softmax statistics (max, log of the sum of
/// exp(score - max)); NaN for a row whose scores are all -inf (its output is
/// NaN too, as in the unfused chain).
void attentionForward(const ScoreParams &SP, const DropoutParams &DP,
                      const float *Q, const float *KT, const float *V, float *O,
                      float *Lse, int64_t B, int64_t Lq, int64_t Lk, int64_t D,
                      int64_t Dv);

/// Gradients of attentionForward given DO [B, Lq, Dv], the saved Lse and
/// Delta[b, i] = sum(DO[b, i] * O[b, i]). K [B, Lk, D] and VT [B, Dv, Lk] are
/// transposed copies of KT and V. Writes DQ [B, Lq, D], DK [B, Lk, D] (the
/// gradient of K, i.e. of KT transposed) and DV [B, Lk, Dv].
void attentionBackward(const ScoreParams &SP, const DropoutParams &DP,
                       const float *Q, const float *K, const float *KT,
                       const float *VT, const float *DO, const float *Lse,
                       const float *Delta, float *DQ, float *DK, float *DV,
                       int64_t B, int64_t Lq, int64_t Lk, int64_t D,
                       int64_t Dv);

/// Y = softmax(transform(X), -1) over rows of a contiguous float / bfloat16
/// X viewed as [rows, N]; Y is preallocated like X.
void maskedSoftmaxForward(const ScoreParams &SP, const at::Tensor &X,
                          at::Tensor &Y);

/// DX = Scale * Y * (DY - sum(DY * Y)), zero where the mask filled the score.
void maskedSoftmaxBackward(const ScoreParams &SP, const at::Tensor &Y,
                           const at::Tensor &DY, at::Tensor &DX);

} // namespace adopter::kernels

#endif // ADOPTER_LIB_KERNELS_ATTENTIONKERNELS_H
