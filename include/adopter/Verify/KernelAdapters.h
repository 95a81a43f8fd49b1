//===- KernelAdapters.h - Run a rule's replacement kernel -------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// The other half of `adopter rules verify`: for each replacement a rule can
// name (`replacement: function:` or `module:` in its YAML), how to call it
// on the values a pattern was bound to. A replacement module is built from
// the matched module's options and loaded with its weights, as
// `adopter apply` leaves it; a replacement function is called with the
// bound values, in the way the rule's `call:` describes.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_VERIFY_KERNELADAPTERS_H
#define ADOPTER_VERIFY_KERNELADAPTERS_H

#include "adopter/Rules/Rule.h"
#include "adopter/Verify/PatternInterpreter.h"
#include "adopter/kernels/Activation.h"

#include <map>
#include <string>
#include <vector>

namespace adopter::verify {

/// One run of a replacement.
struct ReplacementRun {
  const rules::Rule &R;
  const rules::Pattern &P;
  /// The reference run's bindings: which alternative each node took.
  const Bindings &Ref;
  /// The kernel side's inputs (copies of the reference inputs in the
  /// dtype under test).
  Bindings &K;
  /// Leaves the gradients are compared on, by name (`%x`, `$fc.weight`,
  /// `member:g`). An adapter that moves a parameter into a new module
  /// points the entry at the new module's tensor.
  std::map<std::string, at::Tensor> &Leaves;
  /// Run the rule's `otherwise:` function instead of its module.
  bool Otherwise = false;
};

/// The rule has an `otherwise:` function and apply writes it for this run's
/// match: the pattern took no submodule for `replaces`, or the module is
/// found by `replaces-callee` (whose chain the verifier runs inline, so
/// both forms stand for it).
bool otherwiseApplies(const ReplacementRun &Run);

/// The name a rule's replacement is known by: its function, or its module.
std::string replacementName(const rules::Rule &R);

/// The adopter::ops::Activation conv_bn and linear_bn take for the op
/// \p Op that ends their chain (`aten::relu`, ...); none() for any other.
/// leaky_relu takes the default slope, as the pattern interpreter does.
adopter::ops::Activation activationForOp(const std::string &Op);

/// Some argument of the pattern is `%Name` or `$Name` (\p Kind).
bool patternReads(const rules::Pattern &P, rules::PatternArg::Kind Kind,
                  const std::string &Name);

/// True when there is an adapter for \p Name.
bool hasAdapter(const std::string &Name);

/// Runs the replacement; the outputs come in the pattern's `return` order.
llvm::Expected<std::vector<at::Tensor>> runReplacement(ReplacementRun &Run);

} // namespace adopter::verify

#endif // ADOPTER_VERIFY_KERNELADAPTERS_H
