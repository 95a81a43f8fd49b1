//===- AttentionTest.cpp - Fused attention against the unfused chain ------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// adopter::ops::attention is compared with matmul -> scale -> mask ->
// softmax -> matmul evaluated in float64, for the output and the gradients
// of q, kt and v (torch::autograd::grad with a random upstream gradient),
// over head dims 1 .. 128, lengths not divisible by the tiles (32 queries,
// 64 keys), Lq = 1, Lk = 1, several leading dims, broadcast masks of every
// kind, fully masked rows, non-contiguous inputs, bfloat16, 1 and 4 threads.
// Dropout is checked for its distribution and, with the mask it drew, for
// exact outputs and gradients; the overload taking the chain's dropout
// (adopter::ops::Dropout) drops the same entries as the chain from the same
// seed, in each of the spellings apply writes.
//
//===----------------------------------------------------------------------===//

#include "AttentionTestUtil.h"

#include "adopter/kernels/Attention.h"
#include "adopter/kernels/MaskedSoftmax.h"

#include <cmath>
#include <functional>
#include <limits>
#include <vector>

using adopter::ops::MaskKind;
using adopter::ops::ScaleMode;
using adopter::test::checkClose;
using adopter::test::checkCloseNaN;
using adopter::test::refMaskedSoftmax;

namespace {

constexpr double Inf = std::numeric_limits<double>::infinity();

struct Case {
  std::vector<int64_t> Batch;
  int64_t Lq, Lk, D, Dv;
  MaskKind Kind = MaskKind::None;
  std::vector<int64_t> MaskShape; ///< empty: [Lq, Lk]
  double Fill = -Inf;
  double Scale = 1.0;
  ScaleMode Mode = ScaleMode::Multiply;
};

std::vector<int64_t> shape(std::vector<int64_t> B, int64_t X, int64_t Y) {
  B.push_back(X);
  B.push_back(Y);
  return B;
}

torch::Tensor makeMask(const Case &C) {
  std::vector<int64_t> S =
      C.MaskShape.empty() ? std::vector<int64_t>{C.Lq, C.Lk} : C.MaskShape;
  if (C.Kind == MaskKind::Additive)
    return torch::randn(S) * 2 -
           10.0 * (torch::rand(S) < 0.3).to(torch::kFloat);
  return torch::rand(S) < 0.3;
}

torch::Tensor refAttention(const torch::Tensor &Q, const torch::Tensor &KT,
                           const torch::Tensor &V, const torch::Tensor &Mask,
                           const Case &C) {
  auto P = refMaskedSoftmax(torch::matmul(Q, KT), Mask, C.Scale, C.Mode, C.Kind,
                            C.Fill);
  return torch::matmul(P, V);
}

/// Runs fused (in Dtype) and reference (float64) and compares output and
/// gradients; Nan = true tolerates matching NaNs.
void runCase(const Case &C, torch::ScalarType Dtype = torch::kFloat,
             bool NonContiguous = false, bool Nan = false) {
  INFO("batch " << C.Batch << " Lq " << C.Lq << " Lk " << C.Lk << " D " << C.D
                << " Dv " << C.Dv << " kind " << static_cast<int>(C.Kind)
                << " fill " << C.Fill << " dtype " << Dtype);
  torch::Tensor Q, KT, V;
  if (NonContiguous) {
    // q, v from [.., L, D] -> transposed heads; kt = k.transpose.
    Q = torch::randn(shape(C.Batch, C.D, C.Lq)).to(Dtype).transpose(-1, -2);
    KT = torch::randn(shape(C.Batch, C.Lk, C.D)).to(Dtype).transpose(-1, -2);
    V = torch::randn(shape(C.Batch, C.Dv, C.Lk)).to(Dtype).transpose(-1, -2);
  } else {
    Q = torch::randn(shape(C.Batch, C.Lq, C.D)).to(Dtype);
    KT = torch::randn(shape(C.Batch, C.D, C.Lk)).to(Dtype);
    V = torch::randn(shape(C.Batch, C.Lk, C.Dv)).to(Dtype);
  }
  Q.requires_grad_(true);
  KT.requires_grad_(true);
  V.requires_grad_(true);
  torch::Tensor Mask = C.Kind == MaskKind::None ? torch::Tensor() : makeMask(C);
  auto QD = Q.detach().to(torch::kDouble).requires_grad_(true);
  auto KD = KT.detach().to(torch::kDouble).requires_grad_(true);
  auto VD = V.detach().to(torch::kDouble).requires_grad_(true);

  auto Out =
      adopter::ops::attention(Q, KT, V, Mask, C.Scale, C.Mode, C.Kind, C.Fill);
  auto Ref = refAttention(QD, KD, VD, Mask, C);
  REQUIRE(Out.scalar_type() == Dtype);
  auto G = torch::randn(Ref.sizes(), torch::kDouble);
  auto GF = torch::autograd::grad({Out}, {Q, KT, V}, {G.to(Dtype)});
  auto GR = torch::autograd::grad({Ref}, {QD, KD, VD}, {G});
  const bool Bf = Dtype == torch::kBFloat16;
  const double Rtol = Bf ? 3e-2 : 2e-4, Atol = Bf ? 3e-2 : 2e-5;
  // Gradients sum over up to Lk (or Lq) terms: scale the tolerance.
  const double GAtol = Atol *
                       std::sqrt(static_cast<double>(std::max(C.Lq, C.Lk) *
                                                     std::max(C.D, C.Dv))) *
                       std::max(1.0, C.Scale);
  const char *Names[] = {"dq", "dkt", "dv"};
  if (Nan) {
    checkCloseNaN("out", Out, Ref, Rtol, Atol);
    for (int I = 0; I < 3; ++I)
      checkCloseNaN(Names[I], GF[I], GR[I], Rtol, GAtol);
  } else {
    checkClose("out", Out, Ref, Rtol, Atol);
    for (int I = 0; I < 3; ++I)
      checkClose(Names[I], GF[I], GR[I], Rtol, GAtol);
  }
}

} // namespace

