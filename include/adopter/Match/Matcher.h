//===- Matcher.h - Finding a rule's pattern in a method ---------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Matches the (expanded) pattern variants of a rule against the data flow of
// one method. Matching follows operands, not statement order: each pattern
// node is found as the op defining the value a later node consumes. Add and
// mul are commutative, and a pattern add/mul with three or more operands
// matches any association of binary ops. A value produced inside the chain
// and used outside it blocks the match unless the pattern returns it, or
// the outside use is on the other branch of an if.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_MATCH_MATCHER_H
#define ADOPTER_MATCH_MATCHER_H

#include "adopter/Match/FlowIndex.h"
#include "adopter/Rules/Rule.h"
#include <algorithm>
#include <map>
#include <string>
#include <vector>

namespace adopter::match {

/// What selection and constraints know of the target.
struct Target {
  std::string Device = "cpu"; ///< cpu | cuda
  std::string Dtype = "float32";

  /// The devices and dtypes adopter knows, and their list for messages
  /// (`cpu, cuda`).
  static const std::vector<std::string> &devices();
  static const std::vector<std::string> &dtypes();
  static std::string known(const std::vector<std::string> &Names);
  static bool knows(const std::vector<std::string> &Names,
                    const std::string &Name) {
    return std::find(Names.begin(), Names.end(), Name) != Names.end();
  }
};

struct Match {
  const rules::Rule *R = nullptr;
  /// The matched ops (indices into the FlowIndex), in program order.
  std::vector<int> Ops;
  std::map<std::string, dsl::Value> Values;   ///< %var -> value
  std::map<std::string, dsl::Value> Attrs;    ///< $var -> argument value
  std::map<std::string, std::string> Modules; ///< $var -> submodule path
  /// The op each pattern node matched, in pattern order.
  std::vector<int> NodeOps;
  /// Constraints that could not be decided (their text).
  std::vector<std::string> Undecided;
  /// The pattern of the rule (index into Rule::Patterns) that matched.
  unsigned Pattern = 0;
};

class Matcher {
public:
  Matcher(const FlowIndex &F, const Target &T) : F(F), T(T) {}

  /// Every maximal match of \p R, one per distinct set of ops.
  std::vector<Match> match(const rules::Rule &R) const;

private:
  const FlowIndex &F;
  const Target &T;
};

} // namespace adopter::match

#endif // ADOPTER_MATCH_MATCHER_H
