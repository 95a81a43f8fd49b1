//===- OpNames.h - Normalized op names for every spelling -------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// One op, one name: `torch::relu(x)`, `at::relu(x)`, `x.relu()`,
// `torch::nn::functional::relu(x)` and a `torch::nn::ReLU` submodule are all
// `aten::relu`; `a + b` is `aten::add`.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_GRAPH_OPNAMES_H
#define ADOPTER_GRAPH_OPNAMES_H

#include "clang/AST/Decl.h"
#include "clang/Basic/OperatorKinds.h"
#include <string>

namespace adopter::graph {

class OpNames {
public:
  /// `aten::<name>` for a free function of LibTorch (namespaces torch, at,
  /// torch::nn::functional and aliases of them); empty otherwise.
  static std::string forFunction(const clang::FunctionDecl *FD);
  /// `aten::<name>` for a method of at::Tensor.
  static std::string forTensorMethod(llvm::StringRef Method);
  /// `aten::add`, `aten::neg`, `aten::add_` (compound assignment), ...;
  /// empty for operators that are not tensor ops.
  static std::string forOperator(clang::OverloadedOperatorKind K,
                                 unsigned NumArgs);
  /// The op a stateless builtin module computes (`torch::nn::ReLU` ->
  /// `aten::relu`); empty for modules with parameters or unknown ones.
  static std::string forStatelessModule(llvm::StringRef TypeName);
  /// True if the op writes its first operand (`add_`, `relu_`).
  static bool isInPlace(llvm::StringRef OpName);
  /// Canonical spelling of an op base name (aliases like `multiply`,
  /// `true_divide`, `swapaxes`).
  static std::string canonical(llvm::StringRef Base);
};

} // namespace adopter::graph

#endif // ADOPTER_GRAPH_OPNAMES_H
