//===- AdamTest.cpp - FusedAdam / FusedAdamW against LibTorch's -----------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// FusedAdam and FusedAdamW must follow torch::optim::Adam / AdamW step for
// step: the same small MLP is trained by both in lockstep for 20 steps, with
// two parameter groups of different options (lr, betas, eps, weight decay
// zero and not, amsgrad), parameters of odd sizes (1, 7, 17, 119, a
// transposed non-contiguous one, one of 100003 elements that spans several
// work chunks) and one without a gradient, at 1 and 4 threads. Optimizer
// checkpoints must move between the torch and the fused optimizer both ways
// mid-training and training must then continue on the same trajectory.
//
//===----------------------------------------------------------------------===//

#include "NormTestUtil.h"

#include "adopter/kernels/FusedAdam.h"

#include <ATen/Parallel.h>

#include <memory>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

using adopter::test::checkClose;
using torch::optim::OptimizerParamGroup;

namespace {

/// Parameter indices; Unused never gets a gradient.
enum { W1, B1, T, W2, B2, E, Unused, NumParams };

struct Problem {
  torch::Tensor X, Y, ECoef;
};

Problem makeProblem() {
  torch::manual_seed(11);
  return {torch::randn({5, 7}), torch::randn({5, 1}), torch::randn({100003})};
}

std::vector<torch::Tensor> makeParams(torch::ScalarType Dtype) {
  torch::manual_seed(5);
  std::vector<torch::Tensor> P(NumParams);
  P[W1] = torch::randn({17, 7}) * 0.3;
  P[B1] = torch::randn({17}) * 0.1;
  P[T] = torch::randn({7, 17}).t(); // a non-contiguous leaf
  P[W2] = torch::randn({1, 17}) * 0.3;
  P[B2] = torch::randn({1});
  P[E] = torch::randn({100003});
  P[Unused] = torch::randn({7});
  for (auto &X : P)
    X = X.to(Dtype).requires_grad_();
  return P;
}

/// Detached copies (same values and strides) that require grad.
std::vector<torch::Tensor> cloneParams(const std::vector<torch::Tensor> &P) {
  std::vector<torch::Tensor> C;
  for (const auto &X : P)
    C.push_back(X.detach().clone().requires_grad_());
  return C;
}

torch::Tensor lossOf(const std::vector<torch::Tensor> &P, const Problem &Pr) {
  const auto Dtype = P[W1].scalar_type();
  auto X = Pr.X.to(Dtype), Y = Pr.Y.to(Dtype), C = Pr.ECoef.to(Dtype);
  auto H = torch::tanh(X.matmul(P[W1].t()) + P[B1]);
  auto Out = H.matmul(P[W2].t()) + P[B2];
  return (Out - Y).pow(2).mean() + (P[E].sin() * C).mean() +
         0.1 * H.matmul(P[T]).pow(2).mean();
}

/// Group A: W1, B1, T with options A; group B: the rest, with the defaults.
template <typename Options>
std::vector<OptimizerParamGroup> groupsOf(const std::vector<torch::Tensor> &P,
                                          const Options &A) {
  std::vector<OptimizerParamGroup> G;
  G.emplace_back(std::vector<torch::Tensor>{P[W1], P[B1], P[T]},
                 std::make_unique<Options>(A));
  G.emplace_back(std::vector<torch::Tensor>{P[W2], P[B2], P[E], P[Unused]});
  return G;
}

/// LibTorch's state key of P (a string in 1.13, see FusedAdamStep.cpp).
template <typename KeyT> KeyT keyOf(const torch::Tensor &P) {
  if constexpr (std::is_same_v<KeyT, std::string>) {
    std::ostringstream OS;
    OS << P.unsafeGetTensorImpl();
    return OS.str();
  } else {
    return static_cast<KeyT>(P.unsafeGetTensorImpl());
  }
}

template <typename StateT>
const StateT *stateOf(torch::optim::Optimizer &O, const torch::Tensor &P) {
  auto &S = O.state();
  using KeyT = typename std::decay_t<decltype(S)>::key_type;
  auto It = S.find(keyOf<KeyT>(P));
  return It == S.end() ? nullptr : static_cast<const StateT *>(&*It->second);
}

struct Tol {
  double Rtol, Atol;
};

void checkParams(const std::string &What, const std::vector<torch::Tensor> &A,
                 const std::vector<torch::Tensor> &B, Tol Tl) {
  for (int I = 0; I < NumParams; ++I)
    checkClose(What + " param " + std::to_string(I), A[I], B[I], Tl.Rtol,
               Tl.Atol);
}

/// States of A's and B's parameters agree (step exactly, tensors within a
/// tolerance relative to each state tensor's largest value).
template <typename StateT>
void checkStates(torch::optim::Optimizer &OA,
                 const std::vector<torch::Tensor> &PA,
                 torch::optim::Optimizer &OB,
                 const std::vector<torch::Tensor> &PB, double Rtol) {
  REQUIRE(OA.state().size() == OB.state().size());
  for (int I = 0; I < NumParams; ++I) {
    INFO("state of param " << I);
    const StateT *SA = stateOf<StateT>(OA, PA[I]);
    const StateT *SB = stateOf<StateT>(OB, PB[I]);
    REQUIRE((SA == nullptr) == (SB == nullptr));
    if (!SA)
      continue;
    CHECK(SA->step() == SB->step());
    auto Near = [&](const char *Name, const torch::Tensor &X,
                    const torch::Tensor &Y) {
      REQUIRE(X.defined() == Y.defined());
      if (!X.defined())
        return;
      CHECK(X.strides() == Y.strides());
      double Scale = X.abs().max().item<double>();
      checkClose(Name, X, Y, Rtol, Rtol * Scale);
    };
    Near("exp_avg", SA->exp_avg(), SB->exp_avg());
    Near("exp_avg_sq", SA->exp_avg_sq(), SB->exp_avg_sq());
    Near("max_exp_avg_sq", SA->max_exp_avg_sq(), SB->max_exp_avg_sq());
  }
}

void trainStep(torch::optim::Optimizer &O, const std::vector<torch::Tensor> &P,
               const Problem &Pr) {
  O.zero_grad();
  lossOf(P, Pr).backward();
  O.step();
}

/// Runs torch's and the fused optimizer in lockstep and compares.
template <typename TorchOpt, typename FusedOpt, typename StateT,
          typename Options>
void checkTrajectories(const Options &Defaults, const Options &GroupA,
                       torch::ScalarType Dtype, int Steps, Tol ParamTol,
                       double StateRtol) {
  const Problem Pr = makeProblem();
  auto PT = makeParams(Dtype);
  auto PF = cloneParams(PT);
  TorchOpt OT(groupsOf(PT, GroupA), Defaults);
  FusedOpt OF(groupsOf(PF, GroupA), Defaults);
  for (int S = 1; S <= Steps; ++S) {
    trainStep(OT, PT, Pr);
    trainStep(OF, PF, Pr);
    checkParams("step " + std::to_string(S), PF, PT, ParamTol);
  }
  checkStates<StateT>(OT, PT, OF, PF, StateRtol);
  CHECK(torch::equal(PF[Unused], PT[Unused]));
}

const Tol FloatTol{1e-6, 1e-6};

template <typename Fn> void atThreads(Fn F) {
  const int Saved = at::get_num_threads();
  for (int Threads : {1, 4}) {
    INFO(Threads << " threads");
    at::set_num_threads(Threads);
    F();
  }
  at::set_num_threads(Saved);
}

/// Message of the c10::Error F throws ("" if none).
template <typename Fn> std::string errorOf(Fn F) {
  try {
    F();
  } catch (const c10::Error &E) {
    return E.what_without_backtrace();
  }
  return "";
}

} // namespace

