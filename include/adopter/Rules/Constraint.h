//===- Constraint.h - Checks on a match's attributes ------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// A constraint is a boolean expression over the values a match bound (see
// rules/README.md, "Constraints"):
//
//   $fc.bias == true            an option of a matched submodule
//   $dim == -1                  an attribute variable of the pattern
//   $fc.out_features % 8 == 0   arithmetic: + - * / %
//   approx($c, 0.7978845608)    relative tolerance 1e-6 (or a third argument)
//   $ln.eps == $ln2.eps && !($p > 0.5)
//   target == "cuda"            the target predicates: target, dtype
//   in($act, [aten::relu, aten::relu6])
//
// Evaluation is three-valued: a value the tool could not fold (a symbol like
// `config.bias`) makes a comparison Unknown unless the rest of the
// expression decides it.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_RULES_CONSTRAINT_H
#define ADOPTER_RULES_CONSTRAINT_H

#include "adopter/DSL/Model.h"
#include "llvm/ADT/StringRef.h"
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace adopter::rules {

enum class Truth { False, True, Unknown };

/// What a constraint reads from a match: `$name` and `$name.key`. Returns
/// nullopt when the name is not bound (an optional op that was absent).
using ConstraintLookup = std::function<std::optional<dsl::Value>(
    llvm::StringRef Var, llvm::StringRef Key)>;

class Constraint {
public:
  struct Node;

  /// Parses \p Text; on error returns nullptr and sets \p Error and \p Col
  /// (1-based).
  static std::unique_ptr<Constraint> parse(llvm::StringRef Text,
                                           std::string &Error, unsigned &Col);
  ~Constraint();

  Truth evaluate(const ConstraintLookup &Lookup) const;
  const std::string &text() const { return Text; }
  /// The `$name` variables it reads (for the loader's checks).
  std::vector<std::string> variables() const;

private:
  Constraint() = default;
  std::string Text;
  std::unique_ptr<Node> Root;
};

/// Numeric value of an Int, Float or Bool value.
std::optional<double> numericValue(const dsl::Value &V);

} // namespace adopter::rules

#endif // ADOPTER_RULES_CONSTRAINT_H
