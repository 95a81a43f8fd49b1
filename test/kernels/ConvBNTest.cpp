//===- ConvBNTest.cpp - Tests of conv_bn and linear_bn -------------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// conv_bn / linear_bn against the unfused chain act(bn(layer(x))) run on
// float64 clones of the same modules: outputs, gradients of the input and
// of every parameter, running statistics after training steps, in train and
// eval mode; the folded-weight cache; bfloat16; bad input.
//
//===----------------------------------------------------------------------===//

#include "NormTestUtil.h"

#include "adopter/kernels/ConvBN.h"
#include "adopter/kernels/LinearBN.h"

#include <functional>
#include <vector>

using adopter::ops::Activation;
using adopter::test::checkClose;
using adopter::test::checkCloseOrAsLow;

namespace {

torch::Tensor applyAct(const torch::Tensor &Y, const Activation &A) {
  switch (A.kind) {
  case Activation::ReLU:
    return torch::relu(Y);
  case Activation::ReLU6:
    return torch::hardtanh(Y, 0.0, 6.0);
  case Activation::SiLU:
    return torch::silu(Y);
  case Activation::LeakyReLU:
    return torch::leaky_relu(Y, A.a);
  case Activation::Hardtanh:
    return torch::hardtanh(Y, A.a, A.b);
  default:
    return Y;
  }
}

/// Random affine parameters and running statistics for a BatchNorm.
template <typename BN> void randomizeBN(BN &B) {
  torch::NoGradGuard NoGrad;
  if (B->weight.defined()) {
    B->weight.uniform_(0.5, 3.0);
    B->bias.uniform_(-1.0, 1.0);
  }
  if (B->running_mean.defined()) {
    B->running_mean.normal_(0.0, 0.5);
    B->running_var.uniform_(0.5, 2.0);
  }
}

template <typename Holder> Holder cloneAs(const Holder &H, torch::Dtype T) {
  using Impl = typename Holder::ContainedType;
  Holder C(std::dynamic_pointer_cast<Impl>(H->clone()));
  C->to(T);
  return C;
}

std::vector<torch::Tensor> trainable(const torch::nn::Module &A,
                                     const torch::nn::Module &B) {
  std::vector<torch::Tensor> P;
  for (const auto &T : A.parameters())
    if (T.defined() && T.requires_grad())
      P.push_back(T);
  for (const auto &T : B.parameters())
    if (T.defined() && T.requires_grad())
      P.push_back(T);
  return P;
}

/// Compares Fused(x) = conv_bn / linear_bn with the float64 chain, in the
/// current train/eval mode of the modules, for `Steps` calls (each one
/// updates running statistics in training); checks the gradients of x and
/// of every parameter on the last call.
template <typename Layer, typename BN>
void compareChain(
    Layer &L, BN &B, const torch::Tensor &X, Activation Act,
    const std::function<torch::Tensor(const torch::Tensor &)> &Fused,
    int Steps = 1, double Tol = 2e-4) {
  Layer LD = cloneAs(L, torch::kDouble);
  BN BD = cloneAs(B, torch::kDouble);
  LD->train(L->is_training());
  BD->train(B->is_training());
  // In bfloat16, LibTorch's own chain in bfloat16 too: the fused result may
  // be off the double reference by twice as much as it is (its rounding
  // depends on the CPU: oneDNN's native bfloat16 convolution on AVX512-BF16
  // parts sums a bias gradient differently).
  const bool Low = X.scalar_type() == torch::kBFloat16;
  Layer LL = Low ? cloneAs(L, torch::kBFloat16) : Layer(nullptr);
  BN BL = Low ? cloneAs(B, torch::kBFloat16) : BN(nullptr);
  if (Low) {
    LL->train(L->is_training());
    BL->train(B->is_training());
  }
  for (int Step = 0; Step < Steps; ++Step) {
    torch::Tensor XF = X.detach().clone().requires_grad_(true);
    torch::Tensor XD = X.detach().to(torch::kDouble).requires_grad_(true);
    torch::Tensor Y = Fused(XF);
    torch::Tensor YD = applyAct(BD->forward(LD->forward(XD)), Act);
    const double Scale = 1.0 + YD.abs().max().item<double>();
    checkClose("output", Y, YD, Tol, Tol * Scale);
    if (Step + 1 < Steps)
      continue;
    torch::Tensor DY = torch::randn_like(YD);
    std::vector<torch::Tensor> In = trainable(*L, *B),
                               InD = trainable(*LD, *BD);
    In.insert(In.begin(), XF);
    InD.insert(InD.begin(), XD);
    auto G = torch::autograd::grad({Y}, In, {DY.to(Y.scalar_type())});
    auto GD = torch::autograd::grad({YD}, InD, {DY});
    REQUIRE(G.size() == GD.size());
    std::vector<torch::Tensor> GL;
    if (Low) {
      torch::Tensor XL = X.detach().clone().requires_grad_(true);
      std::vector<torch::Tensor> InL = trainable(*LL, *BL);
      InL.insert(InL.begin(), XL);
      GL = torch::autograd::grad({applyAct(BL->forward(LL->forward(XL)), Act)},
                                 InL, {DY.to(torch::kBFloat16)});
      REQUIRE(GL.size() == GD.size());
    }
    for (size_t I = 0; I < G.size(); ++I) {
      const double S = 1.0 + GD[I].abs().max().item<double>();
      const std::string What = "grad " + std::to_string(I);
      if (Low)
        checkCloseOrAsLow(What, G[I], GD[I], GL[I], std::max(1e-3, Tol),
                          Tol * S);
      else
        checkClose(What, G[I], GD[I], std::max(1e-3, Tol), Tol * S);
    }
  }
  if (B->running_mean.defined()) {
    checkClose("running_mean", B->running_mean, BD->running_mean,
               std::max(1e-5, Tol), Tol > 1e-3 ? Tol : 1e-6);
    checkClose("running_var", B->running_var, BD->running_var,
               std::max(1e-5, Tol), Tol > 1e-3 ? Tol : 1e-6);
    CHECK(B->num_batches_tracked.template item<int64_t>() ==
          BD->num_batches_tracked.template item<int64_t>());
  }
}

template <typename Conv, typename BN>
void checkConvBN(Conv &C, BN &B, const torch::Tensor &X, Activation Act) {
  randomizeBN(B);
  auto Fused = [&](const torch::Tensor &In) {
    return adopter::ops::conv_bn(In, C, B, Act);
  };
  SECTION("train") {
    C->train();
    B->train();
    compareChain(C, B, X, Act, Fused, /*Steps=*/3);
  }
  SECTION("eval") {
    C->eval();
    B->eval();
    compareChain(C, B, X, Act, Fused);
  }
}

} // namespace

