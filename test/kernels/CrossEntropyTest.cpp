//===- CrossEntropyTest.cpp - Fused cross-entropy vs. the unfused chain ---===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// adopter::ops::cross_entropy against torch::nll_loss(torch::log_softmax(x))
// evaluated in float64, for the loss and for the gradient w.r.t. x (random
// upstream gradient), over every reduction, class weights, ignore_index
// (including batches where every target is ignored), spatial inputs, C = 1
// to the GPT-2 vocabulary, non-contiguous inputs, 1 and 4 threads, and
// bfloat16 (with bfloat16 tolerances).
//
//===----------------------------------------------------------------------===//

#include "NormTestUtil.h"

#include "adopter/kernels/CrossEntropy.h"

#include <cmath>
#include <vector>

using adopter::test::checkClose;

namespace {

struct CECase {
  std::vector<int64_t> Shape; // [N, C, d1, ...]
  int64_t Reduction;
  bool Weighted;
  int64_t IgnoreIndex;
  double IgnoreFraction; // share of targets set to IgnoreIndex
  torch::ScalarType DType;
  bool Transposed = false; // a non-contiguous [N, C] input
  int64_t Dim = 1;
};

const char *reductionName(int64_t R) {
  return R == at::Reduction::None ? "none"
                                  : (R == at::Reduction::Sum ? "sum" : "mean");
}

void runCase(const CECase &C) {
  const bool BF16 = C.DType == torch::kBFloat16;
  const int64_t NC = C.Shape[1];
  INFO("shape " << torch::IntArrayRef(C.Shape) << " reduction "
                << reductionName(C.Reduction) << (C.Weighted ? " weighted" : "")
                << " ignore " << C.IgnoreIndex << " (" << C.IgnoreFraction
                << ") " << (BF16 ? "bf16" : "f32")
                << (C.Transposed ? " transposed" : "") << " dim " << C.Dim);
  torch::Tensor X;
  if (C.Transposed)
    X = (torch::randn({NC, C.Shape[0]}) * 3.0).to(C.DType).t();
  else
    X = (torch::randn(C.Shape) * 3.0).to(C.DType);
  X.requires_grad_(true);
  std::vector<int64_t> TShape{C.Shape[0]};
  for (size_t D = 2; D < C.Shape.size(); ++D)
    TShape.push_back(C.Shape[D]);
  torch::Tensor T = torch::randint(0, NC, TShape, torch::kLong);
  if (C.IgnoreFraction > 0) {
    auto Mask = torch::rand(TShape) < C.IgnoreFraction;
    T.masked_fill_(Mask, C.IgnoreIndex);
  }
  torch::Tensor W;
  if (C.Weighted)
    W = (torch::rand({NC}) * 2.0 + 0.1).to(C.DType);

  adopter::ops::CrossEntropyOptions O;
  O.weight(W).ignore_index(C.IgnoreIndex).reduction(C.Reduction).dim(C.Dim);
  torch::Tensor Fused = adopter::ops::cross_entropy(X, T, O);
  torch::Tensor XD = X.to(torch::kDouble);
  torch::Tensor Ref = torch::nll_loss_nd(torch::log_softmax(XD, C.Dim), T,
                                         W.defined() ? W.to(torch::kDouble) : W,
                                         C.Reduction, C.IgnoreIndex);
  CHECK(Fused.scalar_type() == C.DType);
  REQUIRE(Fused.sizes() == Ref.sizes());
  const double Rtol = BF16 ? 2e-2 : 1e-5, Atol = BF16 ? 2e-2 : 1e-5;
  if (C.Reduction == at::Reduction::Mean && Ref.isnan().item<bool>()) {
    // Every target ignored: 0 / 0, as torch.
    CHECK(Fused.isnan().item<bool>());
  } else {
    checkClose("loss", Fused, Ref, Rtol, Atol);
  }
  torch::Tensor G = torch::randn(Ref.sizes(), torch::kDouble);
  auto FG = torch::autograd::grad({Fused}, {X}, {G.to(C.DType)})[0];
  auto RG = torch::autograd::grad({Ref}, {X}, {G})[0];
  CHECK(FG.scalar_type() == C.DType);
  // The gradient is at most |scale| per element; bf16 rounds it to 2^-8.
  checkClose("grad x", FG, RG, BF16 ? 1e-2 : 1e-5, BF16 ? 1e-3 : 5e-6);
}

const int64_t Reductions[] = {at::Reduction::None, at::Reduction::Mean,
                              at::Reduction::Sum};

void sweep(torch::ScalarType DType) {
  torch::manual_seed(0);
  for (int64_t R : Reductions)
    for (bool Weighted : {false, true})
      for (const std::vector<int64_t> &Shape :
           {std::vector<int64_t>{1, 1}, std::vector<int64_t>{5, 1},
            std::vector<int64_t>{1, 7}, std::vector<int64_t>{33, 7},
            std::vector<int64_t>{9, 17}, std::vector<int64_t>{6, 1000},
            std::vector<int64_t>{3, 50257}, std::vector<int64_t>{4, 7, 3},
            std::vector<int64_t>{2, 5, 3, 4}}) {
        runCase({Shape, R, Weighted, -100, 0.0, DType});
        runCase({Shape, R, Weighted, -100, 0.3, DType});
        // An ignore_index that is a real class.
        if (Shape[1] > 2)
          runCase({Shape, R, Weighted, 2, 0.3, DType});
      }
}

} // namespace