TEST_CASE("attention matches the chain over shapes", "[attention]") {
  torch::manual_seed(1);
  for (int64_t D : {1, 7, 64, 80, 128})
    runCase({{2, 3},
             17,
             70,
             D,
             D,
             MaskKind::None,
             {},
             -Inf,
             1.0 / std::sqrt(static_cast<double>(D))});
  runCase({{2}, 1, 130, 16, 16});                                // Lq = 1
  runCase({{3}, 33, 1, 8, 5});                                   // Lk = 1
  runCase({{}, 65, 129, 15, 9, MaskKind::None, {}, -Inf, 0.25}); // no batch
  runCase({{2, 2, 2}, 31, 63, 17, 24}); // 3 leading dims
  runCase(
      {{1}, 96, 200, 64, 64, MaskKind::None, {}, -Inf, 8.0, ScaleMode::Divide});
}

TEST_CASE("attention masks and scale orders", "[attention]") {
  torch::manual_seed(2);
  // Causal-like boolean fills with -inf, -1e9, -1e4; broadcast shapes.
  for (double Fill : {-Inf, -1e9, -1e4}) {
    runCase({{2, 3},
             40,
             40,
             16,
             16,
             MaskKind::FillWhereTrue,
             {40, 40},
             Fill,
             0.25});
    runCase({{2, 3},
             20,
             70,
             16,
             8,
             MaskKind::KeepWhereTrue,
             {2, 1, 1, 70},
             Fill,
             4.0,
             ScaleMode::Divide});
  }
  runCase(
      {{2, 3}, 20, 70, 16, 8, MaskKind::Additive, {2, 3, 20, 70}, -Inf, 0.5});
  runCase({{2, 3},
           20,
           70,
           16,
           8,
           MaskKind::Additive,
           {70},
           -Inf,
           0.5,
           ScaleMode::MultiplyAfterMask});
  runCase({{2, 3},
           20,
           70,
           16,
           8,
           MaskKind::FillWhereTrue,
           {3, 20, 1},
           -1e4,
           2.0,
           ScaleMode::DivideAfterMask});
  runCase({{2, 3},
           20,
           70,
           16,
           8,
           MaskKind::KeepWhereTrue,
           {20, 70},
           -1e9,
           0.5,
           ScaleMode::MultiplyAfterMask});
}

