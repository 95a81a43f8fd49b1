//===- NormsTest.cpp - Fused norms against the unfused LibTorch chain -----===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Each fused operator is compared with the unfused chain it replaces, for the
// outputs and for the gradients w.r.t. x, residual, weight and bias
// (torch::autograd::grad with random upstream gradients). float32 is checked
// against the chain evaluated in float64 (the add in float32). bfloat16 is
// checked against the chain with the residual add in bfloat16 and the
// normalisation in float32 (what the fused kernel computes), with bfloat16
// tolerances.
//
//===----------------------------------------------------------------------===//

#include "NormTestUtil.h"

#include "adopter/kernels/Norms.h"

#include <vector>

using adopter::test::checkClose;

namespace {

enum class Op { LayerNorm, AddLayerNorm, RMSNorm, AddRMSNorm };

const char *opName(Op O) {
  switch (O) {
  case Op::LayerNorm:
    return "layer_norm";
  case Op::AddLayerNorm:
    return "add_layer_norm";
  case Op::RMSNorm:
    return "rms_norm";
  case Op::AddRMSNorm:
    return "add_rms_norm";
  }
  return "?";
}

bool hasResidual(Op O) { return O == Op::AddLayerNorm || O == Op::AddRMSNorm; }
bool hasBias(Op O) { return O == Op::LayerNorm || O == Op::AddLayerNorm; }
bool isLayerNorm(Op O) { return O == Op::LayerNorm || O == Op::AddLayerNorm; }

torch::Tensor refRMSNorm(const torch::Tensor &S, const torch::Tensor &W,
                         double Eps) {
  auto Y = S * torch::rsqrt(S.pow(2).mean(-1, true) + Eps);
  return W.defined() ? Y * W : Y;
}

/// {sum (or undefined), normed}
std::vector<torch::Tensor> runFused(Op O, const torch::Tensor &X,
                                    const torch::Tensor &R,
                                    const torch::Tensor &W,
                                    const torch::Tensor &B, double Eps) {
  switch (O) {
  case Op::LayerNorm:
    return {torch::Tensor(), adopter::ops::layer_norm(X, W, B, Eps)};
  case Op::AddLayerNorm: {
    auto [S, Y] = adopter::ops::add_layer_norm(X, R, W, B, Eps);
    return {S, Y};
  }
  case Op::RMSNorm:
    return {torch::Tensor(), adopter::ops::rms_norm(X, W, Eps)};
  case Op::AddRMSNorm: {
    auto [S, Y] = adopter::ops::add_rms_norm(X, R, W, Eps);
    return {S, Y};
  }
  }
  return {};
}

std::vector<torch::Tensor> runReference(Op O, const torch::Tensor &X,
                                        const torch::Tensor &R,
                                        const torch::Tensor &W,
                                        const torch::Tensor &B, double Eps) {
  torch::Tensor S = hasResidual(O) ? X + R : X;
  // Normalise in float64 for float32 inputs (float32 LibTorch itself is off
  // by up to 0.1 for a last dimension of 1 with eps 1e-12, where the
  // variance is 0 and rounding noise dominates), in float32 for bfloat16.
  const auto RefType =
      X.scalar_type() == torch::kFloat ? torch::kDouble : torch::kFloat;
  auto F = [RefType](const torch::Tensor &T) {
    return T.defined() ? T.to(RefType) : T;
  };
  torch::Tensor Y = isLayerNorm(O)
                        ? torch::layer_norm(F(S), {X.size(-1)}, F(W), F(B), Eps)
                        : refRMSNorm(F(S), F(W), Eps);
  return {hasResidual(O) ? S : torch::Tensor(), Y};
}

struct Case {
  Op O;
  std::vector<int64_t> Shape;
  double Eps;
  bool Transposed;
  bool Affine;
  torch::ScalarType DType;
};

void runCase(const Case &C) {
  const bool BF16 = C.DType == torch::kBFloat16;
  const double Rtol = BF16 ? 2e-2 : 1e-5, Atol = BF16 ? 2e-2 : 1e-5;
  const int64_t N = C.Shape.back();
  INFO(opName(C.O) << " shape " << torch::IntArrayRef(C.Shape) << " eps "
                   << C.Eps << (C.Transposed ? " transposed" : "")
                   << (C.Affine ? "" : " no-affine") << " "
                   << (BF16 ? "bf16" : "f32"));
  auto Opts = torch::TensorOptions().dtype(C.DType);
  auto Make = [&](double Scale, double Shift) {
    torch::Tensor T;
    if (C.Transposed) {
      // Same logical shape, last dimension not contiguous.
      std::vector<int64_t> Swapped(C.Shape);
      std::swap(Swapped.back(), Swapped.front());
      T = (torch::randn(Swapped) * Scale + Shift)
              .to(C.DType)
              .transpose(0, static_cast<int64_t>(C.Shape.size()) - 1);
    } else {
      T = (torch::randn(C.Shape) * Scale + Shift).to(C.DType);
    }
    return T.requires_grad_(true);
  };
  torch::Tensor X = Make(2.0, 0.5);
  torch::Tensor R = hasResidual(C.O) ? Make(1.0, -0.25) : torch::Tensor();
  torch::Tensor W, B;
  if (C.Affine) {
    W = (torch::randn({N}) * 0.5 + 1.0).to(Opts).requires_grad_(true);
    if (hasBias(C.O))
      B = (torch::randn({N}) * 0.1).to(Opts).requires_grad_(true);
  }
  if (C.Transposed && C.Shape.size() > 1)
    REQUIRE_FALSE(X.is_contiguous());

  auto Fused = runFused(C.O, X, R, W, B, C.Eps);
  auto Ref = runReference(C.O, X, R, W, B, C.Eps);
  checkClose("normed", Fused[1], Ref[1], Rtol, Atol);
  CHECK(Fused[1].scalar_type() == C.DType);
  if (C.DType == torch::kFloat && C.O == Op::LayerNorm && N > 1) {
    // Also against the float32 LibTorch kernel itself.
    checkClose("normed vs float32 torch::layer_norm", Fused[1],
               torch::layer_norm(X, {N}, W, B, C.Eps), Rtol, Atol);
  }
  if (hasResidual(C.O))
    checkClose("sum", Fused[0], Ref[0], 0.0, 0.0);

  std::vector<torch::Tensor> Inputs{X};
  if (R.defined())
    Inputs.push_back(R);
  if (W.defined())
    Inputs.push_back(W);
  if (B.defined())
    Inputs.push_back(B);
  torch::Tensor GY = torch::randn(C.Shape).to(C.DType);
  torch::Tensor GS = torch::randn(C.Shape).to(C.DType);
  auto Grads = [&](const std::vector<torch::Tensor> &Outs) {
    if (!hasResidual(C.O))
      return torch::autograd::grad({Outs[1]}, Inputs, {GY.to(Outs[1].dtype())});
    return torch::autograd::grad({Outs[0], Outs[1]}, Inputs,
                                 {GS, GY.to(Outs[1].dtype())});
  };
  auto FG = Grads(Fused), RG = Grads(Ref);
  const char *Names[] = {"grad x", "grad residual", "grad weight", "grad bias"};
  size_t K = 0;
  checkClose(Names[0], FG[K], RG[K], Rtol, Atol);
  ++K;
  if (R.defined()) {
    checkClose(Names[1], FG[K], RG[K], Rtol, Atol);
    ++K;
  }
  // Weight / bias gradients sum over rows: scale the absolute tolerance.
  const double Rows = static_cast<double>(X.numel() / N);
  if (W.defined()) {
    checkClose(Names[2], FG[K], RG[K], Rtol, Atol * std::sqrt(Rows));
    ++K;
  }
  if (B.defined())
    checkClose(Names[3], FG[K], RG[K], Rtol, Atol * std::sqrt(Rows));
}

const Op AllOps[] = {Op::LayerNorm, Op::AddLayerNorm, Op::RMSNorm,
                     Op::AddRMSNorm};
const int64_t LastDims[] = {1, 7, 15, 16, 17, 768, 4096, 12345};

void sweep(torch::ScalarType DType) {
  torch::manual_seed(0);
  for (Op O : AllOps)
    for (int64_t N : LastDims)
      for (const std::vector<int64_t> &Lead :
           {std::vector<int64_t>{1}, std::vector<int64_t>{2, 3}})
        for (double Eps : {1e-5, 1e-12, 1e-2}) {
          std::vector<int64_t> Shape(Lead);
          Shape.push_back(N);
          runCase(
              {O, Shape, Eps, /*Transposed=*/false, /*Affine=*/true, DType});
        }
}

} // namespace