TEST_CASE("fused cross-entropy matches log_softmax + nll_loss (float32)",
          "[cross_entropy]") {
  sweep(torch::kFloat);
}

TEST_CASE("fused cross-entropy matches log_softmax + nll_loss (bfloat16)",
          "[cross_entropy]") {
  sweep(torch::kBFloat16);
}

TEST_CASE("fused cross-entropy with every target ignored", "[cross_entropy]") {
  torch::manual_seed(1);
  for (int64_t R : Reductions)
    for (bool Weighted : {false, true})
      for (auto DType : {torch::kFloat, torch::kBFloat16}) {
        runCase({{4, 7}, R, Weighted, -100, 1.0, DType});
        runCase({{2, 7, 3}, R, Weighted, 5, 1.0, DType});
      }
}

TEST_CASE("fused cross-entropy on dim -1, non-contiguous input, 4 threads",
          "[cross_entropy]") {
  torch::manual_seed(2);
  for (auto DType : {torch::kFloat, torch::kBFloat16})
    for (int64_t R : Reductions) {
      runCase({{17, 9}, R, true, -100, 0.2, DType, false, -1});
      runCase({{17, 33}, R, true, -100, 0.2, DType, /*Transposed=*/true});
    }
  const int Saved = at::get_num_threads();
  at::set_num_threads(4);
  for (auto DType : {torch::kFloat, torch::kBFloat16})
    for (int64_t R : Reductions)
      runCase({{257, 1000}, R, true, -100, 0.1, DType});
  at::set_num_threads(Saved);
}

TEST_CASE("fused cross-entropy takes NLLLoss options", "[cross_entropy]") {
  torch::manual_seed(3);
  auto X = torch::randn({6, 11}, torch::requires_grad());
  auto T = torch::randint(0, 11, {6}, torch::kLong);
  T[1] = 4;
  torch::nn::NLLLoss Loss(torch::nn::NLLLossOptions()
                              .weight(torch::rand({11}) + 0.5)
                              .ignore_index(4)
                              .reduction(torch::kSum));
  auto Ref = Loss(torch::log_softmax(X, 1), T);
  auto Opts = Loss->options;
  Opts.weight(Loss->weight);
  checkClose("loss", adopter::ops::cross_entropy(X, T, Opts), Ref, 1e-5, 1e-5);
  namespace F = torch::nn::functional;
  auto Ref2 = F::nll_loss(torch::log_softmax(X, -1), T,
                          F::NLLLossFuncOptions().reduction(torch::kNone));
  checkClose("loss none",
             adopter::ops::cross_entropy(
                 X, T, F::NLLLossFuncOptions().reduction(torch::kNone), -1),
             Ref2, 1e-5, 1e-5);
}

