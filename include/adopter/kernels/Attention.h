//===- Attention.h - Fused flash-style CPU attention ------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Scaled dot-product attention as one fused, differentiable operator that
// replaces the chain
//   s = matmul(q, kt); [scale]; [mask]; p = softmax(s, -1); [dropout];
//   out = matmul(p, v)
// CPU, float32 and bfloat16 (accumulation in float). Flash-style: the keys
// are processed in tiles with an online softmax, so the [Lq, Lk] score
// matrix is never materialised (memory linear in the sequence lengths);
// backward recomputes the scores from q, k and the saved per-row
// log-sum-exp.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_KERNELS_ATTENTION_H
#define ADOPTER_KERNELS_ATTENTION_H

#include "adopter/kernels/AttentionOptions.h"
#include "adopter/kernels/Dropout.h"

#include <ATen/core/Tensor.h>

#include <limits>

namespace adopter::ops {

/// Same as the unfused chain
///   s = torch::matmul(Q, KT)         // Q [..., Lq, D], KT [..., D, Lk]
///   s = s * Scale (or / Scale, or after the mask: see ScaleMode)
///   s = mask(s)                      // see MaskKind, with `Fill`
///   p = torch::dropout(torch::softmax(s, -1), DropoutP, Train)
///   return torch::matmul(p, V)       // V [..., Lk, Dv] -> [..., Lq, Dv]
/// The leading (batch, head) dims of Q, KT and V broadcast as in matmul;
/// `Mask` broadcasts to [..., Lq, Lk] (e.g. [Lq, Lk] causal, or
/// [N, 1, 1, Lk] padding). A row whose every score is -inf gives NaN, as the
/// chain does; with a finite fill (-1e9, -1e4) it gives uniform weights.
/// Dropout follows torch's semantics (zero with probability p, scale kept
/// entries by 1 / (1 - p)) but not its random stream; p = 0 or Train = false
/// is exact. The fused kernel gives the mask no gradient; an additive mask
/// that requires one (a learned position bias) runs the chain instead.
at::Tensor attention(const at::Tensor &Q, const at::Tensor &KT,
                     const at::Tensor &V, const at::Tensor &Mask = {},
                     double Scale = 1.0, ScaleMode Mode = ScaleMode::Multiply,
                     MaskKind Kind = MaskKind::None,
                     double Fill = -std::numeric_limits<double>::infinity(),
                     double DropoutP = 0.0, bool Train = false);

/// Same as the chain above with `Drop` applied to the probabilities by
/// torch's own dropout: the same seed drops the same entries as the chain
/// did (what `adopter apply` relies on when it rewrites attention with
/// dropout). In training with p > 0 the probabilities are materialised, as
/// in the chain, and scale, mask and softmax run as one fused pass
/// (masked_softmax); otherwise this is the flash kernel.
at::Tensor attention(const at::Tensor &Q, const at::Tensor &KT,
                     const at::Tensor &V, const at::Tensor &Mask, double Scale,
                     ScaleMode Mode, MaskKind Kind, double Fill,
                     const Dropout &Drop);

/// The same without a fill (an additive mask, or none).
inline at::Tensor attention(const at::Tensor &Q, const at::Tensor &KT,
                            const at::Tensor &V, const at::Tensor &Mask,
                            double Scale, ScaleMode Mode, MaskKind Kind,
                            const Dropout &Drop) {
  return attention(Q, KT, V, Mask, Scale, Mode, Kind,
                   -std::numeric_limits<double>::infinity(), Drop);
}

} // namespace adopter::ops

#endif // ADOPTER_KERNELS_ATTENTION_H