TEST_CASE("conv_bn Conv2d matches the chain", "[convbn]") {
  const int Threads = GENERATE(1, 4);
  at::set_num_threads(Threads);
  torch::manual_seed(1);
  torch::nn::Conv2d C(
      torch::nn::Conv2dOptions(3, 5, 3).stride(2).padding(1).bias(false));
  torch::nn::BatchNorm2d B(5);
  checkConvBN(C, B, torch::randn({2, 3, 9, 11}), Activation::relu());
}

TEST_CASE("conv_bn Conv2d batch 1, reflect padding, hardtanh", "[convbn]") {
  torch::manual_seed(2);
  torch::nn::Conv2d C(
      torch::nn::Conv2dOptions(4, 17, 3).padding(1).padding_mode(
          torch::kReflect));
  torch::nn::BatchNorm2d B(17);
  checkConvBN(C, B, torch::randn({1, 4, 7, 5}),
              Activation::hardtanh(-0.5, 0.5));
}

TEST_CASE("conv_bn Conv1d with SiLU and cumulative momentum", "[convbn]") {
  torch::manual_seed(3);
  torch::nn::Conv1d C(torch::nn::Conv1dOptions(4, 7, 3));
  torch::nn::BatchNorm1d B(
      torch::nn::BatchNorm1dOptions(7).momentum(c10::nullopt));
  checkConvBN(C, B, torch::randn({3, 4, 23}), Activation::silu());
}

TEST_CASE("conv_bn Conv3d, BatchNorm without affine, leaky_relu", "[convbn]") {
  torch::manual_seed(4);
  torch::nn::Conv3d C(torch::nn::Conv3dOptions(2, 3, 3).padding(1));
  torch::nn::BatchNorm3d B(torch::nn::BatchNorm3dOptions(3).affine(false));
  checkConvBN(C, B, torch::randn({2, 2, 5, 4, 3}), Activation::leaky_relu(0.2));
}