TEST_CASE("FusedAdam follows torch::optim::Adam for 20 steps", "[adam]") {
  using torch::optim::AdamOptions;
  atThreads([] {
    for (bool Ams : {false, true}) {
      INFO("amsgrad " << Ams);
      // Group A: L2 weight decay, other betas and eps; group B: defaults.
      AdamOptions A(1e-2);
      A.betas({0.8, 0.99}).eps(1e-6).weight_decay(0.1).amsgrad(Ams);
      AdamOptions Defaults(3e-3);
      Defaults.amsgrad(Ams);
      checkTrajectories<torch::optim::Adam, adopter::optim::FusedAdam,
                        torch::optim::AdamParamState>(
          Defaults, A, torch::kFloat, 20, FloatTol, 1e-5);
    }
  });
}

TEST_CASE("FusedAdamW follows torch::optim::AdamW for 20 steps", "[adam]") {
  using torch::optim::AdamWOptions;
  atThreads([] {
    for (bool Ams : {false, true}) {
      INFO("amsgrad " << Ams);
      AdamWOptions A(2e-2);
      A.betas({0.5, 0.9}).eps(1e-3).weight_decay(0.5).amsgrad(Ams);
      AdamWOptions Defaults(1e-3); // weight_decay 1e-2 by default
      Defaults.amsgrad(Ams);
      checkTrajectories<torch::optim::AdamW, adopter::optim::FusedAdamW,
                        torch::optim::AdamWParamState>(
          Defaults, A, torch::kFloat, 20, FloatTol, 1e-5);
      AdamWOptions NoDecay(5e-3);
      NoDecay.weight_decay(0).eps(0).amsgrad(Ams);
      checkTrajectories<torch::optim::AdamW, adopter::optim::FusedAdamW,
                        torch::optim::AdamWParamState>(
          NoDecay, NoDecay, torch::kFloat, 5, FloatTol, 1e-5);
    }
  });
}

