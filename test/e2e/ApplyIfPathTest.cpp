//===- ApplyIfPathTest.cpp - Chains split at a conditional, rewritten -----===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// test/apply/if-path.test checks that `adopter apply` turns
// Inputs/if-path.cpp into Inputs/if-path.expected.cpp: a Linear on every
// path followed by a GELU in one arm of a conditional
// (`x = fc(x); x = c ? f(x) : torch::gelu(x);`) becomes
// `x = c ? f(fc(x)) : adopter::ops::linear_gelu(x, *fc);`, and the same
// as an `if`/`else` whose branches store one variable. Both programs
// are compiled here and run on both paths: same checkpoint, outputs and
// gradients.
//
//===----------------------------------------------------------------------===//

#include "Equivalence.h"

#include <adopter/kernels/FusedAddLayerNorm.h>
#include <adopter/kernels/Gelu.h>
#include <adopter/kernels/LinearAct.h>

namespace before_ifp {
#include "if-path.cpp"
} // namespace before_ifp
namespace after_ifp {
#include "if-path.expected.cpp"
} // namespace after_ifp

TEST_CASE("a chain split at a conditional computes the same on both paths",
          "[apply]") {
  torch::manual_seed(0);
  const torch::Tensor X = torch::randn({5, 8});
  for (bool Tanh : {false, true}) {
    INFO("the condition is " << (Tanh ? "true" : "false"));
    checkEquivalent("Arm (x = c ? f(x) : gelu(x) after x = fc(x))",
                    before_ifp::Arm(Tanh), after_ifp::Arm(Tanh), X);
    checkEquivalent("ReturnArm (return !c ? gelu(h) : tanh(h) * 2)",
                    before_ifp::ReturnArm(Tanh), after_ifp::ReturnArm(Tanh), X);
    checkEquivalent("HelperArm (the Linear in a helper method)",
                    before_ifp::HelperArm(Tanh), after_ifp::HelperArm(Tanh), X);
    checkEquivalent("IfElse (if (c) x = f(x); else x = gelu(x);)",
                    before_ifp::IfElse(Tanh), after_ifp::IfElse(Tanh), X);
    checkEquivalent("Braced (both branches return)", before_ifp::Braced(Tanh),
                    after_ifp::Braced(Tanh), X);
    // Two inputs: the residual add's operands.
    auto Call2 = [](auto &M, const std::vector<torch::Tensor> &In) {
      return M->forward(In[0], In[1]);
    };
    const torch::Tensor A = torch::randn({5, 16}), B = torch::randn({5, 16});
    checkEquivalentCalls("NormArm (add_layer_norm over the LayerNorm on one "
                         "path, the sum moved into the other)",
                         before_ifp::NormArm(Tanh), after_ifp::NormArm(Tanh),
                         {A, B}, Call2);
    checkEquivalentCalls("NormScale (the moved sum in parentheses)",
                         before_ifp::NormScale(Tanh),
                         after_ifp::NormScale(Tanh), {A, B}, Call2);
    // Reported, so unchanged; held to the same as a check of the harness.
    checkEquivalent("LongBranch (not rewritten)", before_ifp::LongBranch(Tanh),
                    after_ifp::LongBranch(Tanh), X);
    checkEquivalent("Twice (not rewritten)", before_ifp::Twice(Tanh),
                    after_ifp::Twice(Tanh), X);
  }
}
