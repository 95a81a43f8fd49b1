//===- ApplyTypeTestTest.cpp - Retyped modules that code asks about -------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// test/apply/sequential.test checks that `adopter apply` turns
// Inputs/sequential-type-test.cpp into sequential-type-test.expected.cpp:
// a Sequential element and a member that a weight-init loop finds with
// `as<torch::nn::Linear>()` become adopter::nn::FusedLinearReLU, which is a
// torch::nn::LinearImpl, so the loop initialises them as before. Both files
// are compiled here: same initialisation (the loop's normal_ / zeros_), same
// checkpoint keys, outputs and gradients.
//
//===----------------------------------------------------------------------===//

#include "Equivalence.h"

#include <adopter/kernels/FusedLinearReLU.h>

namespace before_tt {
#include "sequential-type-test.cpp"
} // namespace before_tt
namespace after_tt {
#include "sequential-type-test.expected.cpp"
} // namespace after_tt

TEST_CASE("modules a weight-init loop asks about are initialised alike after "
          "the rewrite",
          "[apply]") {
  // The loops ran in the constructors: the same seed gives the same
  // weights only if the fused modules were found and initialised too.
  torch::manual_seed(3);
  before_tt::Classifier A;
  torch::manual_seed(3);
  after_tt::Classifier B;
  for (const auto &P : A->named_parameters())
    CHECK(torch::equal(P.value(), B->named_parameters()[P.key()]));
  // Linear's own init would give |w| up to 1/sqrt(8); normal_(0, 0.01)
  // stays far below.
  CHECK(B->named_parameters()["head.0.weight"].abs().max().item<double>() <
        0.1);
  torch::manual_seed(3);
  before_tt::Member C;
  torch::manual_seed(3);
  after_tt::Member D;
  CHECK(torch::equal(D->fc->bias, torch::zeros({4})));
  CHECK(torch::equal(C->fc->weight, D->fc->weight));

  const torch::Tensor X = torch::randn({5, 8});
  checkEquivalent("Classifier (Sequential elements)", before_tt::Classifier(),
                  after_tt::Classifier(), X);
  checkEquivalent("Member", before_tt::Member(), after_tt::Member(), X);
}
