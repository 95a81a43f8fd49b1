//===- OpSignatures.h - Parameter names of the ops rules use ----*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// The graph keeps call arguments as written: positional, or keyword where the
// source named them (options objects). A pattern may name an argument by
// keyword (`aten::softmax(%x, dim=-1)`); this table says which position a
// keyword stands for, the options of builtin modules and their defaults, and
// which op names exist (for the loader's did-you-mean).
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_RULES_OPSIGNATURES_H
#define ADOPTER_RULES_OPSIGNATURES_H

#include "adopter/DSL/Model.h"
#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>
#include <vector>

namespace adopter::rules {

class OpSignatures {
public:
  /// Position of parameter \p Key of \p Op (`aten::softmax`, `dim` -> 1);
  /// -1 when unknown. In-place variants (`aten::relu_`) share the table.
  static int position(llvm::StringRef Op, llvm::StringRef Key);
  /// The parameter name at \p Pos, empty when unknown.
  static std::string keyAt(llvm::StringRef Op, unsigned Pos);
  /// The default value of option \p Key of builtin module \p Type
  /// (`torch::nn::Linear`, `bias` -> true).
  static std::optional<dsl::Value> moduleDefault(llvm::StringRef Type,
                                                 llvm::StringRef Key);
  /// The op a stateless builtin module computes (`torch::nn::ReLU` ->
  /// `aten::relu`); empty for modules with parameters or unknown ones.
  static std::string statelessModuleOp(llvm::StringRef Type);
  /// Every op name the graph is known to produce, sorted.
  static const std::vector<std::string> &knownOps();
  static bool isKnownOp(llvm::StringRef Op);
  /// True for an in-place variant (`aten::relu_`, not `__iand__`).
  static bool isInPlace(llvm::StringRef Op);
  /// The op without its in-place `_` (`aten::relu_` -> `aten::relu`).
  static llvm::StringRef baseOp(llvm::StringRef Op);
};

/// The closest of \p Candidates to \p Word (edit distance at most a third of
/// its length), or empty.
std::string closestMatch(llvm::StringRef Word,
                         const std::vector<std::string> &Candidates);

} // namespace adopter::rules

#endif // ADOPTER_RULES_OPSIGNATURES_H