TEST_CASE("attention fully masked rows behave like the chain", "[attention]") {
  torch::manual_seed(3);
  Case C{{2}, 9, 70, 8, 8, MaskKind::FillWhereTrue, {2, 9, 70}, -Inf, 0.5};
  // Rows 0 and 5 of batch 1 fully masked; -inf gives NaN (out, dv), finite
  // fills give uniform weights.
  auto Mask = torch::rand({2, 9, 70}) < 0.3;
  Mask.index_put_({1, 0}, true);
  Mask.index_put_({1, 5}, true);
  for (double Fill : {-Inf, -1e9}) {
    for (MaskKind K : {MaskKind::FillWhereTrue, MaskKind::Additive}) {
      C.Fill = Fill;
      C.Kind = K;
      // s + -1e9 keeps s in float64 but not in float32 (whose chain gives
      // uniform weights, as the kernel does): compare in float32 there.
      const auto RefType = K == MaskKind::Additive && !std::isinf(Fill)
                               ? torch::kFloat
                               : torch::kDouble;
      auto M = K == MaskKind::Additive
                   ? torch::zeros({2, 9, 70}).masked_fill(Mask, Fill)
                   : Mask;
      auto Q = torch::randn({2, 9, 8}, torch::requires_grad());
      auto KT = torch::randn({2, 8, 70}, torch::requires_grad());
      auto V = torch::randn({2, 70, 8}, torch::requires_grad());
      auto QD = Q.detach().to(RefType).requires_grad_(true);
      auto KD = KT.detach().to(RefType).requires_grad_(true);
      auto VD = V.detach().to(RefType).requires_grad_(true);
      auto Out = adopter::ops::attention(Q, KT, V, M, C.Scale, C.Mode, K, Fill);
      auto Ref = refAttention(QD, KD, VD, M, C);
      auto G = torch::randn(Ref.sizes(), RefType);
      auto GF = torch::autograd::grad({Out}, {Q, KT, V}, {G.to(torch::kFloat)});
      auto GR = torch::autograd::grad({Ref}, {QD, KD, VD}, {G});
      INFO("fill " << Fill << " kind " << static_cast<int>(K));
      CHECK(Out.isnan().any().item<bool>() == std::isinf(Fill));
      checkCloseNaN("out", Out, Ref, 2e-4, 2e-5);
      checkCloseNaN("dq", GF[0], GR[0], 2e-4, 1e-3);
      checkCloseNaN("dkt", GF[1], GR[1], 2e-4, 1e-3);
      checkCloseNaN("dv", GF[2], GR[2], 2e-4, 1e-3);
    }
  }
}

TEST_CASE("attention non-contiguous, bf16 and thread counts", "[attention]") {
  torch::manual_seed(4);
  runCase({{2, 3},
           37,
           45,
           24,
           24,
           MaskKind::FillWhereTrue,
           {2, 1, 37, 45},
           -1e9,
           0.2},
          torch::kFloat, /*NonContiguous=*/true);
  runCase(
      {{2, 2}, 33, 66, 64, 64, MaskKind::FillWhereTrue, {33, 66}, -Inf, 0.125},
      torch::kBFloat16);
  runCase({{2}, 20, 30, 7, 7}, torch::kBFloat16, true);
  const int Saved = at::get_num_threads();
  for (int T : {1, 4}) {
    at::set_num_threads(T);
    runCase({{3, 2},
             70,
             130,
             32,
             32,
             MaskKind::KeepWhereTrue,
             {70, 130},
             -Inf,
             0.17});
  }
  at::set_num_threads(Saved);
}

