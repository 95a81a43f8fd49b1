//===- DropoutAddLayerNormTest.cpp - Tests of dropout + add + LayerNorm ---===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// dropout_add_layer_norm / FusedDropoutAddLayerNorm: exactly the chain
// without dropout (p = 0, eval); with dropout, the mask recovered from
// s - b has the right keep rate and scaling, y is the LayerNorm of s, and
// the gradients equal the float64 chain's with that mask; p = 1; seeding;
// bfloat16; checkpoints of torch::nn::LayerNorm; bad input.
//
//===----------------------------------------------------------------------===//

#include "NormTestUtil.h"

#include "adopter/kernels/FusedDropoutAddLayerNorm.h"

#include <vector>

using adopter::ops::dropout_add_layer_norm;
using adopter::test::checkClose;

namespace {

struct Case {
  torch::Tensor A, B, W, Bias;
};

Case makeCase(std::vector<int64_t> Shape, torch::Dtype T = torch::kFloat) {
  const int64_t N = Shape.back();
  Case C;
  C.A = torch::randn(Shape).to(T).requires_grad_(true);
  C.B = torch::randn(Shape).to(T).requires_grad_(true);
  C.W = (torch::rand({N}) + 0.5).to(T).requires_grad_(true);
  C.Bias = torch::randn({N}).to(T).requires_grad_(true);
  return C;
}

/// Checks (S, Y) and the gradients of A, B, W, Bias against the float64
/// chain s = A * Mask * Scale + B, y = layer_norm(s).
void checkAgainstChain(const Case &C, const torch::Tensor &S,
                       const torch::Tensor &Y, const torch::Tensor &Mask,
                       double Scale, double Tol) {
  auto D = [](const torch::Tensor &T) {
    return T.detach().to(torch::kDouble).requires_grad_(true);
  };
  torch::Tensor A = D(C.A), B = D(C.B), W = D(C.W), Bias = D(C.Bias);
  torch::Tensor SD = A * Mask.to(torch::kDouble) * Scale + B;
  torch::Tensor YD =
      torch::layer_norm(SD, {SD.size(-1)}, W, Bias, /*eps=*/1e-5);
  checkClose("s", S, SD, Tol, Tol);
  checkClose("y", Y, YD, Tol, Tol * 4);
  torch::Tensor DY = torch::randn_like(YD), DS = torch::randn_like(SD);
  auto G =
      torch::autograd::grad({S, Y}, {C.A, C.B, C.W, C.Bias},
                            {DS.to(S.scalar_type()), DY.to(Y.scalar_type())});
  auto GD = torch::autograd::grad({SD, YD}, {A, B, W, Bias}, {DS, DY});
  const char *Names[] = {"da", "db", "dweight", "dbias"};
  for (int I = 0; I < 4; ++I) {
    const double Sc = 1.0 + GD[I].abs().max().item<double>();
    checkClose(Names[I], G[I], GD[I], Tol * 10, Tol * 10 * Sc);
  }
}

} // namespace

TEST_CASE("dropout_add_layer_norm without dropout is add + layer_norm",
          "[dropoutaddnorm]") {
  torch::manual_seed(1);
  const auto Shape =
      GENERATE(std::vector<int64_t>{1, 1, 7}, std::vector<int64_t>{3, 17},
               std::vector<int64_t>{2, 5, 768});
  Case C = makeCase(Shape);
  const bool Train = GENERATE(true, false);
  const double P = Train ? 0.0 : 0.3;
  auto [S, Y] = dropout_add_layer_norm(C.A, C.B, C.W, C.Bias, P, Train);
  checkAgainstChain(C, S, Y, torch::ones(Shape), 1.0, 1e-5);
}

