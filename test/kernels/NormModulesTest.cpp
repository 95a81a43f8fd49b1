//===- NormModulesTest.cpp - Fused norm modules and input checks ----------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// The fused modules must have the parameter names and shapes of the modules
// they replace, so a checkpoint saved from torch::nn::LayerNorm loads into
// them; bad inputs must fail with a TORCH_CHECK naming the expected shape.
//
//===----------------------------------------------------------------------===//

#include "NormTestUtil.h"

#include "adopter/kernels/FusedAddLayerNorm.h"
#include "adopter/kernels/FusedAddRMSNorm.h"
#include "adopter/kernels/FusedLayerNorm.h"
#include "adopter/kernels/FusedRMSNorm.h"
#include "adopter/kernels/Norms.h"

#include <sstream>
#include <string>

using adopter::test::checkClose;

namespace {

std::vector<std::string> keysOf(const torch::nn::Module &M) {
  return M.named_parameters().keys();
}

void checkSameParameters(const torch::nn::Module &A,
                         const torch::nn::Module &B) {
  auto PA = A.named_parameters(), PB = B.named_parameters();
  REQUIRE(PA.keys() == PB.keys());
  for (const auto &Item : PA) {
    INFO("parameter " << Item.key());
    CHECK(Item.value().sizes() == PB[Item.key()].sizes());
    CHECK(torch::equal(Item.value(), PB[Item.key()]));
  }
}

/// Message of the c10::Error F throws ("" if none).
template <typename Fn> std::string errorOf(Fn F) {
  try {
    F();
  } catch (const c10::Error &E) {
    return E.what_without_backtrace();
  }
  return "";
}

} // namespace

TEST_CASE("FusedLayerNorm loads a torch::nn::LayerNorm checkpoint",
          "[modules]") {
  torch::manual_seed(3);
  for (std::vector<int64_t> Shape :
       {std::vector<int64_t>{768}, std::vector<int64_t>{4, 8}}) {
    torch::nn::LayerNorm Ref(torch::nn::LayerNormOptions(Shape).eps(1e-6));
    {
      torch::NoGradGuard NoGrad;
      Ref->weight.uniform_(0.5, 1.5);
      Ref->bias.uniform_(-0.5, 0.5);
    }
    std::stringstream Checkpoint;
    torch::save(Ref, Checkpoint);

    adopter::nn::FusedLayerNorm Fused(
        torch::nn::LayerNormOptions(Shape).eps(1e-6));
    CHECK((keysOf(*Fused) == std::vector<std::string>{"weight", "bias"}));
    torch::load(Fused, Checkpoint);
    checkSameParameters(*Ref, *Fused);

    std::vector<int64_t> XShape{2, 3};
    XShape.insert(XShape.end(), Shape.begin(), Shape.end());
    auto X = torch::randn(XShape);
    checkClose("FusedLayerNorm output", Fused(X), Ref(X), 1e-5, 1e-5);

    // The add variant takes the same checkpoint.
    Checkpoint.clear();
    Checkpoint.seekg(0);
    adopter::nn::FusedAddLayerNorm FusedAdd(
        torch::nn::LayerNormOptions(Shape).eps(1e-6));
    torch::load(FusedAdd, Checkpoint);
    checkSameParameters(*Ref, *FusedAdd);
    auto R = torch::randn(XShape);
    auto [S, Y] = FusedAdd(X, R);
    checkClose("FusedAddLayerNorm sum", S, X + R, 0.0, 0.0);
    checkClose("FusedAddLayerNorm output", Y, Ref(X + R), 1e-5, 1e-5);
  }
}

TEST_CASE("FusedLayerNorm honours elementwise_affine", "[modules]") {
  auto Opts = torch::nn::LayerNormOptions({16}).elementwise_affine(false);
  torch::nn::LayerNorm Ref(Opts);
  adopter::nn::FusedLayerNorm Fused(Opts);
  CHECK(keysOf(*Fused) == keysOf(*Ref));
  CHECK(keysOf(*Fused).empty());
  auto X = torch::randn({5, 16});
  checkClose("no-affine output", Fused(X), Ref(X), 1e-5, 1e-5);
}