TEST_CASE("attention dropout", "[attention]") {
  const int64_t B = 4, L = 96;
  const double P = 0.3;
  // q = 0 gives uniform weights 1 / L, and v = I exposes every kept weight.
  auto Eye = torch::eye(L).expand({B, L, L});
  auto KT0 = torch::randn({B, 8, L});
  torch::manual_seed(5);
  auto O = adopter::ops::attention(torch::zeros({B, L, 8}), KT0, Eye, {}, 1.0,
                                   ScaleMode::Multiply, MaskKind::None, -Inf, P,
                                   /*Train=*/true);
  auto Kept = O > 0;
  const double Frac = 1.0 - Kept.to(torch::kDouble).mean().item<double>();
  const double Sigma = std::sqrt(P * (1 - P) / (B * L * L));
  INFO("dropped fraction " << Frac);
  CHECK(std::abs(Frac - P) < 5 * Sigma);
  checkClose("kept value", O.masked_select(Kept),
             torch::full({Kept.sum().item<int64_t>()}, 1.0 / ((1 - P) * L)),
             1e-5, 0);
  // Same seed, random inputs: equal to the chain with that dropout mask.
  auto Z = Kept.to(torch::kDouble) / (1 - P);
  auto Q = torch::randn({B, L, 8}, torch::requires_grad());
  auto KT = torch::randn({B, 8, L}, torch::requires_grad());
  auto V = torch::randn({B, L, 16}, torch::requires_grad());
  torch::manual_seed(5);
  auto Out = adopter::ops::attention(Q, KT, V, {}, 0.3, ScaleMode::Multiply,
                                     MaskKind::None, -Inf, P, true);
  auto QD = Q.detach().to(torch::kDouble).requires_grad_(true);
  auto KD = KT.detach().to(torch::kDouble).requires_grad_(true);
  auto VD = V.detach().to(torch::kDouble).requires_grad_(true);
  auto Ref =
      torch::matmul(torch::softmax(torch::matmul(QD, KD) * 0.3, -1) * Z, VD);
  auto G = torch::randn(Ref.sizes(), torch::kDouble);
  auto GF = torch::autograd::grad({Out}, {Q, KT, V}, {G.to(torch::kFloat)});
  auto GR = torch::autograd::grad({Ref}, {QD, KD, VD}, {G});
  checkClose("dropout out", Out, Ref, 2e-4, 2e-5);
  checkClose("dropout dq", GF[0], GR[0], 2e-4, 2e-4);
  checkClose("dropout dkt", GF[1], GR[1], 2e-4, 2e-4);
  checkClose("dropout dv", GF[2], GR[2], 2e-4, 2e-4);
  // Eval (Train = false) and p = 0 are exact; p = 1 gives zeros.
  auto NoDrop = adopter::ops::attention(Q, KT, V, {}, 0.3);
  CHECK(torch::equal(adopter::ops::attention(Q, KT, V, {}, 0.3,
                                             ScaleMode::Multiply,
                                             MaskKind::None, -Inf, P, false),
                     NoDrop));
  CHECK(torch::equal(adopter::ops::attention(Q, KT, V, {}, 0.3,
                                             ScaleMode::Multiply,
                                             MaskKind::None, -Inf, 0.0, true),
                     NoDrop));
  CHECK(adopter::ops::attention(Q, KT, V, {}, 0.3, ScaleMode::Multiply,
                                MaskKind::None, -Inf, 1.0, true)
            .abs()
            .max()
            .item<float>() == 0.f);
}

