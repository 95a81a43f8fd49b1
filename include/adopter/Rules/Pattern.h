//===- Pattern.h - Rule patterns: op chains with metavariables -*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// A rule's pattern is a small DAG of ops written in the adopter DSL with
// metavariables (see rules/README.md, "Patterns"):
//
//   %h = $fc(%x)                                  a submodule call; $fc is
//                                                 declared under `modules:`
//   %s = aten::div(%a, $scale) | aten::mul(%a, $scale)   alternatives
//   %d = aten::dropout(%s, ...)?                  optional: when absent, %d
//                                                 is %s (its first operand)
//   %y = aten::mul(0.5, %x, %t)                   3+ operands of add/mul:
//                                                 any association and order
//   return %y, %s                                 outputs (may be used
//                                                 outside the chain)
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_RULES_PATTERN_H
#define ADOPTER_RULES_PATTERN_H

#include "adopter/DSL/Model.h"
#include "llvm/ADT/StringRef.h"
#include <string>
#include <vector>

namespace adopter::rules {

/// One argument position of a pattern op.
struct PatternArg {
  enum class Kind {
    ValueVar, ///< `%x`: an SSA value, bound consistently
    AttrVar,  ///< `$eps`: any argument value, bound consistently
    Any,      ///< `_`: anything, also absent
    Literal,  ///< `-1`, `0.5`, `true`, `[1, 2]`: must be equal
    Rest,     ///< `...`: any further arguments
  };
  Kind K = Kind::Any;
  std::string Key;  ///< keyword (`dim=-1`), empty when positional
  std::string Name; ///< variable name without `%`/`$`
  dsl::Value Lit;
};

/// One alternative of a pattern node: an op name or a module variable.
struct PatternAlt {
  /// `aten::gelu`, `prim::getitem`; empty for a submodule call.
  std::string Op;
  /// For a submodule call `$fc(...)`: the module variable.
  std::string ModuleVar;
  std::vector<PatternArg> Args;
  unsigned Line = 0, Col = 0; ///< in the pattern text, 1-based

  bool hasRest() const {
    return !Args.empty() && Args.back().K == PatternArg::Kind::Rest;
  }
};

/// `%r = alt | alt ... [?]`
struct PatternNode {
  std::string Result;
  std::vector<PatternAlt> Alts;
  bool Optional = false;
  unsigned Line = 0, Col = 0;
};

/// One variant of a rule's pattern.
struct Pattern {
  std::vector<PatternNode> Nodes;
  std::vector<std::string> Outputs; ///< from `return`
  unsigned ReturnLine = 0;

  /// The node defining \p Var, or -1 for an input of the pattern.
  int definingNode(const std::string &Var) const;
  /// Every concrete pattern this one stands for: one per choice of the
  /// optional nodes (present or absent), absent ones replaced by their
  /// first operand.
  std::vector<Pattern> expandOptionals() const;
  /// False when the pattern has alternatives for op \p Op and none of them
  /// has an explicit slot (positional, or its keyword) for each of \p Args:
  /// the extra ones went to `...`. True for an op the pattern does not name.
  bool covers(const std::string &Op, const std::vector<dsl::Arg> &Args) const;
  /// True when the pattern names op \p Op and every alternative for it has
  /// a literal at positional slot \p Pos (`prim::getitem(%t, 0)`): a
  /// matched argument there has that value, which a rule's call can spell.
  bool pinned(const std::string &Op, unsigned Pos) const;
};

/// An error in pattern text, at a 1-based line and column of that text.
struct PatternError {
  unsigned Line = 0, Col = 0;
  std::string Message;
};

/// Parses pattern text; errors are appended to \p Errors (the result is
/// meaningful only when none were added). Op names are not checked here (the
/// rule loader checks them against the known ops).
Pattern parsePattern(llvm::StringRef Text, std::vector<PatternError> &Errors);

/// Ops with commutative first two operands (`aten::add`, `aten::mul`).
bool isCommutative(llvm::StringRef Op);

/// Prints a pattern back as text (one node per line).
std::string printPattern(const Pattern &P);

} // namespace adopter::rules

#endif // ADOPTER_RULES_PATTERN_H
