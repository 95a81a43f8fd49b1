//===- ValueFolder.h - Fold C++ expressions into DSL values -----*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Turns option and argument expressions into DSL values: literals and
// constant expressions are folded (`kDim * 2` -> 128), values of variables
// bound in an environment (loop counters, helper-function parameters) are
// substituted, and anything else is kept as symbolic C++ text.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_GRAPH_VALUEFOLDER_H
#define ADOPTER_GRAPH_VALUEFOLDER_H

#include "adopter/DSL/Model.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/DenseMap.h"
#include <optional>

namespace adopter::graph {

/// Known values of variables (loop counters, parameters of a followed call).
using ConstEnv = llvm::DenseMap<const clang::ValueDecl *, dsl::Value>;

class ValueFolder {
public:
  explicit ValueFolder(clang::ASTContext &Ctx) : Ctx(Ctx) {}

  /// Fold \p E to a value; never fails (falls back to a Symbol). A value
  /// folded from the body of a user macro names it (dsl::Value::Macro).
  dsl::Value fold(const clang::Expr *E, const ConstEnv *Env = nullptr) const;
  /// The first user macro (not from a system header) in whose body part of
  /// \p E, or of the initializer of a variable it names, is spelled, or "".
  std::string userMacro(const clang::Expr *E, unsigned Depth = 0) const;
  /// Fold \p E to an integer if it is a constant under \p Env.
  std::optional<int64_t> foldInt(const clang::Expr *E,
                                 const ConstEnv *Env = nullptr) const;
  /// The source text of \p E (whitespace runs collapsed), in file
  /// coordinates.
  std::string text(const clang::Expr *E) const;
  /// Strip parentheses, implicit casts, temporaries and converting
  /// constructors that do not change the value.
  static const clang::Expr *peel(const clang::Expr *E);
  /// Strip parentheses, implicit casts, cleanups and temporaries: what
  /// never changes a value or which object is built. Both peel() and the
  /// construction analysis build on it.
  static const clang::Expr *stripTemporaries(const clang::Expr *E);
  /// The values a counted loop `for (int i = A; i < B; i += S)` takes when
  /// A, B and S are known under \p Env (at most \p Max of them); the loop
  /// variable in \p IV (set also when the values are not known).
  std::optional<std::vector<int64_t>> tripValues(const clang::ForStmt *FS,
                                                 const ConstEnv &Env,
                                                 const clang::VarDecl *&IV,
                                                 int64_t Max = 256) const;
  /// The trip count of `for (T i = A; i < B; ++i)` (`<=`, `i++`, `i += 1`
  /// too) with A an integer: an integer where B folds to one, else B's text
  /// (`B - A`, `B + 1`, `B - A + 1`) as a symbol; nullopt for another loop.
  std::optional<dsl::Value> tripCount(const clang::ForStmt *FS,
                                      const ConstEnv &Env) const;

  clang::ASTContext &context() const { return Ctx; }

private:
  /// The header of `for (T i = A; i OP B; STEP)` with A and the step
  /// integers under the environment: i, A, the step and the condition.
  /// \p IV is the variable the init statement declares, also where the
  /// loop is not such a loop (or null).
  struct CountedLoop {
    const clang::VarDecl *IV = nullptr;
    int64_t Start = 0, Step = 0;
    const clang::BinaryOperator *Cond = nullptr;
  };
  std::optional<CountedLoop> countedLoop(const clang::ForStmt *FS,
                                         const ConstEnv &Env,
                                         const clang::VarDecl *&IV) const;
  std::optional<dsl::Value> foldNumeric(const clang::Expr *E,
                                        const ConstEnv *Env) const;
  dsl::Value foldValue(const clang::Expr *E, const ConstEnv *Env) const;
  /// A const arithmetic variable that Clang cannot evaluate, through its
  /// initializer.
  std::optional<dsl::Value> foldConstVar(const clang::Expr *E) const;
  clang::ASTContext &Ctx;
  /// How many const variables' initializers foldNumeric is inside (a
  /// self-referring initializer stops at 8).
  mutable unsigned VarDepth = 0;
};

} // namespace adopter::graph

#endif // ADOPTER_GRAPH_VALUEFOLDER_H