TEST_CASE("fused norms match the unfused chain (float32)", "[norms]") {
  sweep(torch::kFloat);
}

TEST_CASE("fused norms match the unfused chain (bfloat16)", "[norms]") {
  sweep(torch::kBFloat16);
}

TEST_CASE("fused norms accept non-contiguous inputs", "[norms]") {
  torch::manual_seed(1);
  for (Op O : AllOps)
    for (auto DType : {torch::kFloat, torch::kBFloat16})
      for (const std::vector<int64_t> &Shape :
           {std::vector<int64_t>{33, 5}, std::vector<int64_t>{768, 3, 4},
            std::vector<int64_t>{17, 2, 1}})
        runCase({O, Shape, 1e-5, /*Transposed=*/true, /*Affine=*/true, DType});
}

TEST_CASE("fused norms without affine parameters", "[norms]") {
  torch::manual_seed(2);
  for (Op O : AllOps)
    for (auto DType : {torch::kFloat, torch::kBFloat16})
      runCase({O,
               {4, 5, 100},
               1e-5,
               /*Transposed=*/false,
               /*Affine=*/false,
               DType});
}

TEST_CASE("fused norms on an input with no rows", "[norms]") {
  auto X = torch::randn({0, 16});
  auto W = torch::ones({16});
  CHECK(adopter::ops::rms_norm(X, W).sizes() == X.sizes());
  CHECK(adopter::ops::layer_norm(X, W, W).sizes() == X.sizes());
}

