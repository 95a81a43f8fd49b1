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
  /// for Additive, undefined for None; an undefined mask of another kind
  /// masks nothing), that it broadcasts to `ScoreShape`
  /// ([..., rows, cols]) and that it is on `Device` (the scores' device);
  /// `Op` names the operator in errors.
  AttentionMask(const char *Op, const at::Tensor &Mask, ops::MaskKind Kind,
                at::IntArrayRef ScoreShape, double Scale, ops::ScaleMode Mode,
                double Fill, at::Device Device = at::kCPU);

  /// The CPU kernels' view; valid while this object lives.
  ScoreParams params() const;

  /// The prepared arguments: how the mask applies, the factor of q . k, the
  /// value of a filled score and the factor of an additive mask (the last
  /// two include a scale applied after the mask), and the mask expanded to
  /// the score shape (undefined for ScoreMaskKind::None).
  ScoreMaskKind kind() const { return static_cast<ScoreMaskKind>(Kind); }
  double scale() const { return Scale; }
  double fill() const { return Fill; }
  double addScale() const { return AddScale; }
  const at::Tensor &data() const { return Data; }
  /// The dtype of the mask as given (before an additive one is widened to
  /// float); not kept by save / load.
  at::ScalarType sourceType() const { return SourceType; }

#ifdef ADOPTER_KERNELS_WITH_CUDA
  /// The mask as the CUDA kernels read it, viewed as `Shape4` (the score
  /// shape regrouped as [B, H, Q, K]): for Additive, addScale() * mask in
  /// dtype `Type`; for the boolean kinds, a bool mask that is true where
  /// the score is kept (`TrueKeeps`) or where it is filled (otherwise).
  /// Converted before the broadcast, so it costs the mask's own size, not
  /// the score shape's (unless Shape4 cannot view the broadcast: then the
  /// reshape copies). Undefined for ScoreMaskKind::None.
  at::Tensor kernelMask(at::ScalarType Type, bool TrueKeeps,
                        at::IntArrayRef Shape4) const;

  /// Whether kernelMask(Type, ...) holds the mask exactly as the CPU
  /// kernels apply it (in float): always but for an additive mask read as
  /// float16 / bfloat16 that was given in another dtype or is scaled after
  /// the mask (rounding it to Type would change the scores).
  bool kernelMaskExact(at::ScalarType Type) const;
#endif

  void save(torch::autograd::AutogradContext *Ctx) const;
  static AttentionMask load(torch::autograd::AutogradContext *Ctx);

private:
  at::Tensor Data;       ///< the mask expanded to the score shape (a view)
  at::Tensor RowOffsets; ///< int64 [rows]
  int64_t ColStride = 0;
  int64_t Kind = 0; ///< a ScoreMaskKind
  double Scale = 1.0, Fill = 0.0, AddScale = 1.0;
  at::ScalarType SourceType = at::kBool;
};

/// Shared argument checks: defined, on the CPU, float32 or bfloat16 (with
/// the CUDA glue built, also on a CUDA device, where float16 is allowed).
void checkAttentionInput(const char *Op, const char *Name, const at::Tensor &T);

} // namespace adopter::kernels

#endif // ADOPTER_LIB_KERNELS_ATTENTIONMASK_H
