//===- ConvBNElementTest.cpp - Tests of fuse_conv_bn on a Sequential ------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// A Sequential fused by adopter::nn::fuse_conv_bn against a copy of it that
// is not fused (same parameters and buffers): outputs, input and parameter
// gradients and running statistics in train and eval mode; the keys, types
// and order of what the Sequential holds; which runs are fused and which
// are not; clone().
//
//===----------------------------------------------------------------------===//

#include "SequentialTestUtil.h"

#include "adopter/kernels/ConvBNElement.h"

#include <string>
#include <vector>

using adopter::test::checkClose;
using adopter::test::compare;
using adopter::test::copyOf;
using adopter::test::keys;
using adopter::test::randomizeNorms;
namespace tnn = torch::nn;

namespace {

/// A convolution whose forward() differs from Conv2dImpl's.
struct DoubledConvImpl : tnn::Conv2dImpl {
  using tnn::Conv2dImpl::Conv2dImpl;
  torch::Tensor forward(const torch::Tensor &X) {
    return tnn::Conv2dImpl::forward(X) * 2;
  }
};

} // namespace

TEST_CASE("fuse_conv_bn runs conv+bn+relu as one element and keeps what "
          "the Sequential holds",
          "[conv_bn][sequential]") {
  torch::manual_seed(0);
  tnn::Sequential S(tnn::Conv2d(tnn::Conv2dOptions(3, 8, 3).padding(1)),
                    tnn::BatchNorm2d(8), tnn::ReLU(),
                    tnn::Conv2d(tnn::Conv2dOptions(8, 4, 1).bias(false)),
                    tnn::BatchNorm2d(4));
  randomizeNorms(*S);
  tnn::Sequential Ref = copyOf(S);
  const std::vector<std::string> Before = keys(*S);

  CHECK(adopter::nn::fuse_conv_bn(*S) == 2);
  // What forward walks.
  CHECK(S->ptr(0)->as<adopter::nn::ConvBNElementImpl>() != nullptr);
  CHECK(S->ptr(1)->as<adopter::nn::BatchNormSlotImpl>() != nullptr);
  CHECK(S->ptr(2)->as<tnn::IdentityImpl>() != nullptr);
  CHECK(S->ptr(3)->as<adopter::nn::ConvBNElementImpl>() != nullptr);
  CHECK(S->ptr(4)->as<adopter::nn::BatchNormSlotImpl>() != nullptr);
  CHECK(S->ptr(0)->as<adopter::nn::ConvBNElementImpl>()->activation().kind ==
        adopter::ops::Activation::ReLU);
  // What it holds: the same children, keys and order.
  CHECK(keys(*S) == Before);
  auto Children = S->named_children();
  REQUIRE(Children.size() == 5);
  CHECK(Children[0].value()->as<tnn::Conv2dImpl>() != nullptr);
  CHECK(Children[1].value()->as<tnn::BatchNorm2dImpl>() != nullptr);
  CHECK(Children[2].value()->as<tnn::ReLUImpl>() != nullptr);
  // Fused runs stay as they are.
  CHECK(adopter::nn::fuse_conv_bn(*S) == 0);

  auto In = torch::randn({4, 3, 6, 6});
  for (int Step = 0; Step < 2; ++Step)
    compare(S, Ref, In, /*Train=*/true);
  compare(S, Ref, In, /*Train=*/false);
  // A state dict written from the original loads into the fused one.
  {
    torch::NoGradGuard NoGrad;
    for (auto &P : Ref->named_parameters())
      P.value().add_(0.25);
    auto Dst = S->named_parameters();
    for (auto &P : Ref->named_parameters())
      Dst[P.key()].copy_(P.value());
  }
  compare(S, Ref, In, /*Train=*/false);
}

TEST_CASE("fuse_conv_bn leaves what conv_bn does not compute",
          "[conv_bn][sequential]") {
  torch::manual_seed(1);
  // A BatchNorm of other features, a BatchNorm of other dimensionality, a
  // Functional activation (not told apart: stays its own element).
  tnn::Sequential S(
      tnn::Conv2d(tnn::Conv2dOptions(3, 4, 1)), tnn::BatchNorm1d(4),
      tnn::Conv1d(tnn::Conv1dOptions(4, 4, 1)), tnn::BatchNorm1d(5));
  CHECK(adopter::nn::fuse_conv_bn(*S) == 0);
  CHECK(S->ptr(0)->as<tnn::Conv2dImpl>() != nullptr);
  // A subclass of Conv2dImpl computes what its own forward() says.
  tnn::Sequential Sub(
      std::make_shared<DoubledConvImpl>(tnn::Conv2dOptions(3, 4, 1)),
      tnn::BatchNorm2d(4));
  CHECK(adopter::nn::fuse_conv_bn(*Sub) == 0);

  tnn::Sequential F(
      tnn::Conv1d(tnn::Conv1dOptions(3, 6, 3)), tnn::BatchNorm1d(6),
      tnn::Functional(torch::relu),
      tnn::ConvTranspose1d(tnn::ConvTranspose1dOptions(6, 2, 2)),
      tnn::BatchNorm1d(2),
      tnn::LeakyReLU(tnn::LeakyReLUOptions().negative_slope(0.2)));
  randomizeNorms(*F);
  tnn::Sequential Ref = copyOf(F);
  CHECK(adopter::nn::fuse_conv_bn(*F) == 2);
  CHECK(F->ptr(2)->as<tnn::FunctionalImpl>() != nullptr);
  CHECK(F->ptr(3)->as<adopter::nn::ConvBNElementImpl>()->activation().a ==
        Approx(0.2));
  auto In = torch::randn({3, 3, 9});
  compare(F, Ref, In, /*Train=*/true);
  compare(F, Ref, In, /*Train=*/false);
}