TEST_CASE("attention with the chain's dropout draws torch's numbers",
          "[attention]") {
  namespace F = torch::nn::functional;
  using adopter::ops::Dropout;
  const int64_t B = 2, H = 3, L = 37, D = 16;
  auto Q = torch::randn({B, H, L, D}, torch::requires_grad());
  auto KT = torch::randn({B, H, D, L}, torch::requires_grad());
  auto V = torch::randn({B, H, L, D}, torch::requires_grad());
  auto Causal = torch::ones({L, L}, torch::kBool).triu(1);
  auto Chain = [&](const std::function<at::Tensor(at::Tensor)> &Drop) {
    auto S = torch::matmul(Q, KT) / 4.0;
    return torch::matmul(Drop(torch::softmax(S.masked_fill(Causal, -1e9), -1)),
                         V);
  };
  torch::nn::Dropout Module(0.25);
  const F::DropoutFuncOptions Options = F::DropoutFuncOptions().p(0.4);
  struct Form {
    const char *Name;
    Dropout Drop;
    std::function<at::Tensor(at::Tensor)> Chain;
  } Forms[] = {
      {"torch::dropout(p, 0.3, true)", Dropout(0.3, true),
       [](at::Tensor P) { return torch::dropout(P, 0.3, true); }},
      {"F::dropout(p, options)", Dropout(Options),
       [&](at::Tensor P) { return F::dropout(P, Options); }},
      {"F::dropout(p)", Dropout(), [](at::Tensor P) { return F::dropout(P); }},
      {"a Dropout module", Dropout(Module),
       [&](at::Tensor P) { return Module(P); }},
  };
  for (const Form &Fm : Forms) {
    INFO(Fm.Name);
    torch::manual_seed(11);
    auto Ref = Chain(Fm.Chain);
    torch::manual_seed(11);
    auto Out = adopter::ops::attention(Q, KT, V, Causal, 4.0, ScaleMode::Divide,
                                       MaskKind::FillWhereTrue, -1e9, Fm.Drop);
    // The same entries dropped: zero exactly where the chain's are.
    CHECK(torch::equal(Out == 0, Ref == 0));
    checkClose("out", Out, Ref, 1e-4, 1e-5);
    auto G = torch::randn(Ref.sizes());
    auto GF = torch::autograd::grad({Out}, {Q, KT, V}, {G});
    auto GR = torch::autograd::grad({Ref}, {Q, KT, V}, {G});
    checkClose("dq", GF[0], GR[0], 1e-4, 1e-4);
    checkClose("dkt", GF[1], GR[1], 1e-4, 1e-4);
    checkClose("dv", GF[2], GR[2], 1e-4, 1e-4);
  }
  // In eval the module drops nothing: the flash kernel, as without dropout.
  Module->eval();
  CHECK(torch::equal(
      adopter::ops::attention(Q, KT, V, Causal, 4.0, ScaleMode::Divide,
                              MaskKind::FillWhereTrue, -1e9, Dropout(Module)),
      adopter::ops::attention(Q, KT, V, Causal, 4.0, ScaleMode::Divide,
                              MaskKind::FillWhereTrue, -1e9)));
  // A float additive mask on bfloat16 scores: the chain drops in float.
  auto QB = Q.detach().to(torch::kBFloat16),
       KB = KT.detach().to(torch::kBFloat16),
       VB = V.detach().to(torch::kBFloat16);
  auto Bias = torch::randn({L, L});
  torch::manual_seed(3);
  auto RefB = torch::matmul(
      torch::dropout(torch::softmax(torch::matmul(QB, KB) + Bias, -1), 0.2,
                     true)
          .to(torch::kBFloat16),
      VB);
  torch::manual_seed(3);
  auto OutB =
      adopter::ops::attention(QB, KB, VB, Bias, 1.0, ScaleMode::Multiply,
                              MaskKind::Additive, -Inf, Dropout(0.2, true));
  CHECK(OutB.scalar_type() == torch::kBFloat16);
  checkClose("bf16 out", OutB.to(torch::kFloat), RefB.to(torch::kFloat), 3e-2,
             3e-2);
  CHECK_THROWS_WITH(adopter::ops::attention(Q, KT, V, {}, 1.0,
                                            ScaleMode::Multiply, MaskKind::None,
                                            -Inf, Dropout(1.5, true)),
                    Catch::Contains("between 0 and 1, got 1.5"));
}

TEST_CASE("an undefined mask masks nothing, whatever its kind", "[attention]") {
  auto Q = torch::randn({2, 5, 8}), KT = torch::randn({2, 8, 6}),
       V = torch::randn({2, 6, 4});
  auto Plain = adopter::ops::attention(Q, KT, V, {}, 0.5);
  auto S = torch::randn({2, 5, 6});
  auto PlainP = adopter::ops::masked_softmax(S, {}, 0.5);
  for (MaskKind K :
       {MaskKind::Additive, MaskKind::FillWhereTrue, MaskKind::KeepWhereTrue}) {
    CHECK(torch::equal(adopter::ops::attention(Q, KT, V, at::Tensor(), 0.5,
                                               ScaleMode::Multiply, K, -1e9),
                       Plain));
    CHECK(torch::equal(adopter::ops::masked_softmax(
                           S, at::Tensor(), 0.5, ScaleMode::Multiply, K, -1e9),
                       PlainP));
  }
}

