//===- PureExpression.h - Expressions free of side effects ------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// What apply may move, drop or evaluate at another point of a function: an
// expression that reads values and computes new ones without side effects a
// reorder could show.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_REWRITE_PUREEXPRESSION_H
#define ADOPTER_REWRITE_PUREEXPRESSION_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"

namespace adopter::rewrite {

class PureExpression {
public:
  /// \p E computes values without side effects a reorder (or dropping it)
  /// could show: no call other than the pure tensor methods and operators,
  /// a module's is_training(), the math functions of <cmath>, constexpr
  /// functions without arguments, LibTorch's factories of determined
  /// contents, the setters of a temporary options object and calls of the
  /// project's functions that only compute a value (userCall), whose
  /// operands are pure in turn.
  static bool expr(const clang::Expr *E, clang::ASTContext &Ctx);
  /// \p CE calls a function of the project (defined here, not virtual)
  /// whose body only declares locals from pure values and returns one: the
  /// call computes a value and does nothing else (its arguments aside).
  static bool userCall(const clang::CallExpr *CE, clang::ASTContext &Ctx);
  /// \p M is a method of at::Tensor that only computes a new tensor, a
  /// view, a size or a flag from its object and arguments (`view`,
  /// `transpose`, `size`, `defined`).
  static bool tensorMethod(const clang::CXXMethodDecl *M);
  /// An options class of LibTorch's modules (`torch::nn::LinearOptions`,
  /// `F::DropoutFuncOptions`): a value whose setters only set fields.
  static bool optionsClass(const clang::CXXRecordDecl *RD);
  /// A tensor operator that computes a new tensor (`a * b`, `mask == 0`),
  /// not one that assigns (`+=`) or indexes.
  static bool tensorOperator(const clang::CXXOperatorCallExpr *OC);
};

} // namespace adopter::rewrite

#endif // ADOPTER_REWRITE_PUREEXPRESSION_H
