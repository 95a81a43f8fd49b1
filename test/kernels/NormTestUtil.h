//===- NormTestUtil.h - Helpers for the fused norm tests --------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Tolerance checks shared by the kernel tests.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_TEST_KERNELS_NORMTESTUTIL_H
#define ADOPTER_TEST_KERNELS_NORMTESTUTIL_H

// LibTorch built with glog defines CHECK; Catch2's must win, so include
// LibTorch first and drop glog's macro.
#include <torch/torch.h>
#undef CHECK
#include <catch2/catch.hpp>

#include <sstream>
#include <string>

namespace adopter::test {

/// Largest violation of |a - b| <= atol + rtol * |b| (<= 0 means close).
inline double closeExcess(const torch::Tensor &A, const torch::Tensor &B,
                          double Rtol, double Atol) {
  auto AD = A.detach().to(torch::kDouble), BD = B.detach().to(torch::kDouble);
  return ((AD - BD).abs() - (Atol + Rtol * BD.abs())).max().item<double>();
}

inline double maxAbsDiff(const torch::Tensor &A, const torch::Tensor &B) {
  return (A.detach().to(torch::kDouble) - B.detach().to(torch::kDouble))
      .abs()
      .max()
      .item<double>();
}

/// CHECKs that A and B have the same shape and are close, with context.
inline void checkClose(const std::string &What, const torch::Tensor &A,
                       const torch::Tensor &B, double Rtol, double Atol) {
  INFO(What << ": shape " << A.sizes() << " vs " << B.sizes());
  REQUIRE(A.defined());
  REQUIRE(B.defined());
  REQUIRE(A.sizes() == B.sizes());
  if (A.numel() == 0)
    return;
  INFO(What << ": max |diff| = " << maxAbsDiff(A, B));
  CHECK(closeExcess(A, B, Rtol, Atol) <= 0.0);
}

/// Like checkClose, with each element of A also allowed twice the largest
/// error of Low, LibTorch's own chain run in the same low precision
/// (bfloat16): a fused kernel must be as accurate as what it replaces. (Per
/// element the two round differently: a GEMM's order of summation, a ReLU
/// mask flipped by one rounding.)
inline void checkCloseOrAsLow(const std::string &What, const torch::Tensor &A,
                              const torch::Tensor &B, const torch::Tensor &Low,
                              double Rtol, double Atol) {
  INFO(What << ": shape " << A.sizes() << " vs " << B.sizes());
  REQUIRE(A.defined());
  REQUIRE(B.defined());
  REQUIRE(A.sizes() == B.sizes());
  REQUIRE(Low.sizes() == B.sizes());
  if (A.numel() == 0)
    return;
  const double LowErr = maxAbsDiff(Low, B);
  INFO(What << ": max |diff| = " << maxAbsDiff(A, B)
            << ", LibTorch's low-precision chain: " << LowErr);
  CHECK(closeExcess(A, B, Rtol, Atol + 2 * LowErr) <= 0.0);
}

} // namespace adopter::test

#endif // ADOPTER_TEST_KERNELS_NORMTESTUTIL_H
