//===- Equivalence.h - Same checkpoint, outputs and gradients ---*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// The checks of test/e2e: an original model and its rewrite load one
// checkpoint and compute the same outputs and gradients.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_TEST_E2E_EQUIVALENCE_H
#define ADOPTER_TEST_E2E_EQUIVALENCE_H

// LibTorch built with glog defines CHECK; Catch2's must win.
#include <torch/torch.h>
#undef CHECK
#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

namespace adopter_test {

inline std::vector<std::string> keys(const torch::nn::Module &M) {
  std::vector<std::string> K;
  for (const auto &P : M.named_parameters())
    K.push_back(P.key());
  for (const auto &B : M.named_buffers())
    K.push_back(B.key());
  return K;
}

/// B takes A's state (saved and loaded: the keys must be the same).
template <typename Old, typename New> void copyState(Old &A, New &B) {
  CHECK(keys(*A) == keys(*B));
  std::stringstream S;
  torch::save(A, S);
  torch::load(B, S);
}

/// Both modules in train or eval mode, their gradients cleared.
template <typename Old, typename New>
void startPass(Old &A, New &B, bool Train) {
  A->train(Train);
  B->train(Train);
  A->zero_grad();
  B->zero_grad();
}

/// Saves Old's state, loads it into New, then compares New's and Old's
/// outputs, gradients and buffers on X in train and eval mode (each forward
/// after torch::manual_seed(11)).
template <typename Old, typename New>
void checkEquivalent(const std::string &What, Old A, New B,
                     const torch::Tensor &X) {
  INFO(What);
  torch::manual_seed(1);
  copyState(A, B);
  for (bool Train : {true, false}) {
    INFO((Train ? "train" : "eval"));
    startPass(A, B, Train);
    auto XA = X.clone().requires_grad_(true);
    auto XB = X.clone().requires_grad_(true);
    // Each pass from one seed: a Dropout draws the same mask in both.
    torch::manual_seed(11);
    auto YA = A->forward(XA);
    torch::manual_seed(11);
    auto YB = B->forward(XB);
    REQUIRE(YA.sizes() == YB.sizes());
    CHECK(torch::allclose(YA, YB, 1e-5, 1e-5));
    auto G = torch::randn_like(YA);
    YA.backward(G);
    YB.backward(G);
    CHECK(torch::allclose(XA.grad(), XB.grad(), 1e-5, 1e-5));
    // Buffers (BatchNorm's running statistics) move the same way.
    auto BA = A->named_buffers(), BB = B->named_buffers();
    for (const auto &Buf : BA) {
      INFO(Buf.key());
      const torch::Tensor *Q = BB.find(Buf.key());
      REQUIRE(Q);
      CHECK(torch::allclose(Buf.value().to(torch::kDouble),
                            Q->to(torch::kDouble), 1e-5, 1e-6));
    }
    auto PA = A->named_parameters(), PB = B->named_parameters();
    for (const auto &P : PA) {
      INFO(P.key());
      const torch::Tensor *Q = PB.find(P.key());
      REQUIRE(Q);
      REQUIRE(P.value().grad().defined());
      REQUIRE(Q->grad().defined());
      CHECK(torch::allclose(P.value().grad(), Q->grad(), 1e-5, 1e-4));
    }
  }
}

/// Saves A's state and loads it into B; then, in train and eval mode, runs
/// Call(A, inputs) and Call(B, inputs) on copies of the same inputs, each
/// after torch::manual_seed(11) (a dropout draws its mask from the seed),
/// and compares the results, the inputs' gradients and every parameter's.
template <typename Old, typename New, typename CallFn>
void checkEquivalentCalls(const std::string &What, Old A, New B,
                          const std::vector<torch::Tensor> &Inputs,
                          CallFn Call) {
  INFO(What);
  copyState(A, B);
  for (bool Train : {true, false}) {
    INFO((Train ? "train" : "eval"));
    startPass(A, B, Train);
    std::vector<torch::Tensor> XA, XB;
    for (const torch::Tensor &X : Inputs) {
      XA.push_back(X.clone().requires_grad_(true));
      XB.push_back(X.clone().requires_grad_(true));
    }
    torch::manual_seed(11);
    torch::Tensor OA = Call(A, XA);
    torch::manual_seed(11);
    torch::Tensor OB = Call(B, XB);
    REQUIRE(OA.sizes() == OB.sizes());
    CHECK(torch::allclose(OA, OB, 1e-5, 1e-5));
    auto G = torch::randn_like(OA);
    OA.backward(G);
    OB.backward(G);
    for (size_t I = 0; I < XA.size(); ++I) {
      INFO("input " << I);
      CHECK(torch::allclose(XA[I].grad(), XB[I].grad(), 1e-5, 1e-5));
    }
    auto PB = B->named_parameters();
    for (const auto &P : A->named_parameters()) {
      INFO(P.key());
      const torch::Tensor *Q = PB.find(P.key());
      REQUIRE(Q);
      REQUIRE(P.value().grad().defined() == Q->grad().defined());
      if (Q->grad().defined())
        CHECK(torch::allclose(P.value().grad(), Q->grad(), 1e-5, 1e-4));
    }
  }
}

/// Before(X...) and After(X...) on copies of the same inputs: the same
/// result, and the same gradient w.r.t. every floating-point input.
template <typename FA, typename FB>
void sameResult(const std::string &What, FA Before, FB After,
                const std::vector<torch::Tensor> &Inputs) {
  INFO(What);
  std::vector<torch::Tensor> A, B;
  for (const torch::Tensor &X : Inputs) {
    const bool Grad = X.is_floating_point();
    A.push_back(X.clone().requires_grad_(Grad));
    B.push_back(X.clone().requires_grad_(Grad));
  }
  auto YA = Before(A), YB = After(B);
  REQUIRE(YA.sizes() == YB.sizes());
  CHECK(torch::allclose(YA, YB, 1e-5, 1e-5));
  auto G = torch::randn_like(YA);
  YA.backward(G);
  YB.backward(G);
  for (size_t I = 0; I < A.size(); ++I)
    if (A[I].requires_grad()) {
      INFO("input " << I);
      CHECK(torch::allclose(A[I].grad(), B[I].grad(), 1e-5, 1e-5));
    }
}

} // namespace adopter_test

using namespace adopter_test;

#endif // ADOPTER_TEST_E2E_EQUIVALENCE_H
