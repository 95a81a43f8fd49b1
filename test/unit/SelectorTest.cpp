// Unit tests of the exact selection (the BYOC partition).
#include "adopter/Match/Selector.h"
#include <catch2/catch.hpp>
#include <random>

using adopter::match::Finding;
using adopter::match::FindingOp;
using adopter::match::Selector;

namespace {

/// The best total by brute force over all subsets.
double bruteForce(const std::vector<double> &W,
                  const std::vector<std::vector<size_t>> &C) {
  double Best = 0;
  size_t N = W.size();
  for (unsigned Mask = 0; Mask < (1u << N); ++Mask) {
    bool Ok = true;
    double Sum = 0;
    for (size_t I = 0; I < N && Ok; ++I) {
      if (!(Mask & (1u << I)))
        continue;
      Sum += W[I];
      for (size_t J : C[I])
        if (Mask & (1u << J))
          Ok = false;
    }
    if (Ok)
      Best = std::max(Best, Sum);
  }
  return Best;
}

Finding finding(const std::string &Rule, double Benefit,
                std::vector<unsigned> Lines) {
  Finding F;
  F.RuleId = Rule;
  F.Benefit = Benefit;
  for (unsigned L : Lines) {
    FindingOp O;
    O.Op = "aten::op";
    O.Loc = {"m.cpp", L, 1};
    F.Ops.push_back(O);
  }
  F.Loc = F.Ops.front().Loc;
  return F;
}

} // namespace

TEST_CASE("Selector: two small candidates beat one large one when they save "
          "more, not by order") {
  // 0 overlaps 1 and 2; 1 and 2 are disjoint. 1 + 2 (2.0) > 0 (1.5).
  std::vector<double> W = {1.5, 1.0, 1.0};
  std::vector<std::vector<size_t>> C = {{1, 2}, {0}, {0}};
  CHECK(Selector::choose(W, C) == std::vector<size_t>{1, 2});
  // And the other way round when the large one saves more.
  W = {2.5, 1.0, 1.0};
  CHECK(Selector::choose(W, C) == std::vector<size_t>{0});
}

TEST_CASE("Selector: exact on random conflict graphs (against brute force)") {
  std::mt19937 Rng(1234);
  for (int Round = 0; Round < 300; ++Round) {
    size_t N = 1 + Rng() % 12;
    std::vector<double> W(N);
    for (double &X : W)
      X = (Rng() % 1000) / 100.0;
    std::vector<std::vector<size_t>> C(N);
    for (size_t I = 0; I < N; ++I)
      for (size_t J = I + 1; J < N; ++J)
        if (Rng() % 3 == 0) {
          C[I].push_back(J);
          C[J].push_back(I);
        }
    std::vector<size_t> Chosen = Selector::choose(W, C);
    double Sum = 0;
    for (size_t I : Chosen) {
      Sum += W[I];
      for (size_t J : Chosen)
        REQUIRE(std::find(C[I].begin(), C[I].end(), J) == C[I].end());
    }
    REQUIRE(Sum == Approx(bruteForce(W, C)));
  }
}

TEST_CASE("Selector: candidates below benefit 1 are never chosen") {
  std::vector<Finding> F = {finding("slow", 0.8, {1, 2}),
                            finding("fast", 1.2, {3, 4})};
  Selector::select(F, "cpu");
  CHECK_FALSE(F[0].Selected);
  CHECK(F[0].Decision.find("below 1") != std::string::npos);
  CHECK(F[1].Selected);
}

TEST_CASE("Selector: overlap is by op; the decision names the winner") {
  std::vector<Finding> F = {finding("add-layernorm", 1.4, {10, 11}),
                            finding("dropout-add-layernorm", 1.6, {9, 10, 11}),
                            finding("linear-gelu", 1.25, {20, 21})};
  Selector::select(F, "cpu");
  CHECK_FALSE(F[0].Selected);
  CHECK(F[1].Selected);
  CHECK(F[2].Selected);
  CHECK(F[0].Decision.find("overlaps dropout-add-layernorm at m.cpp:9:1") !=
        std::string::npos);
  CHECK(Selector::score(2.0, 4) == Approx(2.0));
}

TEST_CASE("Selector: a decision made earlier (unavailable rule) is kept") {
  std::vector<Finding> F = {finding("cuda-only", 3.0, {1, 2})};
  F[0].Decision = "rejected: the rule needs target cuda (target is cpu)";
  Selector::select(F, "cpu");
  CHECK_FALSE(F[0].Selected);
  CHECK(F[0].Decision.find("needs target cuda") != std::string::npos);
}