TEST_CASE("attention rejects bad input", "[attention]") {
  auto Q = torch::randn({2, 5, 8}), KT = torch::randn({2, 8, 6}),
       V = torch::randn({2, 6, 4});
  using adopter::ops::attention;
  CHECK_THROWS_WITH(attention(Q, torch::randn({2, 7, 6}), V),
                    Catch::Contains("expected kt of shape [..., 8, Lk]"));
  CHECK_THROWS_WITH(attention(Q, KT, torch::randn({2, 5, 4})),
                    Catch::Contains("expected v of shape [..., 6, Dv]"));
  CHECK_THROWS_WITH(attention(Q.to(torch::kDouble), KT, V),
                    Catch::Contains("float32 or bfloat16"));
  CHECK_THROWS_WITH(attention(Q, KT, V, torch::ones({5, 6}, torch::kBool)),
                    Catch::Contains("MaskKind::None"));
  CHECK_THROWS_WITH(attention(Q, KT, V, torch::ones({5, 6}), 1.0,
                              ScaleMode::Multiply, MaskKind::FillWhereTrue),
                    Catch::Contains("expected a bool mask"));
  CHECK_THROWS_WITH(attention(Q, KT, V, torch::ones({4, 6}, torch::kBool), 1.0,
                              ScaleMode::Multiply, MaskKind::FillWhereTrue),
                    Catch::Contains("broadcastable to the score shape"));
}

TEST_CASE("a learned additive mask gets its gradient (the chain, unfused)",
          "[attention]") {
  // A relative position bias is a parameter added to the scores: the fused
  // kernels give a mask no gradient, so attention and masked_softmax run
  // the chain for it and the bias trains as before.
  using adopter::ops::attention;
  using adopter::ops::masked_softmax;
  torch::manual_seed(11);
  auto Q = torch::randn({2, 5, 4}, torch::requires_grad());
  auto KT = torch::randn({2, 4, 6}, torch::requires_grad());
  auto V = torch::randn({2, 6, 3}, torch::requires_grad());
  for (ScaleMode Mode : {ScaleMode::Multiply, ScaleMode::DivideAfterMask}) {
    auto Bias = torch::randn({5, 6}, torch::requires_grad());
    auto BiasRef = Bias.detach().clone().requires_grad_(true);
    const bool Div = Mode == ScaleMode::DivideAfterMask;
    auto S = torch::matmul(Q, KT);
    auto Ref = torch::matmul(
        torch::softmax(Div ? (S + BiasRef) / 2.0 : S * 2.0 + BiasRef, -1), V);
    auto Got = attention(Q, KT, V, Bias, 2.0, Mode, MaskKind::Additive);
    checkClose("attention", Got, Ref, 1e-5, 1e-5);
    auto G = torch::randn_like(Ref);
    auto GB = torch::autograd::grad({Got}, {Bias}, {G})[0];
    auto GBRef = torch::autograd::grad({Ref}, {BiasRef}, {G})[0];
    checkClose("attention mask gradient", GB, GBRef, 1e-5, 1e-5);

    auto P = masked_softmax(S.detach(), Bias, 2.0, Mode, MaskKind::Additive);
    auto PRef = torch::softmax(
        Div ? (S.detach() + BiasRef) / 2.0 : S.detach() * 2.0 + BiasRef, -1);
    checkClose("masked_softmax", P, PRef, 1e-6, 1e-6);
    auto GP = torch::randn_like(P);
    checkClose("masked_softmax mask gradient",
               torch::autograd::grad({P}, {Bias}, {GP})[0],
               torch::autograd::grad({PRef}, {BiasRef}, {GP})[0], 1e-5, 1e-5);
  }
}
