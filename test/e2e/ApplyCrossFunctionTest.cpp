//===- ApplyCrossFunctionTest.cpp - Chains across callees, rewritten ------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// test/apply/cross-function.test checks that `adopter apply` turns
// Inputs/cross-function.cpp into Inputs/cross-function.expected.cpp: chains
// that reach into a callee whose whole body they cover, replaced at the
// callee's call. Both are compiled here and compute the same outputs and
// gradients, and the original's checkpoint loads into the rewrite.
//
//===----------------------------------------------------------------------===//

#include "Equivalence.h"

#include <adopter/kernels/Attention.h>
#include <adopter/kernels/ConvBN.h>
#include <adopter/kernels/FusedAddLayerNorm.h>
#include <adopter/kernels/FusedLinearGELU.h>
#include <adopter/kernels/FusedLinearReLU.h>
#include <adopter/kernels/FusedLinearSiLU.h>
#include <adopter/kernels/Gelu.h>
#include <adopter/kernels/MaskedSoftmax.h>
#include <adopter/kernels/Norms.h>
#include <adopter/kernels/SwiGLU.h>

#include <cmath>

namespace before_cf {
#include "cross-function.cpp"
} // namespace before_cf
namespace after_cf {
#include "cross-function.expected.cpp"
} // namespace after_cf

TEST_CASE("cross-function rewrites: same checkpoint, outputs and gradients",
          "[apply]") {
  torch::manual_seed(0);
  checkEquivalent("Mlp (NewGELU module's call replaced)", before_cf::Mlp(),
                  after_cf::Mlp(), torch::randn({5, 16}) * 2);
  checkEquivalent("SplitGelu (gelu_inner's call removed)",
                  before_cf::SplitGelu(), after_cf::SplitGelu(),
                  torch::randn({4, 8}) * 2);
  checkEquivalent("RmsHead (mean_square's call replaced)", before_cf::RmsHead(),
                  after_cf::RmsHead(), torch::randn({3, 5, 8}));
  checkEquivalent("Gated (own method gate())", before_cf::Gated(),
                  after_cf::Gated(), torch::randn({6, 8}));
  checkEquivalent("PostNorm (skip_add's call replaced)", before_cf::PostNorm(),
                  after_cf::PostNorm(), torch::randn({6, 8}));
  sameResult(
      "Attend (probs' call replaced)",
      [](std::vector<torch::Tensor> &In) {
        return before_cf::Attend()->forward(In[0], In[1], In[2]);
      },
      [](std::vector<torch::Tensor> &In) {
        return after_cf::Attend()->forward(In[0], In[1], In[2]);
      },
      {torch::randn({2, 3, 5, 8}), torch::randn({2, 3, 7, 8}),
       torch::randn({2, 3, 7, 8})});
  checkEquivalent("ConvBlock (SiLUAct module's call replaced)",
                  before_cf::ConvBlock(), after_cf::ConvBlock(),
                  torch::randn({2, 3, 9, 9}));
  checkEquivalent("ReluHead (activate's call replaced)", before_cf::ReluHead(),
                  after_cf::ReluHead(), torch::randn({6, 8}));
  checkEquivalent("Centred (scale_by_std's call replaced)",
                  before_cf::Centred(), after_cf::Centred(),
                  torch::randn({4, 8}) * 3 + 1);
  sameResult(
      "scale_by_std (its own RMSNorm)",
      [](std::vector<torch::Tensor> &In) {
        return before_cf::scale_by_std(In[0]);
      },
      [](std::vector<torch::Tensor> &In) {
        return after_cf::scale_by_std(In[0]);
      },
      {torch::randn({4, 8})});
  auto Mask = torch::rand({2, 5, 7}) > 0.7;
  sameResult(
      "Scaled (scale written with the argument for scaled()'s parameter)",
      [&](std::vector<torch::Tensor> &In) {
        return before_cf::Scaled()->forward(In[0], Mask);
      },
      [&](std::vector<torch::Tensor> &In) {
        return after_cf::Scaled()->forward(In[0], Mask);
      },
      {torch::randn({2, 5, 7})});
  sameResult(
      "SplitScores (scores' call replaced, k * 2 written into the transpose)",
      [](std::vector<torch::Tensor> &In) {
        return before_cf::SplitScores()->forward(In[0], In[1], In[2]);
      },
      [](std::vector<torch::Tensor> &In) {
        return after_cf::SplitScores()->forward(In[0], In[1], In[2]);
      },
      {torch::randn({2, 3, 5, 8}), torch::randn({2, 3, 7, 8}),
       torch::randn({2, 3, 7, 8})});
  sameResult(
      "LocalKeys (the local kt written as its initializer)",
      [](std::vector<torch::Tensor> &In) {
        return before_cf::LocalKeys()->forward(In[0], In[1], In[2]);
      },
      [](std::vector<torch::Tensor> &In) {
        return after_cf::LocalKeys()->forward(In[0], In[1], In[2]);
      },
      {torch::randn({2, 3, 5, 8}), torch::randn({2, 3, 7, 8}),
       torch::randn({2, 3, 7, 8})});
  sameResult(
      "LocalScale (the scale, a local, written as its initializer)",
      [&](std::vector<torch::Tensor> &In) {
        return before_cf::LocalScale()->forward(In[0], Mask);
      },
      [&](std::vector<torch::Tensor> &In) {
        return after_cf::LocalScale()->forward(In[0], Mask);
      },
      {torch::randn({2, 5, 7})});
  sameResult(
      "MaskedProbs (masked's call replaced)",
      [&](std::vector<torch::Tensor> &In) {
        return before_cf::MaskedProbs()->forward(In[0], Mask);
      },
      [&](std::vector<torch::Tensor> &In) {
        return after_cf::MaskedProbs()->forward(In[0], Mask);
      },
      {torch::randn({2, 5, 7})});
}
