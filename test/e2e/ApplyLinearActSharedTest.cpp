//===- ApplyLinearActSharedTest.cpp - A shared Linear's chain, rewritten --===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// test/apply/linear-act-shared.test checks that `adopter apply` turns
// Inputs/linear-act-shared.cpp into Inputs/linear-act-shared.expected.cpp:
// a Linear + activation whose Linear is called elsewhere too becomes
// adopter::ops::linear_<act>(x, *fc), the Linear kept as it is, and a
// residual add + LayerNorm whose LayerNorm is called elsewhere too
// adopter::ops::add_layer_norm(x, y, *norm); a Linear apply does not retype
// (a function's parameter, a std::vector's element, a member's member)
// likewise. Both are compiled here: same
// checkpoint, outputs and gradients (the modules' other calls included).
//
//===----------------------------------------------------------------------===//

#include "Equivalence.h"

#include <adopter/kernels/FusedAddLayerNorm.h>
#include <adopter/kernels/LinearAct.h>

namespace before_las {
#include "linear-act-shared.cpp"
} // namespace before_las
namespace after_las {
#include "linear-act-shared.expected.cpp"
} // namespace after_las

TEST_CASE("a Linear called elsewhere too: the function over it computes the "
          "same",
          "[apply]") {
  torch::manual_seed(0);
  auto Call2 = [](auto &M, const std::vector<torch::Tensor> &In) {
    return M->forward(In[0], In[1]);
  };
  const torch::Tensor X = torch::randn({5, 8}), Y = torch::randn({5, 8});
  checkEquivalentCalls("Shared (the same Linear on two inputs)",
                       before_las::Shared(), after_las::Shared(), {X, Y},
                       Call2);
  checkEquivalent("Decoder (ModuleList elements through as<Linear>())",
                  before_las::Decoder(), after_las::Decoder(), X * 2);
  checkEquivalent("Gated (the chain in a helper, the Linear in forward)",
                  before_las::Gated(), after_las::Gated(), X);
  checkEquivalentCalls("PostNorm (add_layer_norm over the LayerNorm, the "
                       "chain in a helper)",
                       before_las::PostNorm(), after_las::PostNorm(), {X, Y},
                       Call2);
  checkEquivalent("Listed (a std::vector's elements in a loop, a Linear "
                  "passed to a function)",
                  before_las::Listed(), after_las::Listed(), X);
  checkEquivalent("Wrapper (a member's element)", before_las::Wrapper(),
                  after_las::Wrapper(), X);
  // Reported, so unchanged; held to the same as a check of the harness.
  checkEquivalentCalls("Tanh (not rewritten)", before_las::Tanh(),
                       after_las::Tanh(), {X, Y}, Call2);
}
