//===- ApplyConvBNSequentialTest.cpp - conv-bn over Sequential elements --===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// test/apply/conv-bn-sequential.test's input and expected output, compiled
// together: the original's checkpoint loads into the rewritten model (the
// fused Sequentials keep their children), and both compute the same
// outputs, gradients and running statistics in train and eval mode.
//
//===----------------------------------------------------------------------===//

#include "Equivalence.h"

#include <adopter/kernels/ConvBNElement.h>

namespace before_cbs {
#include "conv-bn-sequential.cpp"
} // namespace before_cbs
namespace after_cbs {
#include "conv-bn-sequential.expected.cpp"
} // namespace after_cbs

TEST_CASE("conv-bn over Sequential elements (fuse_conv_bn where the "
          "Sequential is built): same checkpoint, outputs, gradients and "
          "running statistics",
          "[apply]") {
  torch::manual_seed(0);
  // The rewritten model runs ConvBNElements: the rewrite took effect.
  after_cbs::Net Fused;
  CHECK(Fused->stem->ptr(0)->as<adopter::nn::ConvBNElementImpl>() != nullptr);
  CHECK(Fused->block->ptr(0)->as<adopter::nn::ConvBNElementImpl>() != nullptr);
  CHECK(Fused->block->ptr(3)->as<adopter::nn::ConvBNElementImpl>() != nullptr);
  CHECK(Fused->down->ptr(0)->as<adopter::nn::ConvBNElementImpl>() != nullptr);
  CHECK(Fused->body->ptr(2)->as<torch::nn::FunctionalImpl>() != nullptr);
  checkEquivalent("Net", before_cbs::Net(), after_cbs::Net(),
                  torch::randn({2, 3, 8, 8}));
  for (bool BatchNorm : {true, false})
    checkEquivalent(BatchNorm ? "Features (loop, batch norm)"
                              : "Features (loop, no batch norm)",
                    before_cbs::Features(BatchNorm),
                    after_cbs::Features(BatchNorm), torch::randn({2, 3, 6, 6}));
  CHECK(after_cbs::Features(true)
            ->layers->ptr(3)
            ->as<adopter::nn::ConvBNElementImpl>() != nullptr);
  const std::vector<int64_t> Cfg = {3, 3};
  checkEquivalent("Mixed (left as it was)", before_cbs::Mixed(Cfg, true),
                  after_cbs::Mixed(Cfg, true), torch::randn({2, 3, 4, 4}));
  checkEquivalent("Named (keys conv0, norm0, ...)", before_cbs::Named(),
                  after_cbs::Named(), torch::randn({2, 3, 8, 8}));
  CHECK(after_cbs::Named()
            ->features->ptr(0)
            ->as<adopter::nn::ConvBNElementImpl>() != nullptr);
  // A clone of a fused Sequential: the same keys as the original's clone,
  // and the same results.
  {
    before_cbs::Features Plain(true);
    after_cbs::Features Fused(true);
    torch::nn::Sequential A = before_cbs::copy_of(Plain->layers);
    torch::nn::Sequential B = after_cbs::copy_of(Fused->layers);
    std::vector<std::string> KA, KB;
    for (const auto &P : A->named_parameters())
      KA.push_back(P.key());
    for (const auto &P : B->named_parameters())
      KB.push_back(P.key());
    CHECK(KA == KB);
    CHECK(B->ptr(0)->as<adopter::nn::ConvBNElementImpl>() != nullptr);
    {
      torch::NoGradGuard NoGrad;
      auto Dst = B->named_parameters();
      for (const auto &P : A->named_parameters())
        Dst[P.key()].copy_(P.value());
    }
    A->eval();
    B->eval();
    auto X = torch::randn({2, 3, 6, 6});
    CHECK(torch::allclose(A->forward(X), B->forward(X), 1e-4, 1e-5));
  }
  checkEquivalent("Outside (left as it was)", before_cbs::Outside(),
                  after_cbs::Outside(), torch::randn({2, 3, 5, 5}));
}
