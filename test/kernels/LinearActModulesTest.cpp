//===- LinearActModulesTest.cpp - Fused linear modules, checks, range -----===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// The fused linear modules load checkpoints of torch::nn::Linear (they are
// one: as<torch::nn::Linear>() finds them, clone() copies them); bad inputs
// fail with a TORCH_CHECK naming the expected shape; and the activations
// (through KernelVec.h's vexp / verf / vtanh / vsigmoid) are accurate over
// the whole float range, including 0, tiny and huge |x|, +-inf and NaN, in
// the ISA this process runs (CTest runs the AVX2 and the portable copy).
//
//===----------------------------------------------------------------------===//

#include "NormTestUtil.h"

#include "adopter/kernels/FusedLinearGELU.h"
#include "adopter/kernels/FusedLinearReLU.h"
#include "adopter/kernels/FusedLinearSiLU.h"
#include "adopter/kernels/FusedSwiGLU.h"
#include "adopter/kernels/Gelu.h"
#include "adopter/kernels/LinearAct.h"
#include "adopter/kernels/PackedLinear.h"
#include "adopter/kernels/SwiGLU.h"

#include <cmath>
#include <limits>
#include <sstream>
#include <string>
#include <type_traits>

using adopter::test::checkClose;

namespace {

template <typename Fn> std::string errorOf(Fn F) {
  try {
    F();
  } catch (const c10::Error &E) {
    return E.what_without_backtrace();
  }
  return "";
}

template <typename Fused>
void checkLoadsLinear(Fused M, bool Bias,
                      std::function<torch::Tensor(torch::Tensor)> Act) {
  torch::nn::Linear Ref(torch::nn::LinearOptions(13, 21).bias(Bias));
  std::stringstream Checkpoint;
  torch::save(Ref, Checkpoint);
  std::vector<std::string> Keys = {"weight"};
  if (Bias)
    Keys.push_back("bias");
  CHECK(M->named_parameters().keys() == Keys);
  CHECK(M->weight.sizes() == Ref->weight.sizes());
  torch::load(M, Checkpoint);
  CHECK(torch::equal(M->weight, Ref->weight));
  if (Bias)
    CHECK(torch::equal(M->bias, Ref->bias));
  auto X = torch::randn({2, 3, 13});
  checkClose("module output", M(X), Act(Ref(X)), 1e-5, 1e-5);
  // A torch::nn::Linear to code that asks (a weight-init loop's
  // `as<torch::nn::Linear>()`); a clone is the fused module again, with
  // parameters of its own.
  using Impl = typename Fused::ContainedType;
  static_assert(std::is_base_of_v<torch::nn::LinearImpl, Impl>);
  torch::nn::LinearImpl *AsLinear = M->template as<torch::nn::Linear>();
  CHECK(AsLinear == static_cast<torch::nn::LinearImpl *>(M.get()));
  auto Clone = std::dynamic_pointer_cast<Impl>(M->clone());
  REQUIRE(Clone != nullptr);
  CHECK(Clone->weight.data_ptr() != M->weight.data_ptr());
  CHECK(torch::equal(Clone->weight, M->weight));
  checkClose("clone output", Clone->forward(X), M(X), 0, 0);
  // Linear's initialization: |w| <= 1 / sqrt(in_features).
  M->reset_parameters();
  CHECK(M->weight.abs().max().template item<double>() <=
        1 / std::sqrt(13.0) + 1e-6);
  CHECK(M->weight.abs().max().template item<double>() > 0.1);
}

} // namespace

