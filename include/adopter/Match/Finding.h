//===- Finding.h - One reported site of one rule ----------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_MATCH_FINDING_H
#define ADOPTER_MATCH_FINDING_H

#include "adopter/DSL/Model.h"
#include <string>
#include <vector>

namespace adopter::rules {
struct Rule;
}

namespace adopter::match {

/// One op of a finding's chain.
struct FindingOp {
  std::string Op;       ///< `aten::gelu`, or the submodule path `inner.fc`
  std::string Type;     ///< the submodule type for a submodule call
  dsl::SourceLoc Loc;
  std::string Callee;   ///< the function the op sits in when it is inside a
                        ///< callee of the reporting function
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
  std::vector<std::string> Undecided; ///< constraints not provable here
  bool Fixable = true;
  std::string Reason; ///< why not fixable
  double Benefit = 0; ///< for the chosen target
  double Score = 0;   ///< what selection maximizes
  bool Selected = false;
  std::string Decision; ///< why selection chose or rejected it
  std::string Message;

  /// Identity of an op for overlap: its source location and name.
  static std::string opKey(const FindingOp &O);
};

} // namespace adopter::match

#endif // ADOPTER_MATCH_FINDING_H
