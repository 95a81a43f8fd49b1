//===- AstIndex.h - Find the AST nodes behind a finding ---------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// The graph names each op by its source location (the expression location
// of the call, as the recovery records it). `adopter apply` parses the
// translation unit again and needs the expressions and declarations behind
// those locations: this index maps them back, over the user's own
// declarations only (system headers and the PCH are never traversed).
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_REWRITE_ASTINDEX_H
#define ADOPTER_REWRITE_ASTINDEX_H

#include "adopter/DSL/Model.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "clang/Tooling/Core/Replacement.h"
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace adopter::rewrite {

class AstIndex {
public:
  /// \p Root: the directory the graph's relative paths are relative to.
  AstIndex(clang::ASTContext &Ctx, const std::vector<clang::Decl *> &Top,
           std::string Root);

  /// The outermost call expression whose expression location is \p L, or
  /// null when this translation unit has none there.
  const clang::Expr *callAt(const dsl::SourceLoc &L) const;

  /// The statement `v = Call;` (directly in a block) whose right-hand side
  /// is \p Call, and v; {null, null} when Call is not such a statement's.
  std::pair<const clang::Stmt *, const clang::VarDecl *>
  assignmentOf(const clang::Expr *Call) const;

  /// The sides of the assignment `L = R;` (built-in or overloaded `=`) that
  /// statement \p S is; {null, null} for another statement.
  static std::pair<const clang::Expr *, const clang::Expr *>
  assignmentSides(const clang::Stmt *S);

  /// The statement that is \p Call alone (`h.relu_();`), or null.
  const clang::Stmt *standaloneStatement(const clang::Expr *Call) const;

  /// The declaration `T v = Init;` (of one variable, directly in a block)
  /// whose initializer is \p Init, and v; {null, null} when none.
  std::pair<const clang::Stmt *, const clang::VarDecl *>
  declarationOf(const clang::Expr *Init) const;

  /// The statement of a block that contains \p E (the innermost one), and
  /// the block; {null, null} when E is in none.
  std::pair<const clang::Stmt *, const clang::CompoundStmt *>
  blockStatementOf(const clang::Expr *E) const;

  /// Every reference to the local variable \p V in its function.
  static std::vector<const clang::DeclRefExpr *>
  references(const clang::VarDecl *V);

  /// The outermost expression that constructs a module by spelling its type
  /// (`torch::nn::Linear(4, 8)`, `torch::nn::ReLU()`) and begins at \p L:
  /// a Sequential element. Null when there is none.
  const clang::Expr *constructionAt(const dsl::SourceLoc &L) const;

  /// How a Sequential element is put into its Sequential: listed in the
  /// construction `torch::nn::Sequential(...)` (Literal), or appended by a
  /// `push_back` / `emplace_back` call (Append); both null when neither.
  struct ElementSite {
    const clang::CXXConstructExpr *Literal = nullptr;
    const clang::CXXMemberCallExpr *Append = nullptr;
    bool found() const { return Literal || Append; }
  };
  /// Where the element construction \p E (constructionAt) is put.
  ElementSite elementSite(const clang::Expr *E) const;
  /// Where the element placed at \p L, which is no construction, is put:
  /// a local holder declared there and appended (`auto conv =
  /// Conv2d(...); seq->push_back(conv);`), or the entry of a named element
  /// that begins there (`Sequential({{"conv0", Conv2d(...)}, ...})`).
  ElementSite elementSiteAt(const dsl::SourceLoc &L) const;
  /// The expression that spells the construction \p E with its type
  /// (`torch::nn::Sequential(a, b)`, `Sequential({...})`: E itself or the
  /// functional cast around it), or null (a declaration's `s(a, b)`).
  const clang::Expr *spelledLiteral(const clang::CXXConstructExpr *E) const;
  /// Every push_back / emplace_back on a SequentialImpl, in source order.
  const std::vector<const clang::CXXMemberCallExpr *> &appends() const {
    return Appends;
  }
  /// The statement directly in a function's body that contains \p E, and
  /// that body; {null, null} when E is in none.
  std::pair<const clang::Stmt *, const clang::CompoundStmt *>
  bodyStatementOf(const clang::Expr *E) const;
  /// The `if` around \p E that begins at \p L (the location the graph
  /// gives it), with E on its `else` path when \p Else, else on its `then`
  /// path; null when there is none.
  const clang::IfStmt *ifAround(const clang::Expr *E, const dsl::SourceLoc &L,
                                bool Else) const;
  /// The first place where user code reads a Sequential's elements by
  /// place or takes them over (`seq[i]`, `ptr(i)`, `at<T>(i)`, `begin()`,
  /// a range-for, `insert()`, `extend()`), as `what at file:line:col`; ""
  /// when none.
  const std::string &elementRead() const { return ElementRead; }

  /// The variable whose initializer constructs an object at \p L (the
  /// construction's expression location: `Adam opt(...)`, `auto opt =
  /// Adam(...)`, `auto opt = std::make_unique<Adam>(...)`), or null.
  const clang::VarDecl *variableAt(const dsl::SourceLoc &L) const;
  /// Where user code asks a module whether it is a \p T (`as<T>()`, with
  /// T the holder or its impl), as `file:line:col`; empty when nowhere.
  std::string typeTestOf(clang::QualType T) const;

  /// Where a preprocessor conditional (`#if`, `#ifdef`, `#ifndef`, `#elif`,
  /// `#else`) sits inside \p R, as `file:line`, or "". Code under one is
  /// seen differently by other configurations (another -D, another
  /// translation unit), which this parse cannot see.
  std::string conditionalIn(clang::SourceRange R) const;
  /// conditionalIn over a class and every method definition of it (also
  /// out of line).
  std::string conditionalIn(const clang::CXXRecordDecl *RD) const;
  /// True when construction \p E runs inside a loop or under a condition.
  bool underControl(const clang::Expr *E) const;
  /// True when the constructions \p Es all run, or none does, each time
  /// one does: none is under a loop or condition, or all are directly in
  /// one loop's body or one branch of one `if` (not in a nested one), with
  /// no break, continue, return or goto between the first and the last.
  bool builtTogether(const std::vector<const clang::Expr *> &Es) const;

  /// The definition of the class named \p Name (unqualified or qualified).
  const clang::CXXRecordDecl *record(const std::string &Name) const;

  /// The operands of a call in the graph's order: the object of a method
  /// call first, then the arguments; a module call (`fc(x)`) without the
  /// module itself.
  static std::vector<const clang::Expr *> operands(const clang::Expr *Call);

  /// The edit that deletes the code from \p B up to \p End (a location
  /// just past it, its `;`): with its line when nothing but blanks, and a
  /// line comment after it (which describes it), shares that line.
  /// \p WholeLines, when given, says whether the line went too. None in a
  /// macro expansion.
  std::optional<clang::tooling::Replacement>
  deletion(clang::SourceLocation B, clang::SourceLocation End,
           bool *WholeLines = nullptr) const;

  /// Absolute, symlink-free path of a file location's file, or "".
  std::string fileOf(clang::SourceLocation L) const;
  /// Absolute path of a graph location's file (made absolute from Root).
  std::string fileOf(const dsl::SourceLoc &L) const;

  /// `file:line:col` of \p L, the file relative to the graph's root as the
  /// graph's locations print.
  std::string where(clang::SourceLocation L) const;

  clang::ASTContext &context() const { return Ctx; }

private:
  clang::ASTContext &Ctx;
  std::string Root;
  std::map<std::tuple<std::string, unsigned, unsigned>,
           std::vector<const clang::Expr *>>
      Calls;
  std::vector<const clang::CXXRecordDecl *> Records;
  std::map<std::tuple<std::string, unsigned, unsigned>, const clang::Expr *>
      Constructions;
  std::map<std::tuple<std::string, unsigned, unsigned>, const clang::VarDecl *>
      Variables;
  std::map<const clang::Expr *, const clang::Stmt *> Controlled;
  std::vector<const clang::Stmt *> Jumps;
  std::vector<std::pair<std::string, clang::SourceLocation>> TypeTests;
  std::map<const clang::Expr *,
           std::pair<const clang::Stmt *, const clang::VarDecl *>>
      Assignments;
  std::map<const clang::Expr *, const clang::Stmt *> Standalone;
  std::map<const clang::Expr *,
           std::pair<const clang::Stmt *, const clang::VarDecl *>>
      Declarations;
  std::vector<std::pair<const clang::Stmt *, const clang::CompoundStmt *>>
      BlockStmts;
  std::map<const clang::Expr *, ElementSite> Elements;
  std::map<const clang::CXXConstructExpr *,
           const clang::CXXFunctionalCastExpr *>
      Casts;
  std::map<std::tuple<std::string, unsigned, unsigned>, ElementSite>
      PlacedElements;
  std::vector<const clang::CXXMemberCallExpr *> Appends;
  std::set<const clang::CompoundStmt *> Bodies;
  std::string ElementRead;
};

} // namespace adopter::rewrite

#endif // ADOPTER_REWRITE_ASTINDEX_H