TEST_CASE("fused linear modules load torch::nn::Linear checkpoints",
          "[linact]") {
  torch::manual_seed(21);
  for (bool Bias : {true, false}) {
    INFO("bias " << Bias);
    checkLoadsLinear(adopter::nn::FusedLinearGELU(
                         torch::nn::LinearOptions(13, 21).bias(Bias)),
                     Bias, [](torch::Tensor H) { return torch::gelu(H); });
    checkLoadsLinear(adopter::nn::FusedLinearGELU(
                         torch::nn::LinearOptions(13, 21).bias(Bias), "tanh"),
                     Bias,
                     [](torch::Tensor H) { return torch::gelu(H, "tanh"); });
    checkLoadsLinear(adopter::nn::FusedLinearReLU(
                         torch::nn::LinearOptions(13, 21).bias(Bias)),
                     Bias, [](torch::Tensor H) { return torch::relu(H); });
    checkLoadsLinear(adopter::nn::FusedLinearSiLU(
                         torch::nn::LinearOptions(13, 21).bias(Bias)),
                     Bias, [](torch::Tensor H) { return torch::silu(H); });
  }
  // train() / eval() change nothing in these modules, but must work, and
  // gradients reach the parameters.
  adopter::nn::FusedLinearSiLU M(8, 4);
  M->eval();
  CHECK_FALSE(M->is_training());
  M->train();
  M(torch::randn({3, 8})).sum().backward();
  CHECK(M->weight.grad().defined());
  CHECK(M->bias.grad().defined());
  CHECK(errorOf([] {
          adopter::nn::FusedLinearGELU(torch::nn::LinearOptions(2, 2), "erf");
        }).find("\"none\" or \"tanh\"") != std::string::npos);
}

TEST_CASE("FusedSwiGLU has gate and up Linear submodules", "[linact]") {
  torch::manual_seed(22);
  for (bool Bias : {false, true}) {
    adopter::nn::FusedSwiGLU M(torch::nn::LinearOptions(16, 24).bias(Bias));
    std::vector<std::string> Keys = {"gate.weight"};
    if (Bias)
      Keys.push_back("gate.bias");
    Keys.push_back("up.weight");
    if (Bias)
      Keys.push_back("up.bias");
    CHECK(M->named_parameters().keys() == Keys);
    auto X = torch::randn({3, 16});
    checkClose("FusedSwiGLU output", M(X), torch::silu(M->gate(X)) * M->up(X),
               1e-5, 1e-5);
    // Round trip through a checkpoint.
    std::stringstream Checkpoint;
    torch::save(M, Checkpoint);
    adopter::nn::FusedSwiGLU M2(torch::nn::LinearOptions(16, 24).bias(Bias));
    torch::load(M2, Checkpoint);
    CHECK(torch::equal(M2(X), M(X)));
  }
}

TEST_CASE("fused linears reject bad input with a clear error", "[linact]") {
  using namespace adopter::ops;
  auto X = torch::randn({4, 8});
  auto W = torch::randn({6, 8}), B = torch::randn({6});
  CHECK(errorOf([&] {
          linear_gelu(X, torch::randn({6, 7}), B);
        }).find("expected weight of shape [out_features, 8]") !=
        std::string::npos);
  CHECK(errorOf([&] {
          linear_relu(X, W, torch::randn({5}));
        }).find("expected bias of shape [6]") != std::string::npos);
  CHECK(errorOf([&] {
          linear_silu(X.to(torch::kDouble), W, B);
        }).find("float32 or bfloat16") != std::string::npos);
  CHECK(errorOf([&] {
          linear_silu(X, W.to(torch::kBFloat16), B);
        }).find("expected weight of dtype Float") != std::string::npos);
  CHECK(errorOf([&] {
          linear_gelu(X, W, B, "exact");
        }).find("\"none\" or \"tanh\"") != std::string::npos);
  CHECK(errorOf([&] { linear_gelu(torch::randn({}), W, B); }).find("0-dim") !=
        std::string::npos);
  CHECK(errorOf([&] {
          adopter::ops::gelu(X.to(torch::kHalf));
        }).find("float32 or bfloat16") != std::string::npos);
  CHECK(errorOf([&] {
          swiglu(X, W, {}, torch::randn({5, 8}), {});
        }).find("expected up weight of the gate weight's shape") !=
        std::string::npos);
  CHECK(errorOf([&] {
          swiglu_packed(X, torch::randn({7, 8}), {});
        }).find("[2 * hidden, 8]") != std::string::npos);
  CHECK(errorOf([&] {
          packed_linear3(X, W, B, W, B, W, torch::randn({2}));
        }).find("expected v bias of shape [6]") != std::string::npos);
  CHECK(errorOf([&] {
          linear_gelu(torch::Tensor(), W, B);
        }).find("undefined") != std::string::npos);
}

