//===- ApplyAddRMSNormTest.cpp - A project's RMSNorm module, swapped ------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// test/apply/add-rmsnorm.test checks that `adopter apply` turns
// Inputs/add-rmsnorm.cpp into Inputs/add-rmsnorm.expected.cpp: members of
// the project's own RMSNorm modules that follow a residual add become
// adopter::nn::FusedAddRMSNorm, built from the size and eps their
// constructors got. Both are compiled here: the original's checkpoint
// (with weights other than the initial ones) loads into the rewrite, which
// computes the same outputs and gradients; so does the add and RMSNorm
// written inline, now adopter::ops::add_rms_norm.
//
//===----------------------------------------------------------------------===//

#include "Equivalence.h"

#include <adopter/kernels/FusedAddRMSNorm.h>
#include <adopter/kernels/Norms.h>

namespace before_arms {
#include "add-rmsnorm.cpp"
} // namespace before_arms
namespace after_arms {
#include "add-rmsnorm.expected.cpp"
} // namespace after_arms

namespace {

/// Weights away from ones, so that the loaded ones are the ones used.
template <typename M> M perturbed(M A) {
  torch::NoGradGuard NG;
  for (auto &P : A->parameters())
    P.uniform_(0.5, 1.5);
  return A;
}

auto call2 = [](auto &M, const std::vector<torch::Tensor> &X) {
  return M->forward(X[0], X[1]);
};

} // namespace

TEST_CASE("add-rmsnorm rewrite: same checkpoint, outputs and gradients",
          "[apply]") {
  torch::manual_seed(0);
  const auto X = torch::randn({2, 5, 16}), Y = torch::randn({2, 5, 16});
  // A large eps: a wrong one shows.
  checkEquivalent("Block (pre-norm: std::tie of sum and norm)",
                  perturbed(before_arms::Block(16, 0.5)),
                  after_arms::Block(16, 0.5), X);
  checkEquivalentCalls("Head (one expression, default eps, T5's norm)",
                       perturbed(before_arms::Head(16)), after_arms::Head(16),
                       {X, Y}, call2);
  checkEquivalentCalls("Helper (the sum from a helper)",
                       perturbed(before_arms::Helper(16)),
                       after_arms::Helper(16), {X, Y}, call2);
  checkEquivalentCalls("More (requires_grad true; a norm left as it is)",
                       perturbed(before_arms::More()), after_arms::More(),
                       {X, Y}, call2);
  checkEquivalent("Inline (written out: add_rms_norm, the sum kept)",
                  perturbed(before_arms::Inline()), after_arms::Inline(), X);
}
