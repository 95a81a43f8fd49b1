//===- AttentionMask.h - Mask / scale arguments of attention ----*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Turns the public (Mask, MaskKind, Fill, Scale, ScaleMode) arguments of
// adopter::ops::attention and masked_softmax into the kernels' ScoreParams:
// the mask is checked, expanded (as a view, no copy) to the score shape and
// described by a per-row offset table, so a [N, 1, 1, Lk] padding mask or a
// [Lq, Lk] causal mask is read in place. The prepared mask travels through
// autograd in the context's saved_data.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_LIB_KERNELS_ATTENTIONMASK_H
#define ADOPTER_LIB_KERNELS_ATTENTIONMASK_H

#include "AttentionKernels.h"
#include "adopter/kernels/AttentionOptions.h"

#include <ATen/core/Tensor.h>
#include <torch/csrc/autograd/custom_function.h>

namespace adopter::kernels {

class AttentionMask {
public:
  AttentionMask() = default;

  /// Checks `Mask` against `Kind` (bool for the fill kinds, floating point
  /// for Additive, undefined for None) and that it broadcasts to
  /// `ScoreShape` ([..., rows, cols]); `Op` names the operator in errors.
  AttentionMask(const char *Op, const at::Tensor &Mask, ops::MaskKind Kind,
                at::IntArrayRef ScoreShape, double Scale, ops::ScaleMode Mode,
                double Fill);

  /// The kernels' view; valid while this object lives.
  ScoreParams params() const;

  void save(torch::autograd::AutogradContext *Ctx) const;
  static AttentionMask load(torch::autograd::AutogradContext *Ctx);

private:
  at::Tensor Data;       ///< the mask expanded to the score shape (a view)
  at::Tensor RowOffsets; ///< int64 [rows]
  int64_t ColStride = 0;
  int64_t Kind = 0; ///< a ScoreMaskKind
  double Scale = 1.0, Fill = 0.0, AddScale = 1.0;
};

/// Shared argument checks: defined, on the CPU, float32 or bfloat16.
void checkAttentionInput(const char *Op, const char *Name, const at::Tensor &T);

} // namespace adopter::kernels

#endif // ADOPTER_LIB_KERNELS_ATTENTIONMASK_H