TEST_CASE("dropout_add_layer_norm with dropout", "[dropoutaddnorm]") {
  const int Threads = GENERATE(1, 4);
  at::set_num_threads(Threads);
  torch::manual_seed(2);
  const double P = GENERATE(0.1, 0.5, 0.9);
  Case C = makeCase({3, 37, 257});
  auto [S, Y] = dropout_add_layer_norm(C.A, C.B, C.W, C.Bias, P, true);
  const double Scale = 1.0 / (1.0 - P);
  torch::Tensor Dropped = (S - C.B).detach();
  torch::Tensor Mask = Dropped.ne(0);
  const double KeepRate = Mask.to(torch::kDouble).mean().item<double>();
  INFO("p = " << P << ", keep rate " << KeepRate);
  // 28k draws: the standard deviation of the rate is below 0.003.
  CHECK(std::abs(KeepRate - (1.0 - P)) < 0.015);
  checkAgainstChain(C, S, Y, Mask, Scale, 2e-5);
  // E[dropout(a)] = a: with a = 1 the mean of s - b is about 1.
  torch::Tensor Ones = torch::ones({64, 500});
  auto [S1, Y1] = dropout_add_layer_norm(
      Ones, torch::zeros({64, 500}), torch::Tensor(), torch::Tensor(), P, true);
  const double Mean = S1.mean().item<double>();
  CHECK(std::abs(Mean - 1.0) < 0.05 * Scale);
  (void)Y1;
}

TEST_CASE("dropout_add_layer_norm differentiated through one output",
          "[dropoutaddnorm]") {
  // The norm alone (a post-norm block) or the sum alone: the other output's
  // gradient comes to backward undefined and counts as zero.
  torch::manual_seed(6);
  for (int Which : {0, 1}) {
    INFO((Which ? "the norm only" : "the sum only"));
    Case C = makeCase({4, 9, 33});
    auto [S, Y] = dropout_add_layer_norm(C.A, C.B, C.W, C.Bias, 0.3, true);
    torch::Tensor Mask = (S - C.B).detach().ne(0);
    auto D = [](const torch::Tensor &T) {
      return T.detach().to(torch::kDouble).requires_grad_(true);
    };
    torch::Tensor A = D(C.A), B = D(C.B), W = D(C.W), Bias = D(C.Bias);
    torch::Tensor SD = A * Mask.to(torch::kDouble) / 0.7 + B;
    torch::Tensor YD = torch::layer_norm(SD, {33}, W, Bias, 1e-5);
    torch::Tensor G = torch::randn({4, 9, 33}, torch::kDouble);
    auto FG = torch::autograd::grad({Which ? Y : S}, {C.A, C.B, C.W, C.Bias},
                                    {G.to(torch::kFloat)}, true, false, true);
    auto RG = torch::autograd::grad({Which ? YD : SD}, {A, B, W, Bias}, {G},
                                    true, false, true);
    const char *Names[] = {"da", "db", "dweight", "dbias"};
    for (int I = 0; I < 4; ++I) {
      INFO(Names[I]);
      REQUIRE(FG[I].defined() == RG[I].defined());
      if (FG[I].defined())
        checkClose(Names[I], FG[I], RG[I], 1e-4, 1e-4);
    }
  }
}

TEST_CASE("dropout_add_layer_norm broadcasts as dropout(a) + b does",
          "[dropoutaddnorm]") {
  torch::manual_seed(11);
  adopter::nn::FusedDropoutAddLayerNorm Fused(torch::nn::LayerNormOptions({16}),
                                              0.5);
  torch::nn::LayerNorm Norm(torch::nn::LayerNormOptions({16}));
  auto A = torch::randn({4, 3, 16}), B = torch::randn({1, 3, 16});
  // Eval: no dropout, exactly add + LayerNorm, either operand broadcasting.
  Fused->eval();
  for (bool Swap : {false, true}) {
    auto X = Swap ? B : A, R = Swap ? A : B;
    auto [S, Y] = Fused(X, R);
    REQUIRE(S.sizes() == A.sizes());
    checkClose("eval sum", S, X + R, 0.0, 0.0);
    checkClose("eval norm", Y, Norm(X + R), 1e-6, 1e-6);
  }
  Fused->train();
  {
    // The residual broadcasts: each element of A is kept (scaled by 2) or
    // dropped.
    auto [S, Y] = Fused(A, B);
    auto D = S - B;
    auto Kept = (D - 2 * A).abs() < 1e-5, Dropped = D.abs() < 1e-6;
    CHECK((Kept | Dropped).all().item<bool>());
    CHECK(Kept.any().item<bool>());
    CHECK(Dropped.any().item<bool>());
    checkClose("train norm of the sum", Y, Norm(S), 1e-5, 1e-5);
  }
  {
    // The dropped operand broadcasts: one mask for it, the same in every
    // copy along the broadcast dimension (as dropout(b) + a computes it).
    auto [S, Y] = Fused(B, A);
    REQUIRE(S.sizes() == A.sizes());
    auto D = S - A;
    for (int64_t I = 1; I < 4; ++I)
      CHECK(torch::allclose(D[I], D[0], 1e-5, 1e-5));
    // ... and a dropout mask: kept (scaled by 2) or dropped.
    auto Kept = (D[0] - 2 * B[0]).abs() < 1e-5, Dropped = D[0].abs() < 1e-5;
    CHECK((Kept | Dropped).all().item<bool>());
    CHECK(Dropped.any().item<bool>());
    checkClose("train norm of the sum", Y, Norm(S), 1e-5, 1e-5);
  }
}

