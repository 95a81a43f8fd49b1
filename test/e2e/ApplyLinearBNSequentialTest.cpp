//===- ApplyLinearBNSequentialTest.cpp - linear-bn over Sequential elements ==//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// test/apply/linear-bn-sequential.test's input and expected output,
// compiled together: the original's checkpoint loads into the rewritten
// model (the fused Sequentials keep their children), and both compute the
// same outputs, gradients and running statistics in train and eval mode.
//
//===----------------------------------------------------------------------===//

#include "Equivalence.h"

#include <adopter/kernels/ConvBNElement.h>
#include <adopter/kernels/FusedLinearReLU.h>
#include <adopter/kernels/LinearBNElement.h>

namespace before_lbs {
#include "linear-bn-sequential.cpp"
} // namespace before_lbs
namespace after_lbs {
#include "linear-bn-sequential.expected.cpp"
} // namespace after_lbs

TEST_CASE("linear-bn over Sequential elements (fuse_linear_bn where the "
          "Sequential is built): same checkpoint, outputs, gradients and "
          "running statistics",
          "[apply]") {
  torch::manual_seed(0);
  using adopter::nn::LinearBNElementImpl;
  // The rewritten model runs LinearBNElements: the rewrite took effect.
  after_lbs::Head Fused(6, 8, 4);
  CHECK(Fused->proj->ptr(0)->as<LinearBNElementImpl>() != nullptr);
  CHECK(Fused->mlp->ptr(0)->as<LinearBNElementImpl>() != nullptr);
  CHECK(Fused->block->ptr(0)->as<LinearBNElementImpl>() != nullptr);
  CHECK(Fused->mlp->ptr(0)->as<LinearBNElementImpl>()->activation().kind ==
        adopter::ops::Activation::LeakyReLU);
  checkEquivalent("Head", before_lbs::Head(6, 8, 4), after_lbs::Head(6, 8, 4),
                  torch::randn({5, 6}));
  // Both fuse functions over one literal.
  after_lbs::ConvHead Both;
  CHECK(Both->net->ptr(0)->as<adopter::nn::ConvBNElementImpl>() != nullptr);
  CHECK(Both->net->ptr(4)->as<LinearBNElementImpl>() != nullptr);
  checkEquivalent("ConvHead (conv-bn and linear-bn)", before_lbs::ConvHead(),
                  after_lbs::ConvHead(), torch::randn({3, 3, 4}));
  // The factory's other branch: linear-relu's Linear and ReLU, built
  // together under the condition.
  CHECK(after_lbs::lin_bn_drop(4, 4, 0.0, false)
            ->ptr(0)
            ->as<adopter::nn::FusedLinearReLUImpl>() != nullptr);
  checkEquivalent("lin_bn_drop (Linear, ReLU, Dropout)",
                  before_lbs::lin_bn_drop(4, 4, 0.2, false),
                  after_lbs::lin_bn_drop(4, 4, 0.2, false),
                  torch::randn({3, 4}));
  checkEquivalent("Outside (left as it was)", before_lbs::Outside(),
                  after_lbs::Outside(), torch::randn({3, 4}));
  checkEquivalent("NoChain (left as it was)", before_lbs::NoChain(),
                  after_lbs::NoChain(), torch::randn({3, 4}));
}
