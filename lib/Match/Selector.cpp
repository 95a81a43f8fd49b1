//===- Selector.cpp - Choosing the non-overlapping plan -------------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/Match/Selector.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"
#include <algorithm>
#include <map>
#include <numeric>
#include <set>

namespace adopter::match {

double Selector::score(double Benefit, size_t NumOps) {
  if (Benefit <= 0)
    return 0;
  return static_cast<double>(NumOps) * (1.0 - 1.0 / Benefit);
}

namespace {

/// Exact maximum-weight independent set of one connected group.
class Branch {
public:
  Branch(const std::vector<size_t> &Items, const std::vector<double> &W,
         const std::vector<std::vector<size_t>> &Conflicts)
      : Items(Items), W(W) {
    for (size_t I : Items)
      for (size_t C : Conflicts[I])
        Conflict.insert({I, C});
    Suffix.assign(Items.size() + 1, 0);
    for (size_t I = Items.size(); I-- > 0;)
      Suffix[I] = Suffix[I + 1] + std::max(0.0, W[Items[I]]);
  }

  std::vector<size_t> solve() {
    std::vector<size_t> Cur;
    rec(0, 0, Cur);
    return Best;
  }

private:
  const std::vector<size_t> &Items;
  const std::vector<double> &W;
  std::set<std::pair<size_t, size_t>> Conflict;
  std::vector<double> Suffix;
  std::vector<size_t> Best;
  double BestW = -1;

  void rec(size_t K, double CurW, std::vector<size_t> &Cur) {
    if (CurW + Suffix[K] <= BestW + 1e-12)
      return;
    if (K == Items.size()) {
      BestW = CurW;
      Best = Cur;
      return;
    }
    size_t I = Items[K];
    bool Free = W[I] > 0;
    for (size_t C : Cur)
      if (Conflict.count({I, C}))
        Free = false;
    if (Free) {
      Cur.push_back(I);
      rec(K + 1, CurW + W[I], Cur);
      Cur.pop_back();
    }
    rec(K + 1, CurW, Cur);
  }
};

} // namespace

std::vector<size_t>
Selector::choose(const std::vector<double> &Weights,
                 const std::vector<std::vector<size_t>> &Conflicts) {
  size_t N = Weights.size();
  // Connected groups of overlapping items.
  std::vector<size_t> Parent(N);
  std::iota(Parent.begin(), Parent.end(), 0);
  auto Find = [&](size_t X) {
    while (Parent[X] != X)
      X = Parent[X] = Parent[Parent[X]];
    return X;
  };
  for (size_t I = 0; I < N; ++I)
    for (size_t C : Conflicts[I])
      Parent[Find(I)] = Find(C);
  std::map<size_t, std::vector<size_t>> Groups;
  for (size_t I = 0; I < N; ++I)
    Groups[Find(I)].push_back(I);
  std::vector<size_t> Chosen;
  for (auto &G : Groups) {
    std::vector<size_t> &Items = G.second;
    std::stable_sort(Items.begin(), Items.end(), [&](size_t A, size_t B) {
      return Weights[A] > Weights[B];
    });
    for (size_t I : Branch(Items, Weights, Conflicts).solve())
      Chosen.push_back(I);
  }
  std::sort(Chosen.begin(), Chosen.end());
  return Chosen;
}

static std::string fmt(double D) {
  std::string S;
  llvm::raw_string_ostream OS(S);
  OS << llvm::format("%.2f", D);
  return S;
}

static std::string where(const Finding &F) { return Finding::locText(F.Loc); }

/// How the Decision of a candidate select() left out for an overlap ends.
static const char *const OverlapTail =
    "), part of the non-overlapping set with the largest total";

void Selector::select(std::vector<Finding> &Findings,
                      const std::string &Target) {
  std::vector<size_t> Eligible;
  for (size_t I = 0; I < Findings.size(); ++I) {
    Finding &F = Findings[I];
    F.Selected = false;
    if (!F.Decision.empty())
      continue;
    if (F.Benefit < 1) {
      F.Decision = "rejected: its estimated benefit on " + Target + " is " +
                   fmt(F.Benefit) + ", below 1 (it would not pay)";
      continue;
    }
    // Bookkeeping ops (prim::getitem, prim::member) cost nothing.
    size_t Costly = 0;
    for (const FindingOp &O : F.Ops)
      Costly += !llvm::StringRef(O.Op).starts_with("prim::");
    F.Score = score(F.Benefit, Costly);
    F.Cost = Costly;
    Eligible.push_back(I);
  }
  auto Overlap = [&](const Finding &A, const Finding &B) {
    for (const FindingOp &X : A.Ops)
      for (const FindingOp &Y : B.Ops)
        if (Finding::sameOp(X, Y))
          return true;
    return false;
  };
  std::vector<double> W;
  std::vector<std::vector<size_t>> Conflicts(Eligible.size());
  for (size_t K = 0; K < Eligible.size(); ++K) {
    W.push_back(Findings[Eligible[K]].Score);
    for (size_t L = 0; L < Eligible.size(); ++L)
      if (K != L && Overlap(Findings[Eligible[K]], Findings[Eligible[L]]))
        Conflicts[K].push_back(L);
  }
  std::vector<size_t> Chosen = choose(W, Conflicts);
  std::set<size_t> ChosenSet(Chosen.begin(), Chosen.end());
  for (size_t K = 0; K < Eligible.size(); ++K) {
    Finding &F = Findings[Eligible[K]];
    std::string Score = "score " + fmt(F.Score) + " = " +
                        std::to_string(F.Cost) + " ops x (1 - 1/" +
                        fmt(F.Benefit) + ")";
    if (ChosenSet.count(K)) {
      F.Selected = true;
      F.Decision =
          "selected: " + Score +
          (Conflicts[K].empty() ? ", no overlapping candidate"
                                : ", part of the best non-overlapping set of " +
                                      std::to_string(Conflicts[K].size() + 1) +
                                      " overlapping candidates");
      continue;
    }
    // Name the chosen candidates it overlaps.
    std::string Over;
    double OverScore = 0;
    for (size_t L : Conflicts[K])
      if (ChosenSet.count(L)) {
        const Finding &O = Findings[Eligible[L]];
        Over += (Over.empty() ? "" : ", ") + O.RuleId + " at " + where(O);
        OverScore += O.Score;
      }
    F.Decision = "rejected: " + Score + "; it overlaps " + Over + " (score " +
                 fmt(OverScore) + OverlapTail;
  }
}

bool Selector::reselect(std::vector<Finding> &Findings,
                        const std::map<size_t, std::string> &Excluded,
                        const std::string &Target) {
  std::vector<bool> Before;
  for (size_t I = 0; I < Findings.size(); ++I) {
    Finding &F = Findings[I];
    Before.push_back(F.Selected);
    llvm::StringRef D(F.Decision);
    // Only what select() decided by the scores is decided again.
    if (D.starts_with("selected: ") ||
        (D.starts_with("rejected: score ") && D.ends_with(OverlapTail)))
      F.Decision.clear();
    if (auto It = Excluded.find(I); It != Excluded.end()) {
      F.Decision = "rejected: " + It->second;
      F.Selected = false;
    }
  }
  select(Findings, Target);
  for (size_t I = 0; I < Findings.size(); ++I)
    if (Findings[I].Selected != Before[I])
      return true;
  return false;
}

} // namespace adopter::match