TEST_CASE("FusedAdam on bfloat16 and double parameters", "[adam]") {
  using torch::optim::AdamOptions;
  AdamOptions A(1e-2);
  A.weight_decay(0.1);
  // bfloat16: math in float, rounded once per stored value; torch rounds
  // after each of its ~8 ops, which moves its update (lr = 1e-2 here) by a
  // few percent: one step may differ by two bfloat16 ulps (1/64 relative)
  // or 1e-4. Over several steps updates smaller than an ulp round either
  // way and the two drift apart by a few ulps, as any two bfloat16 Adams
  // do; the single-step test below checks the rounding itself.
  checkTrajectories<torch::optim::Adam, adopter::optim::FusedAdam,
                    torch::optim::AdamParamState>(
      AdamOptions(3e-3), A, torch::kBFloat16, 1, Tol{1.0 / 64, 1e-4}, 1.0 / 32);
  // Other dtypes run torch's own ops: identical.
  checkTrajectories<torch::optim::Adam, adopter::optim::FusedAdam,
                    torch::optim::AdamParamState>(
      AdamOptions(3e-3), A, torch::kDouble, 5, Tol{0, 0}, 0);
}

TEST_CASE("FusedAdam bfloat16 step rounds the float update once", "[adam]") {
  // One step from the same bf16 values: the result must be the float64
  // Adam update rounded to bf16, to within one bf16 rounding.
  torch::manual_seed(2);
  auto P = (torch::randn({1031}) * 0.5).to(torch::kBFloat16);
  auto G = (torch::randn({1031}) * 0.1).to(torch::kBFloat16);
  auto Param = P.clone().requires_grad_();
  Param.mutable_grad() = G.clone();
  adopter::optim::FusedAdam O({Param}, torch::optim::AdamOptions(1e-2));
  O.step();
  auto PD = P.to(torch::kDouble), GD = G.to(torch::kDouble);
  auto M = 0.1 * GD, V = 0.001 * GD * GD;
  auto Ref = PD - (1e-2 / 0.1) * M / (V.sqrt() / std::sqrt(0.001) + 1e-8);
  // |error| <= half an ulp of the result plus float rounding.
  checkClose("bf16 param", Param.detach(), Ref, 1.0 / 256 + 1e-5, 1e-6);
  auto &S =
      static_cast<torch::optim::AdamParamState &>(*O.state().begin()->second);
  CHECK(S.exp_avg().scalar_type() == torch::kBFloat16);
  checkClose("bf16 exp_avg", S.exp_avg(), M, 1.0 / 256, 1e-9);
}

TEST_CASE("FusedAdam checkpoints move to and from torch::optim::Adam",
          "[adam]") {
  using torch::optim::AdamOptions;
  using torch::optim::AdamWOptions;
  const Problem Pr = makeProblem();
  // Train A for 7 steps, save, load into a B on copies of the parameters,
  // train B for 13 more: B must follow an uninterrupted torch run.
  auto RoundTrip = [&](auto MakeA, auto MakeB, auto MakeRef, auto StateTag) {
    using StateT = typename decltype(StateTag)::type;
    auto PR = makeParams(torch::kFloat);
    auto PA = cloneParams(PR);
    auto Ref = MakeRef(PR);
    auto A = MakeA(PA);
    for (int S = 0; S < 7; ++S) {
      trainStep(*Ref, PR, Pr);
      trainStep(*A, PA, Pr);
    }
    std::stringstream Stream;
    torch::save(*A, Stream);
    auto PB = cloneParams(PA);
    auto B = MakeB(PB);
    torch::load(*B, Stream);
    checkStates<StateT>(*A, PA, *B, PB, 0.0); // exactly the saved state
    for (int S = 8; S <= 20; ++S) {
      trainStep(*Ref, PR, Pr);
      trainStep(*B, PB, Pr);
      checkParams("after load, step " + std::to_string(S), PB, PR, FloatTol);
    }
    checkStates<StateT>(*Ref, PR, *B, PB, 1e-5);
  };
  AdamOptions GA(1e-2);
  GA.betas({0.8, 0.99}).weight_decay(0.1).amsgrad(true);
  auto TorchAdam = [&](const std::vector<torch::Tensor> &P) {
    return std::make_unique<torch::optim::Adam>(groupsOf(P, GA),
                                                AdamOptions(3e-3));
  };
  auto FusedAdam = [&](const std::vector<torch::Tensor> &P) {
    return std::make_unique<adopter::optim::FusedAdam>(groupsOf(P, GA),
                                                       AdamOptions(3e-3));
  };
  AdamWOptions GW(1e-2);
  GW.betas({0.7, 0.95}).weight_decay(0.3);
  auto TorchAdamW = [&](const std::vector<torch::Tensor> &P) {
    return std::make_unique<torch::optim::AdamW>(groupsOf(P, GW),
                                                 AdamWOptions(3e-3));
  };
  auto FusedAdamW = [&](const std::vector<torch::Tensor> &P) {
    return std::make_unique<adopter::optim::FusedAdamW>(groupsOf(P, GW),
                                                        AdamWOptions(3e-3));
  };
  struct AdamS {
    using type = torch::optim::AdamParamState;
  };
  struct AdamWS {
    using type = torch::optim::AdamWParamState;
  };
  SECTION("torch::optim::Adam -> FusedAdam") {
    RoundTrip(TorchAdam, FusedAdam, TorchAdam, AdamS{});
  }
  SECTION("FusedAdam -> torch::optim::Adam") {
    RoundTrip(FusedAdam, TorchAdam, TorchAdam, AdamS{});
  }
  SECTION("torch::optim::AdamW -> FusedAdamW") {
    RoundTrip(TorchAdamW, FusedAdamW, TorchAdamW, AdamWS{});
  }
  SECTION("FusedAdamW -> torch::optim::AdamW") {
    RoundTrip(FusedAdamW, TorchAdamW, TorchAdamW, AdamWS{});
  }
}

