//===- ApplyUnusedSubmodulesTest.cpp - Unused submodules removed ----------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// test/apply/unused-submodules.test checks that `adopter apply` turns
// Inputs/unused-submodules.cpp into Inputs/unused-submodules.expected.cpp:
// activation modules the rewrite leaves without a call are removed where
// that keeps every parameter and buffer name. Both are compiled here: the
// original's checkpoint loads into the rewrite (the same keys), and outputs
// and gradients agree.
//
//===----------------------------------------------------------------------===//

#include "Equivalence.h"

#include <adopter/kernels/FusedLinearGELU.h>
#include <adopter/kernels/FusedLinearReLU.h>
#include <adopter/kernels/FusedLinearSiLU.h>

namespace before_us {
#include "unused-submodules.cpp"
} // namespace before_us
namespace after_us {
#include "unused-submodules.expected.cpp"
} // namespace after_us

TEST_CASE("unused submodules removed: same checkpoint keys, same results",
          "[apply]") {
  torch::manual_seed(0);
  checkEquivalent("Body (GELU constructed in the body)", before_us::Body(),
                  after_us::Body(), torch::randn({4, 8}));
  checkEquivalent("List (ReLU in the initializer list)", before_us::List(),
                  after_us::List(), torch::randn({4, 8}));
  checkEquivalent("First (SiLU first in the list)", before_us::First(),
                  after_us::First(), torch::randn({4, 8}));
  checkEquivalent("Only (the only initializer-list entry)", before_us::Only(),
                  after_us::Only(), torch::randn({4, 8}));
  checkEquivalent("UserAct (a user module without state)", before_us::UserAct(),
                  after_us::UserAct(), torch::randn({4, 8}));
  checkEquivalent("BufferedAct (kept: its buffer is in the checkpoint)",
                  before_us::BufferedAct(), after_us::BufferedAct(),
                  torch::randn({4, 8}));
  checkEquivalent("Pair (kept: declared with another)", before_us::Pair(),
                  after_us::Pair(), torch::randn({4, 8}));
  // The removed modules are gone from the module tree; parameters stay.
  CHECK(before_us::Body()->named_children().size() == 2);
  CHECK(after_us::Body()->named_children().size() == 1);
  CHECK(after_us::BufferedAct()->named_children().size() == 2);
}