TEST_CASE("dropout_add_layer_norm with p = 1 drops everything",
          "[dropoutaddnorm]") {
  torch::manual_seed(3);
  Case C = makeCase({4, 33});
  auto [S, Y] = dropout_add_layer_norm(C.A, C.B, C.W, C.Bias, 1.0, true);
  CHECK(torch::equal(S, C.B.detach()));
  checkAgainstChain(C, S, Y, torch::zeros({4, 33}), 0.0, 1e-5);
}

TEST_CASE("dropout_add_layer_norm follows torch::manual_seed",
          "[dropoutaddnorm]") {
  torch::NoGradGuard NoGrad;
  torch::Tensor A = torch::randn({16, 100}), B = torch::randn({16, 100});
  torch::manual_seed(42);
  at::set_num_threads(1);
  auto R1 = dropout_add_layer_norm(A, B, {}, {}, 0.5, true);
  auto R2 = dropout_add_layer_norm(A, B, {}, {}, 0.5, true);
  torch::manual_seed(42);
  at::set_num_threads(4);
  auto R3 = dropout_add_layer_norm(A, B, {}, {}, 0.5, true);
  CHECK(torch::equal(std::get<0>(R1), std::get<0>(R3)));
  CHECK(torch::equal(std::get<1>(R1), std::get<1>(R3)));
  CHECK_FALSE(torch::equal(std::get<0>(R1), std::get<0>(R2)));
}

TEST_CASE("dropout_add_layer_norm in bfloat16", "[dropoutaddnorm]") {
  torch::manual_seed(4);
  Case C = makeCase({5, 96}, torch::kBFloat16);
  auto [S, Y] = dropout_add_layer_norm(C.A, C.B, C.W, C.Bias, 0.25, true);
  REQUIRE(S.scalar_type() == torch::kBFloat16);
  torch::Tensor Mask = (S - C.B).detach().ne(0);
  // s is rounded to bfloat16 as the chain rounds it.
  torch::Tensor Expect = (C.A.detach() * Mask.to(torch::kBFloat16) *
                          torch::scalar_tensor(1.0 / 0.75, torch::kBFloat16)) +
                         C.B.detach();
  CHECK(torch::equal(S.detach(), Expect));
  checkAgainstChain(C, S, Y, Mask, 1.0 / 0.75, 2e-2);
}