TEST_CASE("fused cross-entropy takes an NLLLoss module", "[cross_entropy]") {
  torch::manual_seed(4);
  auto X = torch::randn({5, 8}, torch::requires_grad());
  auto T = torch::randint(0, 8, {5}, torch::kLong);
  torch::nn::NLLLoss Loss(torch::nn::NLLLossOptions()
                              .weight(torch::rand({8}) + 0.5)
                              .ignore_index(2)
                              .reduction(torch::kSum));
  T[0] = 2;
  auto Ref = Loss(torch::log_softmax(X, 1), T);
  checkClose("loss", adopter::ops::cross_entropy(X, T, Loss), Ref, 1e-5, 1e-5);
  checkClose("loss dim -1", adopter::ops::cross_entropy(X, T, Loss, -1), Ref,
             1e-5, 1e-5);
  checkClose("dim overload", adopter::ops::cross_entropy(X, T, -1),
             torch::nll_loss(torch::log_softmax(X, -1), T), 1e-5, 1e-5);
}

TEST_CASE("cross-entropy with log_softmax over the last of 3+ dimensions "
          "computes the chain as written",
          "[cross_entropy]") {
  // Not a cross-entropy: log_softmax over d, nll_loss's classes in dim 1.
  namespace F = torch::nn::functional;
  torch::manual_seed(5);
  auto X = torch::randn({3, 4, 6}, torch::requires_grad());
  auto T = torch::randint(0, 4, {3, 6}, torch::kLong);
  auto Opts = F::NLLLossFuncOptions()
                  .reduction(torch::kSum)
                  .weight(torch::rand({4}) + 0.5);
  auto Ref = F::nll_loss(torch::log_softmax(X, -1), T, Opts);
  auto Got = adopter::ops::cross_entropy(X, T, Opts, -1);
  checkClose("loss", Got, Ref, 1e-6, 1e-6);
  auto G = torch::autograd::grad({Got}, {X})[0];
  auto GRef = torch::autograd::grad({Ref}, {X})[0];
  checkClose("grad", G, GRef, 1e-6, 1e-6);
}

TEST_CASE("fused cross-entropy rejects bad input", "[cross_entropy]") {
  using adopter::ops::cross_entropy;
  auto X = torch::randn({4, 7});
  auto T = torch::tensor({0, 1, 2, 3}, torch::kLong);
  CHECK_THROWS_WITH(cross_entropy(X, torch::tensor({0, 1, 7, 3}, torch::kLong)),
                    Catch::Contains("target 7") &&
                        Catch::Contains("out of bounds"));
  CHECK_THROWS_WITH(
      cross_entropy(X, torch::tensor({0, -1, 2, 3}, torch::kLong)),
      Catch::Contains("target -1"));
  CHECK_THROWS_WITH(cross_entropy(X, T.to(torch::kInt)),
                    Catch::Contains("int64"));
  CHECK_THROWS_WITH(cross_entropy(X, T.reshape({2, 2})),
                    Catch::Contains("expected target of shape [4]"));
  CHECK_THROWS_WITH(
      cross_entropy(
          X, T, adopter::ops::CrossEntropyOptions().weight(torch::ones({6}))),
      Catch::Contains("class weight of shape [7]"));
  CHECK_THROWS_WITH(cross_entropy(X, T, 0), Catch::Contains("got dim 0"));
  CHECK_THROWS_WITH(cross_entropy(X, T, torch::nn::NLLLoss(nullptr)),
                    Catch::Contains("empty"));
  CHECK_THROWS_WITH(cross_entropy(X.to(torch::kDouble), T),
                    Catch::Contains("float32 or bfloat16"));
  CHECK_THROWS_WITH(cross_entropy(torch::randn({4, 0}), T),
                    Catch::Contains("at least one class"));
  CHECK_THROWS_WITH(
      cross_entropy(X, T, adopter::ops::CrossEntropyOptions().reduction(7)),
      Catch::Contains("reduction"));
}