namespace {

/// Values spanning the float range: 0, +-tiny, +-denormal, around every
/// power of two, +-huge, +-inf, NaN.
torch::Tensor rangeValues() {
  std::vector<float> V = {0.f,
                          -0.f,
                          std::numeric_limits<float>::denorm_min(),
                          -std::numeric_limits<float>::denorm_min(),
                          std::numeric_limits<float>::min(),
                          -std::numeric_limits<float>::min(),
                          std::numeric_limits<float>::max(),
                          -std::numeric_limits<float>::max(),
                          std::numeric_limits<float>::infinity(),
                          -std::numeric_limits<float>::infinity(),
                          std::numeric_limits<float>::quiet_NaN()};
  for (int E = -40; E <= 40; ++E)
    for (float M : {1.f, 1.37f, 1.9f})
      for (float S : {1.f, -1.f})
        V.push_back(S * std::ldexp(M, E));
  // Dense around the interesting region (tanh / erf / exp regimes).
  for (float X = -120.f; X <= 120.f; X += 0.173f)
    V.push_back(X);
  return torch::tensor(V);
}

/// |Fused - Ref64| must not exceed max(2e-6 |Ref64|, 4 |Torch32 - Ref64|) +
/// 1e-37: as accurate as LibTorch's own float32 op where it is exact to 2e-6
/// in relative terms, no worse than 4x its error where the formula itself
/// cancels (e.g. 1 + erf(x) for x << 0). Fused may be NaN only where
/// Torch32 is; where Ref64 is NaN too it must be. Where Torch32 alone is NaN
/// (its x^3 overflowing in float), Fused is either NaN or held to 2e-6.
void checkRange(const std::string &What, const torch::Tensor &Fused,
                const torch::Tensor &Torch32, const torch::Tensor &Ref64) {
  INFO(What);
  auto F = Fused.to(torch::kDouble), T = Torch32.to(torch::kDouble);
  auto FN = torch::isnan(F), TN = torch::isnan(T), RN = torch::isnan(Ref64);
  auto Mismatch = torch::nonzero((FN & ~TN) | (RN & ~FN));
  if (Mismatch.size(0) > 0) {
    int64_t I = Mismatch[0][0].item<int64_t>();
    INFO("NaN mismatch at element " << I << ": fused " << F[I].item<double>()
                                    << " torch " << T[I].item<double>()
                                    << " ref " << Ref64[I].item<double>());
    CHECK(Mismatch.size(0) == 0);
  }
  // Where Torch32 is NaN and Ref64 is not, LibTorch's error grants nothing.
  T = torch::where(TN & ~RN, Ref64, T);
  auto Ok = ~(FN | RN);
  auto R = Ref64.masked_select(Ok), FF = F.masked_select(Ok),
       TT = T.masked_select(Ok);
  // Infinities must agree exactly.
  auto Inf = torch::isinf(R) | torch::isinf(FF);
  CHECK(torch::equal(FF.masked_select(Inf), R.masked_select(Inf)));
  auto Fin = ~Inf;
  R = R.masked_select(Fin), FF = FF.masked_select(Fin),
  TT = TT.masked_select(Fin);
  auto Err = (FF - R).abs();
  auto Allowed = torch::maximum(2e-6 * R.abs(), 4 * (TT - R).abs()) + 1e-37;
  auto Excess = Err - Allowed;
  int64_t Worst = Excess.argmax().item<int64_t>();
  INFO("worst at ref " << R[Worst].item<double>() << ": fused "
                       << FF[Worst].item<double>() << " torch32 "
                       << TT[Worst].item<double>());
  INFO("max relative error (|ref| > 1e-30): "
       << (Err / R.abs()).masked_select(R.abs() > 1e-30).max().item<double>());
  CHECK(Excess.max().item<double>() <= 0.0);
}

} // namespace

