//===- CheckEngine.h - Rules x modules -> findings and the plan -*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Runs every enabled rule over every method of a recovered graph, decides
// where each match is reported (scope analysis), whether its rewrite is
// expressible there, and which candidates the plan selects.
//
// Scope analysis: a match is reported in the innermost function that holds
// all of its ops. When that function is a user module's method, the match is
// left to that module (it is found there, once, however often the module is
// used); a helper function reports it at its own ops. A chain that starts
// inside a callee is located at the call; a chain inside a Sequential at the
// construction of its first element. A chain that continues into a callee
// that has other callers is not fixable: its rewrite would change them too.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_MATCH_CHECKENGINE_H
#define ADOPTER_MATCH_CHECKENGINE_H

#include "adopter/Match/Finding.h"
#include "adopter/Match/Matcher.h"
#include "adopter/Match/Profile.h"
#include "adopter/Rules/RuleLoader.h"
#include <optional>
#include <string>
#include <vector>

namespace adopter::match {

struct CheckOptions {
  Target T;
  /// Packs to use; empty: all loaded.
  std::vector<std::string> Packs;
  /// `major.minor` of the LibTorch the code builds against; empty: unknown.
  std::string TorchVersion;
  /// Timings from `adopter tune` (--profile): a finding measured slower
  /// than the ops it replaces at its site is never selected.
  std::optional<Profile> Measured;
};

class CheckEngine {
public:
  CheckEngine(const rules::RuleSet &Rules, CheckOptions Opts)
      : Rules(Rules), Opts(std::move(Opts)) {}

  /// All candidates, with Selected/Decision filled in, sorted by location.
  std::vector<Finding> run(const dsl::Graph &G) const;

  /// Why \p R cannot be used for the chosen target; empty when it can.
  std::string unavailableReason(const rules::Rule &R) const;

private:
  const rules::RuleSet &Rules;
  CheckOptions Opts;
};

} // namespace adopter::match

#endif // ADOPTER_MATCH_CHECKENGINE_H
