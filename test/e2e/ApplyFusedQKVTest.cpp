//===- ApplyFusedQKVTest.cpp - Three projections as one call, rewritten ---===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// test/apply/fused-qkv.test checks that `adopter apply` turns
// Inputs/fused-qkv.cpp into Inputs/fused-qkv.expected.cpp: the q, k and v
// projections computed by one adopter::ops::packed_linear3 call, each read
// from its tuple. Both are compiled here: the original's checkpoint loads
// into the rewrite, which computes the same outputs and gradients (the
// results are contiguous, so the models' .view() calls still work).
//
//===----------------------------------------------------------------------===//

#include "Equivalence.h"

#include <adopter/kernels/PackedLinear.h>

namespace before_qkv {
#include "fused-qkv.cpp"
} // namespace before_qkv
namespace after_qkv {
#include "fused-qkv.expected.cpp"
} // namespace after_qkv

TEST_CASE("fused-qkv rewrite: same checkpoint, outputs and gradients",
          "[apply]") {
  torch::manual_seed(0);
  const auto X = torch::randn({2, 5, 16});
  checkEquivalent("Whisper (three statements, biases)", before_qkv::Whisper(),
                  after_qkv::Whisper(), X);
  checkEquivalent("Llama (no biases, viewed as heads)", before_qkv::Llama(),
                  after_qkv::Llama(), X);
  checkEquivalent("Grouped (one declaration, narrower k and v, flattened)",
                  before_qkv::Grouped(), after_qkv::Grouped(), X);
  checkEquivalent("Arguments (the projections as one call's arguments)",
                  before_qkv::Arguments(), after_qkv::Arguments(), X);
  checkEquivalent("Assigned (locals declared first)", before_qkv::Assigned(),
                  after_qkv::Assigned(), X);
  checkEquivalent("Helper (each projection through a helper)",
                  before_qkv::Helper(), after_qkv::Helper(), X);
  checkEquivalent("Heads (a method and a lambda view the projections)",
                  before_qkv::Heads(), after_qkv::Heads(), X);
}
