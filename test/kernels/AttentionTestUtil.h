//===- AttentionTestUtil.h - Reference attention chains ---------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// The unfused LibTorch chains that adopter::ops::attention and
// masked_softmax replace, and a NaN-aware closeness check.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_TEST_KERNELS_ATTENTIONTESTUTIL_H
#define ADOPTER_TEST_KERNELS_ATTENTIONTESTUTIL_H

#include "NormTestUtil.h"

#include "adopter/kernels/AttentionOptions.h"

#include <string>

namespace adopter::test {

using ops::MaskKind;
using ops::ScaleMode;

inline torch::Tensor refScale(const torch::Tensor &S, double Scale,
                              ScaleMode Mode) {
  if (Mode == ScaleMode::Divide || Mode == ScaleMode::DivideAfterMask)
    return S / Scale;
  return S * Scale;
}

/// scale -> mask -> (scale) -> softmax(-1), as the unfused chain writes it.
inline torch::Tensor refMaskedSoftmax(const torch::Tensor &S0,
                                      const torch::Tensor &Mask, double Scale,
                                      ScaleMode Mode, MaskKind Kind,
                                      double Fill) {
  const bool After = Mode == ScaleMode::MultiplyAfterMask ||
                     Mode == ScaleMode::DivideAfterMask;
  torch::Tensor S = After ? S0 : refScale(S0, Scale, Mode);
  switch (Kind) {
  case MaskKind::FillWhereTrue:
    S = S.masked_fill(Mask, Fill);
    break;
  case MaskKind::KeepWhereTrue:
    S = torch::where(Mask, S, torch::full({}, Fill, S.options()));
    break;
  case MaskKind::Additive:
    S = S + Mask.to(S.scalar_type());
    break;
  case MaskKind::None:
    break;
  }
  if (After)
    S = refScale(S, Scale, Mode);
  return torch::softmax(S, -1);
}

/// CHECKs A and B close where both are finite, and NaN at the same places.
inline void checkCloseNaN(const std::string &What, const torch::Tensor &A,
                          const torch::Tensor &B, double Rtol, double Atol) {
  REQUIRE(A.sizes() == B.sizes());
  auto AD = A.detach().to(torch::kDouble), BD = B.detach().to(torch::kDouble);
  auto NA = AD.isnan(), NB = BD.isnan();
  INFO(What << ": NaN count " << NA.sum().item<int64_t>() << " vs "
            << NB.sum().item<int64_t>());
  CHECK(torch::equal(NA, NB));
  checkClose(What, AD.masked_fill(NA, 0), BD.masked_fill(NB, 0), Rtol, Atol);
}

} // namespace adopter::test

#endif // ADOPTER_TEST_KERNELS_ATTENTIONTESTUTIL_H