TEST_CASE("FusedRMSNorm has one weight of ones", "[modules]") {
  adopter::nn::FusedRMSNorm Norm(4096);
  REQUIRE(keysOf(*Norm) == std::vector<std::string>{"weight"});
  CHECK(Norm->weight.sizes() == torch::IntArrayRef{4096});
  CHECK(torch::equal(Norm->weight, torch::ones({4096})));
  adopter::nn::FusedAddRMSNorm AddNorm(4096, 1e-5);
  REQUIRE(keysOf(*AddNorm) == std::vector<std::string>{"weight"});
  CHECK(torch::equal(AddNorm->weight, torch::ones({4096})));

  // A checkpoint of one loads into the other, and outputs agree.
  {
    torch::NoGradGuard NoGrad;
    Norm->weight.uniform_(0.5, 1.5);
  }
  std::stringstream Checkpoint;
  torch::save(Norm, Checkpoint);
  torch::load(AddNorm, Checkpoint);
  checkSameParameters(*Norm, *AddNorm);
  adopter::nn::FusedRMSNorm Norm5(4096, 1e-5);
  Checkpoint.clear();
  Checkpoint.seekg(0);
  torch::load(Norm5, Checkpoint);
  auto X = torch::randn({2, 3, 4096}), R = torch::randn({2, 3, 4096});
  auto [S, Y] = AddNorm(X, R);
  checkClose("FusedAddRMSNorm sum", S, X + R, 0.0, 0.0);
  checkClose("FusedAddRMSNorm output", Y, Norm5(X + R), 1e-6, 1e-6);
}

TEST_CASE("fused add-norms broadcast the residual as x + r does", "[modules]") {
  // Token embeddings [B, T, H] plus position embeddings [1, T, H], either
  // way round; the gradients are summed back to each operand's shape.
  torch::manual_seed(5);
  torch::nn::LayerNorm Norm(torch::nn::LayerNormOptions({16}));
  adopter::nn::FusedAddLayerNorm AddNorm(torch::nn::LayerNormOptions({16}));
  std::stringstream Checkpoint;
  torch::save(Norm, Checkpoint);
  torch::load(AddNorm, Checkpoint);
  for (bool Swap : {false, true}) {
    INFO("residual first: " << Swap);
    auto X = torch::randn({4, 3, 16}, torch::requires_grad());
    auto P = torch::randn({1, 3, 16}, torch::requires_grad());
    auto XR = X.detach().clone().requires_grad_(true);
    auto PR = P.detach().clone().requires_grad_(true);
    auto [S, Y] = Swap ? AddNorm(P, X) : AddNorm(X, P);
    auto Ref = Norm(XR + PR);
    REQUIRE(Y.sizes() == Ref.sizes());
    checkClose("broadcast sum", S, XR + PR, 0.0, 0.0);
    checkClose("broadcast norm", Y, Ref, 1e-6, 1e-6);
    auto G = torch::randn_like(Ref);
    (Y * G).sum().backward();
    (Ref * G).sum().backward();
    REQUIRE(P.grad().sizes() == P.sizes());
    checkClose("input gradient", X.grad(), XR.grad(), 1e-5, 1e-5);
    checkClose("broadcast operand's gradient", P.grad(), PR.grad(), 1e-5, 1e-5);
  }
  auto X = torch::randn({2, 3, 8}), P = torch::randn({1, 3, 8});
  auto [S, Y] = adopter::ops::add_rms_norm(X, P, torch::ones({8}));
  checkClose("add_rms_norm broadcast sum", S, X + P, 0.0, 0.0);
}

TEST_CASE("bad inputs fail with the expected shape in the message",
          "[checks]") {
  auto X = torch::randn({2, 768});
  std::string Msg = errorOf([&] {
    adopter::ops::layer_norm(X, torch::ones({767}), torch::Tensor());
  });
  INFO(Msg);
  CHECK(Msg.find("weight of shape [768]") != std::string::npos);

  Msg = errorOf([&] { adopter::ops::rms_norm(X, torch::ones({2, 767})); });
  CHECK(Msg.find("[768]") != std::string::npos);

  Msg = errorOf([&] {
    adopter::ops::add_layer_norm(X, torch::randn({2, 767}), torch::Tensor(),
                                 torch::Tensor());
  });
  CHECK(Msg.find("residual") != std::string::npos);
  Msg = errorOf([&] {
    adopter::ops::add_layer_norm(X, torch::randn({3, 768}), torch::Tensor(),
                                 torch::Tensor());
  });
  INFO(Msg);
  CHECK(Msg.find("broadcasts with the input's shape [2, 768], got [3, 768]") !=
        std::string::npos);

  Msg = errorOf(
      [&] { adopter::ops::rms_norm(X, torch::ones({768}, torch::kInt)); });
  CHECK(Msg.find("dtype") != std::string::npos);

  Msg = errorOf([&] {
    adopter::ops::rms_norm(X.to(torch::kDouble),
                           torch::ones({768}, torch::kDouble));
  });
  CHECK(Msg.find("float32 or bfloat16") != std::string::npos);

  adopter::nn::FusedLayerNorm Norm(torch::nn::LayerNormOptions({4, 8}));
  Msg = errorOf([&] { Norm(torch::randn({2, 8, 4})); });
  CHECK(Msg.find("[*, [4, 8]]") != std::string::npos);
}

