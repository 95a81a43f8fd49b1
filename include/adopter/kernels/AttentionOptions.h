//===- AttentionOptions.h - Mask and scale modes of attention ---*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// How adopter::ops::attention and adopter::ops::masked_softmax apply their
// mask and scale, so that every variant of the unfused chain
//   s = matmul(q, kt); [scale]; [mask]; [scale]; softmax(-1)
// is expressed exactly.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_KERNELS_ATTENTIONOPTIONS_H
#define ADOPTER_KERNELS_ATTENTIONOPTIONS_H

namespace adopter::ops {

/// How the mask tensor changes the (scaled) scores `a`.
/// How a mask applies to the scores. With any kind but None, an undefined
/// mask tensor masks nothing: the chain's `if (mask.defined()) s = s +
/// mask;`.
enum class MaskKind {
  None,          ///< no mask (the mask tensor must be undefined)
  FillWhereTrue, ///< a.masked_fill(mask, fill); mask is bool
  KeepWhereTrue, ///< torch::where(mask, a, fill); mask is bool
  Additive       ///< a + mask; mask is floating point (no gradient)
};

/// How `scale` is applied to the scores s = q kt.
enum class ScaleMode {
  Multiply,          ///< s * scale before the mask (or q * scale before the
                     ///< matmul, which is the same)
  Divide,            ///< s / scale before the mask
  MultiplyAfterMask, ///< mask(s) * scale: a filled value is scaled too
  DivideAfterMask    ///< mask(s) / scale
};

} // namespace adopter::ops

#endif // ADOPTER_KERNELS_ATTENTIONOPTIONS_H
