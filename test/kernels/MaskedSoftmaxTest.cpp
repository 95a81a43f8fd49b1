//===- MaskedSoftmaxTest.cpp - Fused masked softmax against the chain -----===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// adopter::ops::masked_softmax against scale -> mask -> softmax(-1) in
// float64: outputs and input gradients, every mask kind and scale order,
// broadcast masks, rows not divisible by 8, fully masked rows, bfloat16,
// non-contiguous input.
//
//===----------------------------------------------------------------------===//

#include "AttentionTestUtil.h"

#include "adopter/kernels/MaskedSoftmax.h"

#include <limits>
#include <vector>

using adopter::ops::MaskKind;
using adopter::ops::ScaleMode;
using adopter::test::checkCloseNaN;
using adopter::test::refMaskedSoftmax;

namespace {

constexpr double Inf = std::numeric_limits<double>::infinity();

void runSoftmax(const torch::Tensor &S, const torch::Tensor &Mask, double Scale,
                ScaleMode Mode, MaskKind Kind, double Fill) {
  INFO("shape " << S.sizes() << " kind " << static_cast<int>(Kind) << " fill "
                << Fill << " dtype " << S.scalar_type());
  auto X = S.detach().requires_grad_(true);
  auto XD = S.detach().to(torch::kDouble).requires_grad_(true);
  auto Y = adopter::ops::masked_softmax(X, Mask, Scale, Mode, Kind, Fill);
  auto R = refMaskedSoftmax(XD, Mask, Scale, Mode, Kind, Fill);
  auto G = torch::randn(R.sizes(), torch::kDouble);
  auto GX = torch::autograd::grad({Y}, {X}, {G.to(S.scalar_type())})[0];
  auto GR = torch::autograd::grad({R}, {XD}, {G})[0];
  const bool Bf = S.scalar_type() == torch::kBFloat16;
  checkCloseNaN("y", Y, R, Bf ? 2e-2 : 1e-5, Bf ? 5e-3 : 1e-6);
  checkCloseNaN("dx", GX, GR, Bf ? 3e-2 : 1e-4, (Bf ? 1e-2 : 2e-6) * Scale);
}

} // namespace

TEST_CASE("masked_softmax matches the chain", "[masked_softmax]") {
  torch::manual_seed(11);
  for (int64_t N : {1, 7, 17, 64, 1000}) {
    auto S = torch::randn({2, 3, 5, N}) * 3;
    runSoftmax(S, {}, 0.125, ScaleMode::Multiply, MaskKind::None, -Inf);
    runSoftmax(S, torch::rand({5, N}) < 0.4, 8.0, ScaleMode::Divide,
               MaskKind::FillWhereTrue, -1e9);
    runSoftmax(S, torch::rand({2, 1, 1, N}) < 0.6, 0.5,
               ScaleMode::MultiplyAfterMask, MaskKind::KeepWhereTrue, -1e4);
    runSoftmax(S, torch::randn({3, 5, N}), 2.0, ScaleMode::DivideAfterMask,
               MaskKind::Additive, -Inf);
  }
  // Fully masked rows: NaN with -inf, uniform with -1e9.
  auto M = torch::rand({4, 33}) < 0.3;
  M.index_put_({2}, true);
  for (double Fill : {-Inf, -1e9})
    runSoftmax(torch::randn({2, 4, 33}), M, 0.3, ScaleMode::Multiply,
               MaskKind::FillWhereTrue, Fill);
  // Non-contiguous input and bf16.
  runSoftmax(torch::randn({40, 6}).t(), torch::rand({6, 40}) < 0.3, 1.0,
             ScaleMode::Multiply, MaskKind::FillWhereTrue, -Inf);
  runSoftmax(torch::randn({3, 9, 130}).to(torch::kBFloat16),
             torch::rand({9, 130}) < 0.3, 0.125, ScaleMode::Multiply,
             MaskKind::FillWhereTrue, -1e4);
  CHECK_THROWS_WITH(adopter::ops::masked_softmax(
                        torch::randn({3, 4}), torch::ones({5}, torch::kBool),
                        1.0, ScaleMode::Multiply, MaskKind::FillWhereTrue),
                    Catch::Contains("broadcastable to the score shape"));
}
