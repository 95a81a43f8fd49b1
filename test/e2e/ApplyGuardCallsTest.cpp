//===- ApplyGuardCallsTest.cpp - Masks under a called condition -----------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// test/apply/guard-calls.test checks that `adopter apply` turns
// Inputs/guard-calls.cpp into Inputs/guard-calls.expected.cpp: a mask added
// under `if (use_mask())` (a method, a free function, a base-class method,
// a config member's method) is passed as `use_mask() ? mask : at::Tensor()`.
// Both programs are compiled here and run with the condition true and
// false: same outputs and gradients.
//
//===----------------------------------------------------------------------===//

#include "Equivalence.h"

#include <adopter/kernels/Attention.h>
#include <adopter/kernels/MaskedSoftmax.h>

namespace before_gc {
#include "guard-calls.cpp"
} // namespace before_gc
namespace after_gc {
#include "guard-calls.expected.cpp"
} // namespace after_gc

TEST_CASE("a mask under a condition that calls a project function is "
          "passed under that condition",
          "[apply]") {
  torch::manual_seed(0);
  const torch::Tensor Q = torch::randn({2, 3, 5, 4}),
                      K = torch::randn({2, 3, 5, 4}),
                      V = torch::randn({2, 3, 5, 4});
  const torch::Tensor Bias = torch::randn({5, 5});
  const torch::Tensor Keep = (torch::rand({5, 5}) > 0.3).to(torch::kFloat);
  for (bool On : {true, false}) {
    INFO("the condition is " << (On ? "true" : "false"));
    auto Attn = [&](const torch::Tensor &M) {
      return [M](auto &Mod, const std::vector<torch::Tensor> &In) {
        return Mod->forward(In[0], In[1], In[2], M);
      };
    };
    checkEquivalentCalls("MethodMask (if (use_mask()))",
                         before_gc::MethodMask(On), after_gc::MethodMask(On),
                         {Q, K, V}, Attn(Bias));
    // masked(mask): a 2-d mask, or none at all.
    checkEquivalentCalls("FreeFill (if (masked(mask)))", before_gc::FreeFill(),
                         after_gc::FreeFill(), {Q, K, V},
                         Attn(On ? Keep : torch::Tensor()));
    checkEquivalentCalls("ConfigMask (if (cfg.causal() && mask.defined()))",
                         before_gc::ConfigMask(On), after_gc::ConfigMask(On),
                         {Q, K, V}, Attn(Bias));
    checkEquivalentCalls("DerivedBias (if (has_bias()), a base-class method)",
                         before_gc::DerivedBias(On), after_gc::DerivedBias(On),
                         {torch::randn({2, 3, 5, 5})},
                         [&](auto &Mod, const std::vector<torch::Tensor> &In) {
                           return Mod->forward(In[0], Bias);
                         });
  }
}