TEST_CASE("conv_bn ConvTranspose2d with groups and stride, relu6", "[convbn]") {
  torch::manual_seed(5);
  torch::nn::ConvTranspose2d C(torch::nn::ConvTranspose2dOptions(4, 6, 3)
                                   .stride(2)
                                   .groups(2)
                                   .output_padding(1));
  torch::nn::BatchNorm2d B(6);
  {
    torch::NoGradGuard NoGrad;
    C->weight.mul_(8.0); // reach both of relu6's bounds
  }
  checkConvBN(C, B, torch::randn({2, 4, 5, 6}), Activation::relu6());
}

TEST_CASE("conv_bn ConvTranspose1d without bias, no activation", "[convbn]") {
  torch::manual_seed(6);
  torch::nn::ConvTranspose1d C(
      torch::nn::ConvTranspose1dOptions(3, 9, 4).stride(3).bias(false));
  torch::nn::BatchNorm1d B(9);
  checkConvBN(C, B, torch::randn({2, 3, 6}), Activation::none());
}

TEST_CASE("conv_bn BatchNorm without running stats in eval", "[convbn]") {
  torch::manual_seed(7);
  torch::nn::Conv2d C(torch::nn::Conv2dOptions(3, 4, 1));
  torch::nn::BatchNorm2d B(
      torch::nn::BatchNorm2dOptions(4).track_running_stats(false));
  C->eval();
  B->eval();
  randomizeBN(B);
  compareChain(C, B, torch::randn({2, 3, 6, 6}), Activation::relu(),
               [&](const torch::Tensor &In) {
                 return adopter::ops::conv_bn(In, C, B, Activation::relu());
               });
}

TEST_CASE("conv_bn non-contiguous input", "[convbn]") {
  torch::manual_seed(8);
  torch::nn::Conv2d C(torch::nn::Conv2dOptions(3, 8, 3));
  torch::nn::BatchNorm2d B(8);
  torch::Tensor X = torch::randn({2, 9, 3, 8}).permute({0, 2, 1, 3});
  REQUIRE_FALSE(X.is_contiguous());
  checkConvBN(C, B, X, Activation::relu());
}

TEST_CASE("conv_bn eval caches the folded weight until a change", "[convbn]") {
  torch::manual_seed(9);
  torch::nn::Conv2d C(torch::nn::Conv2dOptions(3, 5, 3).padding(1));
  torch::nn::BatchNorm2d B(5);
  randomizeBN(B);
  C->eval();
  B->eval();
  torch::NoGradGuard NoGrad;
  torch::Tensor X = torch::randn({2, 3, 8, 8});
  auto Chain = [&] { return torch::relu(B(C(X))); };
  const auto S0 = adopter::ops::fold_cache_stats();
  torch::Tensor Y1 = adopter::ops::conv_bn(X, C, B, Activation::relu());
  torch::Tensor Y2 = adopter::ops::conv_bn(X, C, B, Activation::relu());
  const auto S1 = adopter::ops::fold_cache_stats();
  CHECK(S1.Misses == S0.Misses + 1);
  CHECK(S1.Hits == S0.Hits + 1);
  CHECK(torch::equal(Y1, Y2));
  checkClose("cached", Y2, Chain(), 1e-4, 1e-4);
  // Each kind of update invalidates the cached weight.
  std::vector<torch::Tensor> Changes = {
      C->weight, C->bias, B->weight, B->bias, B->running_mean, B->running_var};
  for (torch::Tensor &T : Changes) {
    T.add_(0.25);
    torch::Tensor Y = adopter::ops::conv_bn(X, C, B, Activation::relu());
    checkClose("after update", Y, Chain(), 1e-4, 1e-4);
  }
  CHECK(adopter::ops::fold_cache_stats().Misses == S1.Misses + 6);
  // Loading a checkpoint (copy_ into the parameters) invalidates it too.
  torch::nn::Conv2d Other(torch::nn::Conv2dOptions(3, 5, 3).padding(1));
  std::stringstream SS;
  torch::save(Other, SS);
  torch::load(C, SS);
  checkClose("after load", adopter::ops::conv_bn(X, C, B, Activation::relu()),
             Chain(), 1e-4, 1e-4);
}

