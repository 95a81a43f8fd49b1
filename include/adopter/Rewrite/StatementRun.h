//===- StatementRun.h - A chain written over several statements -*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// A chain is often written one op per statement:
//
//   auto h = conv1(x);
//   h = bn1->forward(h);
//   return torch::relu(h);
//
// `rewrite: function` writes the call in place of the chain's last
// expression (the root) and removes the statements before it, when that is
// provably the same program: they are the consecutive statements just
// before the root's, in its block, each `v = <chain op>;` or
// `T v = <chain op>;`; every other read of what they assign is an operand
// of a later op of the chain; a variable they assign (not declare) is
// assigned again by a later one of them or by the root's statement, or the
// root's statement returns; it is a local, not a reference; a variable
// they declare is used after them only by the chain, or the root's
// statement assigns it (and then declares it instead); and the chain's
// inputs they read, which the root's statement reads instead, have no side
// effects, or one of them has and it is the only input with side effects
// and the root's statement only computes the root (`v = root;`,
// `T v = root;`, `return root;`), so it runs at the same point.
//
// An if-path split: the chain's last op may be one arm of the conditional
// its statement stores or returns (`x = fc(x); x = c ? f(x) : gelu(x);`).
// Then the one statement before it goes, and the other arm, which read
// what that statement stored, computes it in place
// (`x = c ? f(fc(x)) : linear_gelu(x, *fc);`): the condition is free of
// side effects and does not read that variable; the other arm reads it
// once, not under a condition of its own, and what else it evaluates
// beside that read (not around it) is free of side effects, so every path
// runs the same computations in the same order.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_REWRITE_STATEMENTRUN_H
#define ADOPTER_REWRITE_STATEMENTRUN_H

#include "adopter/Rewrite/AstIndex.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/Stmt.h"
#include <map>
#include <string>
#include <vector>

namespace adopter::rewrite {

class StatementRun {
public:
  explicit StatementRun(const AstIndex &Index) : Index(Index) {}

  struct Plan {
    /// The statements to remove.
    std::vector<const clang::Stmt *> Remove;
    /// When a removed statement declared the variable that the root's
    /// statement assigns (`auto out = conv(x); out = relu(bn(out));`), that
    /// variable's reference on the root's left-hand side, and the
    /// declaration to write there instead (`auto out`).
    const clang::DeclRefExpr *Redeclare = nullptr;
    std::string Declaration;
    /// An if-path split: the other arm's read of the removed statement's
    /// variable, and the value (text) that statement stored, to write there.
    const clang::DeclRefExpr *Inline = nullptr;
    std::string InlineValue;
  };

  /// A variable of type \p T holds a value: a number, a pointer, a tensor,
  /// a standard library type, an options object; not a guard whose construction
  /// changes what follows (`torch::NoGradGuard`, `c10::InferenceMode`) nor a
  /// class of the project, whose constructor may do anything. A declaration of
  /// such a variable from a pure initializer may stay where a chain moves past
  /// it.
  static bool valueType(clang::QualType T);
  /// \p E without implicit nodes, parentheses and copies.
  static const clang::Expr *peel(const clang::Expr *E);

  /// The plan by which \p Root's statement computes the chain of \p Exprs
  /// (the expressions of its ops) alone; empty when the chain is within
  /// Root already. \p Inputs: what the call reads (the chain's inputs and
  /// modules; read at Root's statement once the others are gone). On
  /// refusal, \p Why says why and the plan is empty. \p Guards: ops that
  /// may sit alone in an `if` whose condition is the text given (`if
  /// (mask.defined()) s = s + mask;`); the whole `if` goes. \p Arm: the
  /// condition (as the graph prints it) under which Root alone runs, when
  /// Root is one arm of a conditional (an if-path split, above); "" when
  /// the chain runs on one path.
  Plan plan(const std::vector<const clang::Expr *> &Exprs,
            const clang::Expr *Root,
            const std::vector<const clang::Expr *> &Inputs, std::string &Why,
            const std::map<const clang::Expr *, std::string> &Guards = {},
            const std::string &Arm = "") const;

private:
  const AstIndex &Index;
};

} // namespace adopter::rewrite

#endif // ADOPTER_REWRITE_STATEMENTRUN_H
