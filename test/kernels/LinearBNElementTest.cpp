//===- LinearBNElementTest.cpp - Tests of fuse_linear_bn on a Sequential --===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// A Sequential fused by adopter::nn::fuse_linear_bn against a copy of it
// that is not fused (same parameters and buffers): outputs, input and
// parameter gradients and running statistics in train and eval mode; the
// keys and children it holds; which runs are fused; a 3-D input; clone().
//
//===----------------------------------------------------------------------===//

#include "SequentialTestUtil.h"

#include "adopter/kernels/LinearBNElement.h"

#include <string>
#include <vector>

using adopter::test::checkClose;
using adopter::test::compare;
using adopter::test::copyOf;
using adopter::test::keys;
using adopter::test::randomizeNorms;
namespace tnn = torch::nn;

namespace {

/// A Linear whose forward() differs from LinearImpl's.
struct DoubledLinearImpl : tnn::LinearImpl {
  using tnn::LinearImpl::LinearImpl;
  torch::Tensor forward(const torch::Tensor &X) {
    return tnn::LinearImpl::forward(X) * 2;
  }
};

} // namespace

TEST_CASE("fuse_linear_bn runs linear+bn+act as one element and keeps what "
          "the Sequential holds",
          "[linear_bn][sequential]") {
  torch::manual_seed(0);
  tnn::Sequential S(
      tnn::Linear(12, 16), tnn::BatchNorm1d(16),
      tnn::LeakyReLU(tnn::LeakyReLUOptions().negative_slope(0.2).inplace(true)),
      tnn::Linear(tnn::LinearOptions(16, 8).bias(false)),
      tnn::BatchNorm1d(tnn::BatchNormOptions(8).eps(0.8)), tnn::Dropout(0.0),
      tnn::Linear(8, 4));
  randomizeNorms(*S);
  tnn::Sequential Ref = copyOf(S);
  const std::vector<std::string> Before = keys(*S);

  CHECK(adopter::nn::fuse_linear_bn(*S) == 2);
  auto *First = S->ptr(0)->as<adopter::nn::LinearBNElementImpl>();
  REQUIRE(First != nullptr);
  CHECK(First->activation().kind == adopter::ops::Activation::LeakyReLU);
  CHECK(First->activation().a == Approx(0.2));
  CHECK(S->ptr(1)->as<adopter::nn::BatchNormSlotImpl>() != nullptr);
  CHECK(S->ptr(2)->as<tnn::IdentityImpl>() != nullptr);
  REQUIRE(S->ptr(3)->as<adopter::nn::LinearBNElementImpl>() != nullptr);
  CHECK(S->ptr(3)->as<adopter::nn::LinearBNElementImpl>()->activation().kind ==
        adopter::ops::Activation::None);
  CHECK(S->ptr(5)->as<tnn::DropoutImpl>() != nullptr);
  CHECK(S->ptr(6)->as<tnn::LinearImpl>() != nullptr);
  CHECK(keys(*S) == Before);
  auto Children = S->named_children();
  REQUIRE(Children.size() == 7);
  CHECK(Children[0].value()->as<tnn::LinearImpl>() != nullptr);
  CHECK(Children[1].value()->as<tnn::BatchNorm1dImpl>() != nullptr);
  CHECK(Children[2].value()->as<tnn::LeakyReLUImpl>() != nullptr);
  CHECK(adopter::nn::fuse_linear_bn(*S) == 0);

  auto In = torch::randn({6, 12});
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

TEST_CASE("fuse_linear_bn leaves what linear_bn does not compute",
          "[linear_bn][sequential]") {
  // Features that differ from the Linear's outputs, a BatchNorm2d, a
  // subclass of LinearImpl, a convolution (fuse_conv_bn's).
  tnn::Sequential S(
      tnn::Linear(4, 6), tnn::BatchNorm1d(5), tnn::Linear(4, 4),
      tnn::BatchNorm2d(4), std::make_shared<DoubledLinearImpl>(4, 4),
      tnn::BatchNorm1d(4), tnn::Conv1d(4, 4, 1), tnn::BatchNorm1d(4));
  CHECK(adopter::nn::fuse_linear_bn(*S) == 0);
  CHECK(S->ptr(0)->as<tnn::LinearImpl>() != nullptr);
  CHECK(S->ptr(6)->as<tnn::Conv1dImpl>() != nullptr);
}

TEST_CASE("a Sequential fused by fuse_linear_bn where it is built: a 3-D "
          "input, eval, clone()",
          "[linear_bn][sequential]") {
  torch::manual_seed(3);
  auto Make = [] {
    return tnn::Sequential(tnn::Linear(5, 5), tnn::BatchNorm1d(5), tnn::ReLU());
  };
  tnn::Sequential Fused = adopter::nn::fuse_linear_bn(Make());
  REQUIRE(Fused->ptr(0)->as<adopter::nn::LinearBNElementImpl>() != nullptr);
  randomizeNorms(*Fused);
  tnn::Sequential Ref = Make();
  {
    torch::NoGradGuard NoGrad;
    auto Dst = Ref->named_parameters();
    for (auto &P : Fused->named_parameters())
      Dst[P.key()].copy_(P.value());
    auto DstB = Ref->named_buffers();
    for (auto &B : Fused->named_buffers())
      DstB[B.key()].copy_(B.value());
  }
  // [N, C, L] with C == L: BatchNorm1d normalises dim 1, not the Linear's
  // outputs; the element computes what the Sequential did.
  auto In3 = torch::randn({3, 5, 5});
  compare(Fused, Ref, In3, /*Train=*/true);
  compare(Fused, Ref, In3, /*Train=*/false);
  auto In = torch::randn({4, 5});
  compare(Fused, Ref, In, /*Train=*/true);
  compare(Fused, Ref, In, /*Train=*/false);

  tnn::Sequential Copy(
      std::dynamic_pointer_cast<tnn::SequentialImpl>(Fused->clone()));
  CHECK(keys(*Copy) == keys(*Fused));
  REQUIRE(Copy->ptr(0)->as<adopter::nn::LinearBNElementImpl>() != nullptr);
  REQUIRE(Copy->ptr(1)->as<adopter::nn::BatchNormSlotImpl>() != nullptr);
  CHECK(Copy->ptr(0)->as<adopter::nn::LinearBNElementImpl>()->bn() ==
        Copy->ptr(1)->as<adopter::nn::BatchNormSlotImpl>()->bn());
  CHECK(Copy->ptr(0)->as<adopter::nn::LinearBNElementImpl>()->linear() !=
        Fused->ptr(0)->as<adopter::nn::LinearBNElementImpl>()->linear());
  Fused->eval();
  Copy->eval();
  checkClose("clone, eval", Copy->forward(In), Fused->forward(In), 1e-5, 1e-5);
  std::ostringstream Printed;
  Printed << *Copy->ptr(0);
  CHECK(Printed.str().rfind("adopter::nn::LinearBNElement(torch::nn::Linear",
                            0) == 0);
}
