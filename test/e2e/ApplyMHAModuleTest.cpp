//===- ApplyMHAModuleTest.cpp - MultiheadAttention, retyped ---------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// test/apply/mha-module.test checks that `adopter apply` turns
// Inputs/mha-module.cpp into Inputs/mha-module.expected.cpp: the
// torch::nn::MultiheadAttention members whose weights are not read become
// adopter::nn::FusedMultiheadAttention, their calls passing need_weights =
// false (the fused path). Both are compiled here: the original's checkpoint
// loads into the rewrite, which computes the same outputs and gradients
// (with a key padding mask, kdim/vdim, a causal mask, and beside a member
// whose weights are read).
//
//===----------------------------------------------------------------------===//

#include "Equivalence.h"

#include <adopter/kernels/FusedMultiheadAttention.h>

namespace before_mha {
#include "mha-module.cpp"
} // namespace before_mha
namespace after_mha {
#include "mha-module.expected.cpp"
} // namespace after_mha

TEST_CASE("mha-module rewrite: same checkpoint, outputs and gradients",
          "[apply]") {
  torch::manual_seed(0);
  const auto X = torch::randn({6, 2, 16}); // [L, N, E]
  checkEquivalent("SelfAttn (std::get<0> of the call)", before_mha::SelfAttn(),
                  after_mha::SelfAttn(), X);
  checkEquivalent("Cross (key padding mask, kdim and vdim)",
                  before_mha::Cross(), after_mha::Cross(), X);
  checkEquivalent("Causal (need_weights = false as written, attn_mask)",
                  before_mha::Causal(), after_mha::Causal(), X);
  checkEquivalent("Pair (one member retyped, one whose weights are read)",
                  before_mha::Pair(), after_mha::Pair(), X);
}