TEST_CASE("fused norms with several threads", "[norms]") {
  // Exercises the row split and the per-chunk weight / bias reduction.
  const int Saved = at::get_num_threads();
  at::set_num_threads(4);
  INFO("threads: " << at::get_num_threads());
  torch::manual_seed(4);
  for (Op O : AllOps)
    for (auto DType : {torch::kFloat, torch::kBFloat16})
      for (int64_t N : {int64_t{17}, int64_t{768}})
        runCase({O,
                 {64, 33, N},
                 1e-5,
                 /*Transposed=*/false,
                 /*Affine=*/true,
                 DType});
  at::set_num_threads(Saved);
}

TEST_CASE("residual norms differentiated through one of their outputs",
          "[norms]") {
  // A post-norm block differentiates the norm only (the sum's gradient
  // comes to backward undefined); a block that reads the sum elsewhere may
  // differentiate it alone. Both against the chain.
  torch::manual_seed(5);
  for (Op O : {Op::AddLayerNorm, Op::AddRMSNorm})
    for (size_t Which : {0, 1}) {
      INFO(opName(O) << (Which ? ": the norm only" : ": the sum only"));
      auto X = torch::randn({3, 5, 24}).requires_grad_(true);
      auto R = torch::randn({3, 5, 24}).requires_grad_(true);
      auto W = (torch::rand({24}) + 0.5).requires_grad_(true);
      auto B = (torch::randn({24}) * 0.1).requires_grad_(true);
      torch::Tensor Bias = hasBias(O) ? B : torch::Tensor();
      auto Fused = runFused(O, X, R, W, Bias, 1e-5);
      auto Ref = runReference(O, X, R, W, Bias, 1e-5);
      auto G = torch::randn({3, 5, 24});
      std::vector<torch::Tensor> Inputs{X, R, W};
      if (Bias.defined())
        Inputs.push_back(B);
      auto FG = torch::autograd::grad({Fused[Which]}, Inputs, {G},
                                      /*retain_graph=*/true,
                                      /*create_graph=*/false,
                                      /*allow_unused=*/true);
      auto RG = torch::autograd::grad(
          {Ref[Which]}, Inputs, {G.to(Ref[Which].dtype())}, true, false, true);
      const char *Names[] = {"grad x", "grad residual", "grad weight",
                             "grad bias"};
      for (size_t K = 0; K < Inputs.size(); ++K) {
        INFO(Names[K]);
        // The sum alone gives the weight and bias no gradient.
        REQUIRE(FG[K].defined() == RG[K].defined());
        if (FG[K].defined())
          checkClose(Names[K], FG[K], RG[K].to(FG[K].dtype()), 1e-5, 1e-4);
      }
    }
}