TEST_CASE("FusedDropoutAddLayerNorm loads a LayerNorm checkpoint",
          "[dropoutaddnorm]") {
  torch::manual_seed(5);
  torch::nn::LayerNorm Norm(torch::nn::LayerNormOptions({4, 6}).eps(1e-6));
  {
    torch::NoGradGuard NoGrad;
    Norm->weight.uniform_(0.5, 1.5);
    Norm->bias.uniform_(-1, 1);
  }
  adopter::nn::FusedDropoutAddLayerNorm Fused(
      torch::nn::LayerNormOptions({4, 6}).eps(1e-6), 0.1);
  std::stringstream SS;
  torch::save(Norm, SS);
  torch::load(Fused, SS);
  auto Keys = [](const torch::nn::Module &M) {
    std::vector<std::string> K;
    for (const auto &P : M.named_parameters())
      K.push_back(P.key());
    return K;
  };
  CHECK(Keys(*Norm) == Keys(*Fused));
  torch::Tensor A = torch::randn({3, 4, 6}), B = torch::randn({3, 4, 6});
  Fused->eval();
  auto [S, Y] = Fused(A, B);
  checkClose("eval s", S, A + B, 0, 0);
  checkClose("eval y", Y, Norm(A + B), 1e-5, 1e-5);
  Fused->train();
  auto [ST, YT] = Fused(A, B);
  checkClose("train y", YT, Norm(ST), 1e-5, 1e-5);
  CHECK_FALSE(torch::equal(ST, A + B));
}

TEST_CASE("dropout_add_layer_norm drops what torch's dropout drops",
          "[dropoutaddnorm]") {
  // With the chain's Dropout (what a rewrite writes), the same seed gives
  // the chain's mask, so a rewritten model trains as the original did: sums
  // equal to the last bit, norms to rounding.
  torch::NoGradGuard NoGrad;
  for (torch::Dtype T : {torch::kFloat, torch::kBFloat16}) {
    torch::nn::LayerNorm Norm(torch::nn::LayerNormOptions({24}));
    Norm->weight.uniform_(0.5, 1.5);
    Norm->bias.uniform_(-1, 1);
    Norm->to(T);
    for (bool Transposed : {false, true}) {
      INFO((T == torch::kFloat ? "float32" : "bfloat16")
           << (Transposed ? ", transposed input" : ""));
      torch::Tensor A = Transposed
                            ? torch::randn({24, 5, 7}).to(T).permute({1, 2, 0})
                            : torch::randn({5, 7, 24}).to(T);
      torch::Tensor B = torch::randn({5, 7, 24}).to(T);
      torch::manual_seed(7);
      torch::Tensor Sum = torch::dropout(A, 0.3, /*train=*/true) + B;
      torch::Tensor Normed = Norm(Sum);
      torch::manual_seed(7);
      auto [S, Y] =
          dropout_add_layer_norm(A, B, adopter::ops::Dropout(0.3, true), Norm);
      CHECK(torch::equal(S, Sum));
      // bfloat16: both round the norm to 8 bits, not always the same way.
      const double Tol = T == torch::kFloat ? 1e-5 : 4e-2;
      checkClose("y", Y, Normed, Tol, Tol);
      // The raw overload draws its own stream.
      torch::manual_seed(7);
      auto [S2, Y2] =
          dropout_add_layer_norm(A, B, Norm->weight, Norm->bias, 0.3, true);
      CHECK_FALSE(torch::equal(S2, Sum));
    }
  }
}

TEST_CASE("dropout_add_layer_norm with Dropout::ownStream draws in its pass",
          "[dropoutaddnorm]") {
  // The same distribution as torch's dropout, another stream: reproducible
  // under a seed, the chain's mask recovered from the sum.
  torch::NoGradGuard NoGrad;
  torch::nn::LayerNorm Norm(torch::nn::LayerNormOptions({64}));
  torch::Tensor A = torch::randn({32, 64}), B = torch::randn({32, 64});
  auto Drop = adopter::ops::Dropout(0.25, true).ownStream();
  CHECK_FALSE(Drop.TorchStream);
  torch::manual_seed(12);
  auto [S1, Y1] = dropout_add_layer_norm(A, B, Drop, Norm);
  torch::manual_seed(12);
  auto [S2, Y2] = dropout_add_layer_norm(A, B, Drop, Norm);
  CHECK(torch::equal(S1, S2));
  torch::manual_seed(12);
  torch::Tensor Chain = torch::dropout(A, 0.25, true) + B;
  CHECK_FALSE(torch::equal(S1, Chain));
  torch::Tensor Kept = (S1 - B).ne(0);
  const double KeepRate = Kept.to(torch::kDouble).mean().item<double>();
  CHECK(KeepRate > 0.7);
  CHECK(KeepRate < 0.8);
  checkClose("kept scaled", (S1 - B).masked_select(Kept),
             (A / 0.75).masked_select(Kept), 1e-5, 1e-5);
  checkClose("y", Y1, Norm(S1), 1e-5, 1e-5);
}