TEST_CASE("a Sequential fused where it is built, and cloned",
          "[conv_bn][sequential]") {
  torch::manual_seed(2);
  auto Make = [] {
    return tnn::Sequential(tnn::Conv2d(tnn::Conv2dOptions(2, 4, 3)),
                           tnn::BatchNorm2d(4), tnn::ReLU6());
  };
  tnn::Sequential Inner = adopter::nn::fuse_conv_bn(Make());
  CHECK(Inner->ptr(0)->as<adopter::nn::ConvBNElementImpl>() != nullptr);
  randomizeNorms(*Inner);
  tnn::Sequential Ref = copyOf(Make());
  {
    torch::NoGradGuard NoGrad;
    auto Dst = Ref->named_parameters();
    for (auto &P : Inner->named_parameters())
      Dst[P.key()].copy_(P.value());
    auto DstB = Ref->named_buffers();
    for (auto &B : Inner->named_buffers())
      DstB[B.key()].copy_(B.value());
  }
  auto In = torch::randn({2, 2, 5, 5});
  compare(Inner, Ref, In, /*Train=*/true);
  compare(Inner, Ref, In, /*Train=*/false);

  // A clone of the Sequential in eval mode computes in eval mode too.
  Inner->eval();
  {
    tnn::Sequential EvalCopy(
        std::dynamic_pointer_cast<tnn::SequentialImpl>(Inner->clone()));
    CHECK_FALSE(EvalCopy->ptr(1)
                    ->as<adopter::nn::BatchNormSlotImpl>()
                    ->bn()
                    ->is_training());
    checkClose("clone of an eval Sequential", EvalCopy->forward(In),
               Inner->forward(In), 1e-5, 1e-5);
  }
  Inner->train();
  // clone() (LibTorch builds it from the elements forward() walks): the
  // same keys, in order, with copies of the values, fused as the original,
  // and its train()/eval() reaches the cloned BatchNorm.
  tnn::Sequential Copy(
      std::dynamic_pointer_cast<tnn::SequentialImpl>(Inner->clone()));
  CHECK(keys(*Copy) == keys(*Inner));
  auto P1 = Inner->named_parameters(), P2 = Copy->named_parameters();
  REQUIRE(P1.size() == P2.size());
  for (size_t I = 0; I < P1.size(); ++I) {
    CHECK(P1[I].value().data_ptr() != P2[I].value().data_ptr());
    CHECK(torch::equal(P1[I].value(), P2[I].value()));
  }
  REQUIRE(Copy->ptr(0)->as<adopter::nn::ConvBNElementImpl>() != nullptr);
  REQUIRE(Copy->ptr(1)->as<adopter::nn::BatchNormSlotImpl>() != nullptr);
  CHECK(Copy->ptr(0)->as<adopter::nn::ConvBNElementImpl>()->bn() ==
        Copy->ptr(1)->as<adopter::nn::BatchNormSlotImpl>()->bn());
  CHECK(Copy->ptr(0)->as<adopter::nn::ConvBNElementImpl>()->bn() !=
        Inner->ptr(0)->as<adopter::nn::ConvBNElementImpl>()->bn());
  Inner->eval();
  Copy->eval();
  CHECK_FALSE(
      Copy->ptr(1)->as<adopter::nn::BatchNormSlotImpl>()->bn()->is_training());
  checkClose("clone, eval", Copy->forward(In), Inner->forward(In), 1e-5, 1e-5);
  // A checkpoint of the clone loads into the original by name.
  {
    torch::NoGradGuard NoGrad;
    for (auto &P : Copy->named_parameters())
      P.value().mul_(0.5);
    auto Dst = Inner->named_parameters();
    for (auto &P : Copy->named_parameters())
      Dst[P.key()].copy_(P.value());
  }
  checkClose("clone's parameters loaded", Inner->forward(In), Copy->forward(In),
             1e-5, 1e-5);
  Inner->train();
  Copy->train();
  checkClose("clone, train", Copy->forward(In), Inner->forward(In), 1e-4, 1e-4);
}