TEST_CASE("FusedAdam zero_grad, closures and skipped parameters", "[adam]") {
  const Problem Pr = makeProblem();
  auto PT = makeParams(torch::kFloat);
  auto PF = cloneParams(PT);
  torch::optim::Adam OT(PT, torch::optim::AdamOptions(1e-2));
  adopter::optim::FusedAdam OF(PF, torch::optim::AdamOptions(1e-2));
  for (int S = 0; S < 3; ++S) {
    auto ClosureT = [&] {
      OT.zero_grad();
      auto L = lossOf(PT, Pr);
      L.backward();
      return L;
    };
    auto ClosureF = [&] {
      OF.zero_grad();
      auto L = lossOf(PF, Pr);
      L.backward();
      return L;
    };
    auto LT = OT.step(ClosureT);
    auto LF = OF.step(ClosureF);
    REQUIRE(LF.defined());
    checkClose("closure loss", LF, LT, 1e-6, 1e-7);
    checkParams("closure step", PF, PT, FloatTol);
  }
  CHECK_FALSE(OF.step().defined()); // no closure: undefined loss
  // Parameters without a grad get no state and stay unchanged.
  CHECK(OF.state().size() == OT.state().size());
  CHECK(OF.state().size() == NumParams - 1);
  CHECK(torch::equal(PF[Unused], PT[Unused]));
  OF.zero_grad();
  for (const auto &P : PF)
    CHECK((!P.grad().defined() || P.grad().eq(0).all().item<bool>()));
}

TEST_CASE("FusedAdam rejects bad input with a clear error", "[adam]") {
  auto P = torch::randn({4, 3}).requires_grad_();
  CHECK(errorOf([&] {
          adopter::optim::FusedAdam O({P}, torch::optim::AdamOptions(-1));
        }).find("invalid learning rate") != std::string::npos);
  CHECK(errorOf([&] {
          adopter::optim::FusedAdamW O(
              {P}, torch::optim::AdamWOptions(1e-3).betas({0.9, 1.0}));
        }).find("beta parameter at index 1") != std::string::npos);

  // Sparse gradients.
  auto Emb = torch::randn({10, 3}).requires_grad_();
  auto Idx = torch::tensor({1, 4}, torch::kLong);
  torch::embedding(Emb, Idx, -1, false, /*sparse=*/true).sum().backward();
  REQUIRE(Emb.grad().is_sparse());
  adopter::optim::FusedAdam OS({Emb});
  CHECK(errorOf([&] { OS.step(); }).find("sparse gradients") !=
        std::string::npos);

  // A checkpoint of a model with other shapes.
  auto Q = torch::randn({5}).requires_grad_();
  Q.mutable_grad() = torch::ones({5});
  torch::optim::Adam Other({Q});
  Other.step();
  std::stringstream Stream;
  torch::save(Other, Stream);
  P.mutable_grad() = torch::ones({4, 3});
  adopter::optim::FusedAdam O({P});
  torch::load(O, Stream);
  std::string Msg = errorOf([&] { O.step(); });
  CHECK(Msg.find("must match the parameter (shape [4, 3]") !=
        std::string::npos);
}
