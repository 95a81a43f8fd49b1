//===- Selector.h - Choosing the non-overlapping plan -----------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// The BYOC partition: candidates of all rules and packs may share ops; the
// plan is the set of pairwise disjoint candidates with the largest total
// score, found exactly (branch and bound over each group of overlapping
// candidates), never by rule order.
//
// A candidate's score estimates the time it saves: with benefit b (the
// estimated speed-up of the chain on the target) over n ops of roughly equal
// cost, the chain takes n units before and n/b after, so it saves
// n * (1 - 1/b). Candidates with b < 1 are never chosen.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_MATCH_SELECTOR_H
#define ADOPTER_MATCH_SELECTOR_H

#include "adopter/Match/Finding.h"
#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace adopter::match {

class Selector {
public:
  /// Indices of a maximum-weight subset of items no two of which conflict.
  /// \p Conflicts[i] lists the items conflicting with item i (symmetric).
  /// Among equal totals, the subset found first in order of decreasing
  /// weight wins (deterministic).
  static std::vector<size_t>
  choose(const std::vector<double> &Weights,
         const std::vector<std::vector<size_t>> &Conflicts);

  /// Scores the eligible findings (Benefit >= 1 and no Decision yet),
  /// chooses, and fills in Selected and Decision.
  static void select(std::vector<Finding> &Findings, const std::string &Target);

  /// Selects again without the findings in \p Excluded (index -> why they
  /// are left out; their Decision becomes "rejected: <why>"): candidates
  /// they overlapped may now be chosen. Decisions made for other reasons
  /// (benefit below 1, measured slower) stand. Returns whether the selected
  /// set changed.
  static bool reselect(std::vector<Finding> &Findings,
                       const std::map<size_t, std::string> &Excluded,
                       const std::string &Target);

  static double score(double Benefit, size_t NumOps);
};

} // namespace adopter::match

#endif // ADOPTER_MATCH_SELECTOR_H