TEST_CASE("activations are accurate over the whole float range",
          "[linact][range]") {
  // act(0 * w + bias) puts each value through the fused epilogue exactly;
  // the bias gradient of one row is dy * act'(value).
  auto V = rangeValues();
  const int64_t N = V.size(0);
  auto Zero = torch::zeros({1, 1});
  auto W = torch::zeros({N, 1});
  auto B = V.clone().requires_grad_(true);
  auto V64 = V.to(torch::kDouble).requires_grad_(true);
  auto V32 = V.clone().requires_grad_(true);
  using AF = std::function<torch::Tensor(const torch::Tensor &)>;
  struct Item {
    std::string Name;
    std::function<torch::Tensor()> Fused;
    AF Torch;
    /// The float64 reference, where LibTorch's formula cancels even in
    /// float64 (1 + erf(x), 1 + tanh(u) for x << 0 are exactly 0 there).
    AF Exact = nullptr;
  };
  // gelu(x) = x Phi(x) = x erfc(-x / sqrt 2) / 2, and gelu_tanh(x) =
  // x sigmoid(2u): the same functions without the cancellation.
  AF GeluExact = [](const torch::Tensor &X) {
    return X * 0.5 * torch::erfc(X * -M_SQRT1_2);
  };
  AF GeluTanhExact = [](const torch::Tensor &X) {
    return X *
           torch::sigmoid(2 * std::sqrt(2 / M_PI) * (X + 0.044715 * X * X * X));
  };
  using namespace adopter::ops;
  std::vector<Item> Items = {
      {"linear_gelu none", [&] { return linear_gelu(Zero, W, B, "none")[0]; },
       [](const torch::Tensor &X) { return torch::gelu(X, "none"); },
       GeluExact},
      {"linear_gelu tanh", [&] { return linear_gelu(Zero, W, B, "tanh")[0]; },
       [](const torch::Tensor &X) { return torch::gelu(X, "tanh"); },
       GeluTanhExact},
      {"linear_silu", [&] { return linear_silu(Zero, W, B)[0]; },
       [](const torch::Tensor &X) { return torch::silu(X); }},
      {"linear_relu", [&] { return linear_relu(Zero, W, B)[0]; },
       [](const torch::Tensor &X) { return torch::relu(X); }},
      {"gelu none", [&] { return adopter::ops::gelu(B, "none"); },
       [](const torch::Tensor &X) { return torch::gelu(X, "none"); },
       GeluExact},
      {"gelu tanh", [&] { return adopter::ops::gelu(B, "tanh"); },
       [](const torch::Tensor &X) { return torch::gelu(X, "tanh"); },
       GeluTanhExact},
      {"swiglu_packed (gate)",
       [&] {
         auto Ones = torch::ones({N});
         return swiglu_packed(Zero, torch::zeros({2 * N, 1}),
                              torch::cat({B, Ones}))[0];
       },
       [](const torch::Tensor &X) { return torch::silu(X); }},
  };
  for (const Item &It : Items) {
    auto Y = It.Fused();
    auto Y64 = (It.Exact ? It.Exact : It.Torch)(V64), Y32 = It.Torch(V32);
    checkRange(It.Name + " forward", Y, Y32, Y64);
    auto G = torch::ones({N});
    auto DB = torch::autograd::grad({Y}, {B}, {G})[0];
    auto D64 = torch::autograd::grad({Y64}, {V64}, {G.to(torch::kDouble)})[0];
    auto D32 = torch::autograd::grad({Y32}, {V32}, {G})[0];
    checkRange(It.Name + " backward", DB, D32, D64);
  }
}
