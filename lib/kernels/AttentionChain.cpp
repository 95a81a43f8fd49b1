//===- AttentionChain.cpp - The unfused attention chains ------------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "AttentionChain.h"

#include <ATen/ATen.h>
#include <c10/core/GradMode.h>

namespace adopter::kernels {

bool maskNeedsGrad(ops::MaskKind Kind, const at::Tensor &Mask) {
  return Kind == ops::MaskKind::Additive && Mask.defined() &&
         Mask.requires_grad() && c10::GradMode::is_enabled();
}

at::Tensor maskedScoresChain(const at::Tensor &S, const at::Tensor &Mask,
                             double Scale, ops::ScaleMode Mode,
                             ops::MaskKind Kind, double Fill, bool MaskGrad) {
  const bool Divide =
      Mode == ops::ScaleMode::Divide || Mode == ops::ScaleMode::DivideAfterMask;
  const bool After = Mode == ops::ScaleMode::MultiplyAfterMask ||
                     Mode == ops::ScaleMode::DivideAfterMask;
  auto Scaled = [&](const at::Tensor &A) {
    return Divide ? A.div(Scale) : A.mul(Scale);
  };
  at::Tensor A = After ? S : Scaled(S);
  const at::Tensor Mk = Mask.defined() && !MaskGrad ? Mask.detach() : Mask;
  switch (Mask.defined() ? Kind : ops::MaskKind::None) {
  case ops::MaskKind::FillWhereTrue:
    A = A.masked_fill(Mk, Fill);
    break;
  case ops::MaskKind::KeepWhereTrue: // torch::where(mask, a, fill)
    A = A.masked_fill(Mk.logical_not(), Fill);
    break;
  case ops::MaskKind::Additive:
    A = A.add(Mk);
    break;
  case ops::MaskKind::None:
    break;
  }
  return After ? Scaled(A) : A;
}

at::Tensor maskedSoftmaxChain(const at::Tensor &S, const at::Tensor &Mask,
                              double Scale, ops::ScaleMode Mode,
                              ops::MaskKind Kind, double Fill, bool MaskGrad) {
  return at::softmax(
             maskedScoresChain(S, Mask, Scale, Mode, Kind, Fill, MaskGrad), -1)
      .to(S.scalar_type());
}

at::Tensor attentionChain(const at::Tensor &Q, const at::Tensor &KT,
                          const at::Tensor &V, const at::Tensor &Mask,
                          double Scale, ops::ScaleMode Mode, ops::MaskKind Kind,
                          double Fill, double DropoutP, bool Train,
                          bool MaskGrad) {
  at::Tensor S = maskedScoresChain(at::matmul(Q, KT), Mask, Scale, Mode, Kind,
                                   Fill, MaskGrad);
  at::Tensor P = at::softmax(S, -1);
  if (Train && DropoutP > 0.0)
    P = at::dropout(P, DropoutP, /*train=*/true);
  // A float additive mask promotes bfloat16 / float16 scores to float; the
  // fused operator returns q's dtype.
  return at::matmul(P.to(V.scalar_type()), V).to(Q.scalar_type());
}

} // namespace adopter::kernels
