//===- ApplyDropoutNormTest.cpp - dropout + add + LayerNorm rewrites ------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// test/apply/dropout-add-layernorm.test checks that `adopter apply` turns
// Inputs/dropout-add-layernorm.cpp into its .expected.cpp; here both are
// compiled and compared. The fused call draws its mask with torch's own
// dropout, so with the same seed the rewritten model computes the same
// outputs and gradients in train mode as well as in eval mode.
//
//===----------------------------------------------------------------------===//

#include "Equivalence.h"

#include <adopter/kernels/FusedAddLayerNorm.h>
#include <adopter/kernels/FusedDropoutAddLayerNorm.h>

#include <vector>

namespace before_dal {
#include "dropout-add-layernorm.cpp"
} // namespace before_dal
namespace after_dal {
#include "dropout-add-layernorm.expected.cpp"
} // namespace after_dal

namespace {

using Inputs = std::vector<torch::Tensor>;

auto forward2 = [](auto &M, const Inputs &X) { return M->forward(X[0], X[1]); };

} // namespace

TEST_CASE("dropout-add-layernorm rewrite: same checkpoint, outputs and "
          "gradients in train and eval mode",
          "[apply]") {
  torch::manual_seed(0);
  Inputs Rows = {torch::randn({6, 16}), torch::randn({6, 16})};
  Inputs Seq = {torch::randn({2, 5, 16}), torch::randn({2, 5, 16})};
  checkEquivalentCalls("SelfOutput (a Dropout module, three statements)",
                       before_dal::SelfOutput(0.2), after_dal::SelfOutput(0.2),
                       Seq, forward2);
  checkEquivalentCalls("Output (F::dropout's options)", before_dal::Output(0.3),
                       after_dal::Output(0.3), Rows, forward2);
  checkEquivalentCalls(
      "Output::plain (torch::dropout's arguments)", before_dal::Output(0.3),
      after_dal::Output(0.3), Rows,
      [](auto &M, const Inputs &X) { return M->plain(X[0], X[1]); });
  // F::dropout(h) drops in eval mode too, as the original did; a [4, 16]
  // normalized_shape.
  checkEquivalentCalls(
      "Skip (the add in a helper)", before_dal::Skip(), after_dal::Skip(),
      {torch::randn({3, 4, 16}), torch::randn({3, 4, 16})}, forward2);
  checkEquivalentCalls(
      "PreNorm (the sum read again)", before_dal::PreNorm(),
      after_dal::PreNorm(), {torch::randn({2, 5, 16})},
      [](auto &M, const Inputs &X) { return M->forward(X[0]); });
  // The in-place dropout, left to add-layernorm: h changes as it did.
  checkEquivalentCalls("Others (in-place dropout)", before_dal::Others(),
                       after_dal::Others(), Rows, [](auto &M, const Inputs &X) {
                         return M->forward(X[0] * 1, X[1]);
                       });
  // The functional layer_norm, left to add-layernorm's function (the
  // dropout as written, so the same mask).
  checkEquivalentCalls(
      "Others::functional (add_layer_norm)", before_dal::Others(),
      after_dal::Others(), Rows,
      [](auto &M, const Inputs &X) { return M->functional(X[0], X[1]); });
}

TEST_CASE("dropout-add-layernorm rewrite: a broadcasting residual", "[apply]") {
  torch::manual_seed(1);
  checkEquivalentCalls("Output, residual [16]", before_dal::Output(0.5),
                       after_dal::Output(0.5),
                       {torch::randn({4, 16}), torch::randn({16})}, forward2);
}
