//===- Finding.h - One reported site of one rule ----------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_MATCH_FINDING_H
#define ADOPTER_MATCH_FINDING_H

#include "adopter/DSL/Model.h"
#include <map>
#include <string>
#include <vector>

namespace adopter::rules {
struct Rule;
}

namespace adopter::match {

/// One op of a finding's chain.
struct FindingOp {
  std::string Op;   ///< `aten::gelu`, or the submodule path `inner.fc`
  std::string Type; ///< the submodule type for a submodule call
  /// The submodule whose call computes this op (`act` in `act(h)`, an
  /// activation module), or "": its options are among Args.
  std::string Via;
  std::string ViaType; ///< that submodule's type (`torch::nn::Dropout`)
  dsl::SourceLoc Loc;
  /// The calls (their locations) through which the reporting function
  /// reaches the op, when it sits inside a callee: one callee op reached
  /// from two call sites is two ops.
  std::string CallPath;
  /// Those calls, outermost (the one in the reporting function) first.
  std::vector<dsl::SourceLoc> Calls;
  /// Inside a callee whose whole body is part of the chain (at the
  /// reporting function's call): the rewrite replaces that call and leaves
  /// the callee as it is, so the callee's own chains do not conflict.
  bool WholeCallee = false;
  std::string Callee; ///< the function the op sits in when it is inside a
                      ///< callee of the reporting function
  /// The op runs only when this holds (it sits on one path of an `if` that
  /// the rest of the chain is outside of), or "". As the graph spells it:
  /// calls of the project's functions inlined.
  std::string Condition;
  /// The `if` statements (their locations) whose conditions Condition
  /// joins with `&&`, in its order, and whether the op is on each one's
  /// `else` path.
  std::vector<std::pair<dsl::SourceLoc, bool>> ConditionIfs;
  /// The container (`torch::nn::Sequential`) the op runs in as one of its
  /// elements, or ""; Loc is then the element's construction.
  std::string Container;
  /// The op's arguments and results as in the graph (what `apply` needs to
  /// find the source of each input of the chain).
  std::vector<dsl::Arg> Args;
  std::vector<std::string> Results;
};

/// A candidate of one rule at one site, with what selection decided.
struct Finding {
  const rules::Rule *R = nullptr;
  std::string RuleId, Pack;
  /// Where it is reported: the first op of the chain as seen from the
  /// reporting function.
  dsl::SourceLoc Loc;
  std::string Class;    ///< the module class (impl name), empty for a helper
  std::string Module;   ///< the module (DSL name) it belongs to
  std::string Function; ///< `MLPImpl::forward`, `new_gelu`
  std::vector<FindingOp> Ops;
  /// The pattern's bindings: `$var` -> submodule path, `%var` -> value.
  std::map<std::string, std::string> Modules;
  std::map<std::string, dsl::Value> Values;
  /// `$var` -> the argument value it bound.
  std::map<std::string, dsl::Value> Attrs;
  /// The rule's pattern (index into Rule::Patterns) that matched.
  unsigned Pattern = 0;
  std::vector<std::string> Undecided; ///< constraints not provable here
  bool Fixable = true;
  std::string Reason; ///< why not fixable
  /// The swapped module is called elsewhere too (`'fc' is also called at
  /// ...`): it must stay as it is, and the rule's `otherwise:` with
  /// `keeps-module: true` writes the site.
  std::string ModuleStays;
  double Benefit = 0; ///< for the chosen target
  double Score = 0;   ///< what selection maximizes
  size_t Cost = 0;    ///< ops that do work (prim:: bookkeeping excluded)
  bool Selected = false;
  std::string Decision; ///< why selection chose or rejected it
  std::string Message;

  /// `file:line:col`
  static std::string locText(const dsl::SourceLoc &L);
  /// Identity of an op: its source location, name and call path.
  static std::string opKey(const FindingOp &O);
  /// True when two findings' ops are one execution of one source op: same
  /// place and name, and the same call path, or one of them inside the
  /// function itself (a chain of a callee conflicts with every chain that
  /// reaches into that callee, but two call sites do not conflict).
  static bool sameOp(const FindingOp &A, const FindingOp &B);
};

} // namespace adopter::match

#endif // ADOPTER_MATCH_FINDING_H