TEST_CASE("a weight the fused norm does not take runs the norm as written",
          "[checks]") {
  // A member of shape [1, 1, C], or a float32 weight on bfloat16
  // activations: the written-out norm broadcasts or promotes, and so does
  // the rewritten call.
  torch::manual_seed(7);
  auto X = torch::randn({2, 3, 8}, torch::requires_grad());
  auto W = (torch::rand({1, 1, 8}) + 0.5).requires_grad_(true);
  auto B = torch::randn({1, 1, 8}, torch::requires_grad());
  auto Rms = adopter::ops::rms_norm(X, W, 1e-5);
  auto RmsRef = X * torch::rsqrt(X.pow(2).mean(-1, true) + 1e-5) * W;
  checkClose("rms_norm [1, 1, C]", Rms, RmsRef, 1e-6, 1e-6);
  auto G = torch::randn_like(Rms);
  checkClose("rms_norm weight gradient",
             torch::autograd::grad({Rms}, {W}, {G})[0],
             torch::autograd::grad({RmsRef}, {W}, {G})[0], 1e-5, 1e-5);
  auto Ln = adopter::ops::layer_norm(X, W, B, 1e-5);
  auto LnRef = torch::layer_norm(X, {8}, {}, {}, 1e-5) * W + B;
  checkClose("layer_norm [1, 1, C]", Ln, LnRef, 1e-5, 1e-5);
  auto Xb = X.detach().to(torch::kBFloat16);
  auto Wf = torch::rand({8}) + 0.5;
  auto Mixed = adopter::ops::rms_norm(Xb, Wf, 1e-5);
  CHECK(Mixed.scalar_type() == torch::kFloat);
  checkClose("rms_norm bf16 x, float weight", Mixed,
             Xb * torch::rsqrt(Xb.pow(2).mean(-1, true) + 1e-5) * Wf, 1e-6,
             1e-6);
}

TEST_CASE("add_layer_norm takes a functional layer_norm's options or "
          "arguments",
          "[modules]") {
  // add-layernorm's `otherwise:` writes F::layer_norm(a + b, options) as
  // add_layer_norm(a, b, options): any normalized_shape, weight, bias, eps.
  namespace F = torch::nn::functional;
  torch::manual_seed(9);
  auto W = torch::rand({4, 4}) + 0.5, B = torch::randn({4, 4});
  for (const F::LayerNormFuncOptions &O :
       {F::LayerNormFuncOptions({16}), F::LayerNormFuncOptions({4, 4}),
        F::LayerNormFuncOptions({4, 4}).weight(W).bias(B).eps(1e-2)}) {
    INFO("normalized over " << O.normalized_shape().size() << " dims");
    const int64_t Last = O.normalized_shape().size() == 1 ? 16 : 4;
    auto Shape = Last == 16 ? std::vector<int64_t>{3, 16}
                            : std::vector<int64_t>{3, 4, 4};
    auto X = torch::randn(Shape, torch::requires_grad());
    auto R = torch::randn(Shape, torch::requires_grad());
    auto XR = X.detach().clone().requires_grad_(true);
    auto RR = R.detach().clone().requires_grad_(true);
    auto [S, Y] = adopter::ops::add_layer_norm(X, R, O);
    auto Ref = F::layer_norm(XR + RR, O);
    checkClose("sum", S, XR + RR, 0.0, 0.0);
    checkClose("norm", Y, Ref, 1e-5, 1e-5);
    auto G = torch::randn_like(Ref);
    (Y * G).sum().backward();
    (Ref * G).sum().backward();
    checkClose("input gradient", X.grad(), XR.grad(), 1e-5, 1e-5);
  }
  // torch::layer_norm's arguments.
  auto X = torch::randn({2, 16}), R = torch::randn({2, 16});
  auto Bias = torch::randn({16});
  auto [S, Y] = adopter::ops::add_layer_norm(X, R, {16}, {}, Bias, 1e-3);
  checkClose("torch::layer_norm's form", Y,
             torch::layer_norm(X + R, {16}, {}, Bias, 1e-3), 1e-5, 1e-5);
}
