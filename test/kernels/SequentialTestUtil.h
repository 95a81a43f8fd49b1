//===- SequentialTestUtil.h - Fused Sequentials against plain ones -*- C++ -*-//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// What the tests of fuse_conv_bn and fuse_linear_bn share: random BatchNorm
// state, an unfused copy of a Sequential, its keys, and the comparison of a
// fused Sequential with the copy (outputs, gradients, running statistics).
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_TEST_KERNELS_SEQUENTIALTESTUTIL_H
#define ADOPTER_TEST_KERNELS_SEQUENTIALTESTUTIL_H

#include "NormTestUtil.h"

#include <string>
#include <vector>

namespace adopter::test {

namespace tnn = torch::nn;

/// Random affine parameters and running statistics for every BatchNorm.
inline void randomizeNorms(tnn::Module &M) {
  torch::NoGradGuard NoGrad;
  for (auto &P : M.named_parameters())
    if (P.key().find("weight") != std::string::npos && P.value().dim() == 1)
      P.value().uniform_(0.5, 2.0);
  for (auto &B : M.named_buffers()) {
    if (B.key().find("running_mean") != std::string::npos)
      B.value().normal_(0.0, 0.5);
    if (B.key().find("running_var") != std::string::npos)
      B.value().uniform_(0.5, 2.0);
  }
}

/// A copy with the same parameters and buffers (clone() of an unfused
/// Sequential).
inline tnn::Sequential copyOf(const tnn::Sequential &S) {
  return tnn::Sequential(
      std::dynamic_pointer_cast<tnn::SequentialImpl>(S->clone()));
}

inline std::vector<std::string> keys(tnn::Module &M) {
  std::vector<std::string> K;
  for (auto &P : M.named_parameters())
    K.push_back(P.key());
  for (auto &B : M.named_buffers())
    K.push_back(B.key());
  return K;
}

/// Runs both in `Train` mode on the same input; compares outputs, the
/// input's and every parameter's gradient, and the buffers after the step.
inline void compare(tnn::Sequential &Fused, tnn::Sequential &Ref,
                    const torch::Tensor &In, bool Train) {
  Fused->train(Train);
  Ref->train(Train);
  Fused->zero_grad();
  Ref->zero_grad();
  auto X1 = In.clone().requires_grad_(true);
  auto X2 = In.clone().requires_grad_(true);
  auto Y1 = Fused->forward(X1), Y2 = Ref->forward(X2);
  const std::string Mode = Train ? "train" : "eval";
  checkClose(Mode + " output", Y1, Y2, 1e-4, 1e-4);
  auto G = torch::randn_like(Y2);
  (Y1 * G).sum().backward();
  (Y2 * G).sum().backward();
  checkClose(Mode + " input grad", X1.grad(), X2.grad(), 1e-3, 1e-3);
  auto P1 = Fused->named_parameters(), P2 = Ref->named_parameters();
  REQUIRE(P1.size() == P2.size());
  for (size_t I = 0; I < P1.size(); ++I) {
    REQUIRE(P1[I].key() == P2[I].key());
    checkClose(Mode + " grad of " + P1[I].key(), P1[I].value().grad(),
               P2[I].value().grad(), 1e-3, 1e-3);
  }
  auto B1 = Fused->named_buffers(), B2 = Ref->named_buffers();
  REQUIRE(B1.size() == B2.size());
  for (size_t I = 0; I < B1.size(); ++I)
    checkClose(Mode + " buffer " + B1[I].key(), B1[I].value(), B2[I].value(),
               1e-5, 1e-5);
}

} // namespace adopter::test

#endif // ADOPTER_TEST_KERNELS_SEQUENTIALTESTUTIL_H