TEST_CASE("linear_bn matches the chain", "[convbn]") {
  const int Threads = GENERATE(1, 4);
  at::set_num_threads(Threads);
  torch::manual_seed(10);
  const int64_t Out = GENERATE(19, 130);
  torch::nn::Linear L(torch::nn::LinearOptions(15, Out));
  torch::nn::BatchNorm1d B(Out);
  randomizeBN(B);
  const Activation Act =
      Out == 19 ? Activation::none() : Activation::leaky_relu(0.1);
  auto Fused = [&](const torch::Tensor &In) {
    return adopter::ops::linear_bn(In, L, B, Act);
  };
  SECTION("train") {
    compareChain(L, B, torch::randn({17, 15}), Act, Fused, 3);
  }
  SECTION("eval") {
    L->eval();
    B->eval();
    compareChain(L, B, torch::randn({1, 15}), Act, Fused);
  }
}

TEST_CASE("conv_bn and linear_bn in bfloat16", "[convbn]") {
  torch::manual_seed(11);
  torch::nn::Conv2d C(torch::nn::Conv2dOptions(3, 6, 3).padding(1));
  torch::nn::BatchNorm2d B(6);
  randomizeBN(B);
  torch::Tensor X = torch::randn({2, 3, 6, 6});
  C->to(torch::kBFloat16);
  B->to(torch::kBFloat16);
  try {
    (void)C(X.to(torch::kBFloat16));
  } catch (const c10::Error &) {
    WARN("no bfloat16 convolution on this CPU build; skipped");
    return;
  }
  for (bool Train : {true, false}) {
    C->train(Train);
    B->train(Train);
    compareChain(
        C, B, X.to(torch::kBFloat16), Activation::silu(),
        [&](const torch::Tensor &In) {
          return adopter::ops::conv_bn(In, C, B, Activation::silu());
        },
        // One bfloat16 ulp of a bias gradient in [4, 8) is 0.03125: the
        // fused sum and the chain's may round to neighbouring values.
        1, 4e-2);
  }
}

TEST_CASE("conv_bn and linear_bn reject bad input", "[convbn]") {
  torch::nn::Conv2d C(torch::nn::Conv2dOptions(3, 4, 3));
  torch::nn::BatchNorm2d B(4);
  torch::nn::BatchNorm2d B5(5);
  torch::nn::BatchNorm1d B1(4);
  using adopter::ops::conv_bn;
  CHECK_THROWS_WITH(conv_bn(torch::randn({3, 8, 8}), C, B),
                    Catch::Contains("expected a batched 4-D input"));
  CHECK_THROWS_WITH(conv_bn(torch::randn({1, 2, 8, 8}), C, B),
                    Catch::Contains("expected 3 input channels"));
  CHECK_THROWS_WITH(conv_bn(torch::randn({1, 3, 8, 8}), C, B5),
                    Catch::Contains("has 5 features"));
  CHECK_THROWS_WITH(conv_bn(torch::randn({1, 3, 8, 8}), C, B1),
                    Catch::Contains("cannot follow"));
  CHECK_THROWS_WITH(conv_bn(torch::randn({1, 3, 8, 8}, torch::kDouble), C, B),
                    Catch::Contains("float32 or bfloat16"));
  CHECK_THROWS_WITH(conv_bn(torch::randn({1, 3, 8, 8}), C, B,
                            Activation::hardtanh(1.0, -1.0)),
                    Catch::Contains("min <= max"));
  torch::nn::Linear L(6, 4);
  CHECK_THROWS_WITH(adopter::ops::linear_bn(torch::randn({2, 5, 6}), L, B1),
                    Catch::Contains("expected a 2-D input [N, 6]"));
  CHECK_THROWS_WITH(adopter::ops::linear_bn(torch::randn({1, 6}), L, B1),
                    Catch::Contains("more than 1 value per channel"));
  CHECK_THROWS_WITH(adopter::ops::linear_bn(torch::randn({3, 7}), L, B1),
                    Catch::Contains("[N, 6]"));
}