TEST_CASE("dropout_add_layer_norm takes the chain's dropout and LayerNorm",
          "[dropoutaddnorm]") {
  namespace F = torch::nn::functional;
  using adopter::ops::Dropout;
  torch::manual_seed(8);
  torch::nn::LayerNorm Norm(torch::nn::LayerNormOptions({4, 6}).eps(1e-6));
  {
    torch::NoGradGuard NoGrad;
    Norm->weight.uniform_(0.5, 1.5);
    Norm->bias.uniform_(-1, 1);
  }
  torch::nn::Dropout Drop(torch::nn::DropoutOptions(0.25));
  torch::Tensor A = torch::randn({3, 4, 6}), B = torch::randn({3, 4, 6});
  auto Chain = [&](const torch::Tensor &X) { return Norm(Drop(X) + B); };
  for (bool Train : {true, false}) {
    INFO((Train ? "train" : "eval"));
    Drop->train(Train);
    Norm->train(Train);
    torch::manual_seed(9);
    torch::Tensor Want = Chain(A);
    torch::manual_seed(9);
    auto [S, Y] = dropout_add_layer_norm(A, B, Dropout(Drop), Norm);
    checkClose("module dropout", Y, Want, 1e-5, 1e-5);
    torch::manual_seed(9);
    auto [S2, Y2] = dropout_add_layer_norm(
        A, B, Dropout(F::DropoutFuncOptions().p(0.25).training(Train)), Norm);
    checkClose("options", Y2, Want, 1e-5, 1e-5);
  }
  // F::dropout trains by default, whatever the module's mode.
  CHECK(Dropout().Train);
  CHECK(Dropout().P == 0.5);
  // In place: the caller's tensor is dropped, as the chain dropped it.
  torch::Tensor X = A.clone(), Y = A.clone();
  torch::manual_seed(10);
  torch::Tensor Want =
      Norm(F::dropout(X, F::DropoutFuncOptions().p(0.5).inplace(true)) + B);
  torch::manual_seed(10);
  auto [S, Got] = dropout_add_layer_norm(
      Y, B, Dropout(F::DropoutFuncOptions().p(0.5).inplace(true)), Norm);
  CHECK(torch::equal(X, Y));
  checkClose("in place", Got, Want, 1e-5, 1e-5);
  CHECK_THROWS_WITH(dropout_add_layer_norm(A, B, Dropout(0.1, true),
                                           torch::nn::LayerNorm(nullptr)),
                    Catch::Contains("empty"));
}

TEST_CASE("dropout_add_layer_norm rejects bad input", "[dropoutaddnorm]") {
  torch::Tensor A = torch::randn({2, 8});
  CHECK_THROWS_WITH(dropout_add_layer_norm(A, A, {}, {}, 1.5, true),
                    Catch::Contains("between 0 and 1"));
  CHECK_THROWS_WITH(
      dropout_add_layer_norm(A, torch::randn({2, 7}), {}, {}, 0.5, true),
      Catch::Contains("input's shape"));
  CHECK_THROWS_WITH(dropout_add_layer_norm(A.to(torch::kDouble),
                                           A.to(torch::kDouble), {}, {}, 0.5,
                                           true),
                    Catch::Contains("float32 or bfloat16"));
  CHECK_THROWS_WITH(
      dropout_add_layer_norm(A, A, torch::ones({7}), {}, 0.5, true),
      Catch::Contains("of shape [8]"));
  adopter::nn::FusedDropoutAddLayerNorm M(torch::nn::LayerNormOptions({8}),
                                          0.1);
  CHECK_THROWS_WITH(M(torch::randn({2, 7}), torch::randn({2, 7})),
                    Catch::Contains("[*, [8]]"));
}
