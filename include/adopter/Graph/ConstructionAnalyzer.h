//===- ConstructionAnalyzer.h - Recover submodules and options --*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Interprets the code that builds a module's children: constructor init
// lists and bodies, `reset()`, helper functions that return a Sequential,
// `push_back` in loops, `register_module` calls, `XOptions(a).b(..)` chains.
// The result is a list of dsl::Submodule with types and folded options.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_GRAPH_CONSTRUCTIONANALYZER_H
#define ADOPTER_GRAPH_CONSTRUCTIONANALYZER_H

#include "adopter/DSL/Model.h"
#include "adopter/Graph/ValueFolder.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/Stmt.h"
#include <functional>
#include <map>

namespace adopter::graph {

class ConstructionAnalyzer {
public:
  /// \p DisplayName maps a module class to the name shown in the DSL (its
  /// TORCH_MODULE holder name where it has one).
  /// Locations print relative to \p DisplayRoot when below it (default:
  /// the working directory at construction).
  ConstructionAnalyzer(
      clang::ASTContext &Ctx,
      std::function<std::string(const clang::CXXRecordDecl *)> DisplayName,
      std::string DisplayRoot = "");

  /// Recover the members of module class \p RD: every field that holds a
  /// module, with its type, options, elements and registration; and, into
  /// \p Params where given, the tensors its constructors register with
  /// `register_parameter` (see dsl::Module::Parameters).
  std::vector<dsl::Submodule>
  members(const clang::CXXRecordDecl *RD,
          std::vector<dsl::Submodule> *Params = nullptr);

  /// The module-valued locals of free function \p FD as its body leaves
  /// them: elements appended by push_back (also under a condition or in a
  /// loop) included.
  std::map<const clang::VarDecl *, dsl::Submodule>
  finalLocals(const clang::FunctionDecl *FD);

  /// Analyze one expression that constructs a module.
  dsl::Submodule construct(const clang::Expr *E, const ConstEnv &Env);

  /// Keyword arguments from an options expression
  /// (`F::SoftmaxFuncOptions(-1)` -> `dim=-1`).
  std::vector<dsl::Arg> options(const clang::Expr *E, const ConstEnv &Env) {
    std::vector<dsl::Arg> Out;
    optionsChain(E, Out, Env);
    return Out;
  }

  /// Source location of \p L in DSL form (expansion location for macros).
  dsl::SourceLoc loc(clang::SourceLocation L) const;

private:
  struct Frame; // state of one walked function body
  void walkFunction(const clang::FunctionDecl *FD, Frame &F, int Depth);
  void walkStmt(const clang::Stmt *S, Frame &F, int Depth);
  /// An `if` whose condition is not known: each branch's elements are
  /// appended under its condition, and what follows under the condition of
  /// the paths that reach it (a branch that continues, breaks or returns
  /// does not).
  void walkBranches(const clang::IfStmt *IS, Frame &F, int Depth);
  void walkSwitch(const clang::SwitchStmt *SS, Frame &F, int Depth);
  /// A loop: Body walked once per value of the unrolled induction variable
  /// (\p Iters), or once under \p Repeat when the trip count is not known
  /// (\p Count: the count as C++ text, where the loop is a counted `for`).
  void walkLoop(const clang::Stmt *Body, const clang::VarDecl *IV,
                const std::vector<dsl::Value> *Iters, const std::string &Repeat,
                Frame &F, int Depth,
                std::optional<dsl::Value> Count = std::nullopt);
  /// A `register_parameter(name, tensor[, requires_grad])` call of the
  /// class being analyzed: its record in Frame::Params.
  void registerParameter(const clang::CXXMemberCallExpr *MC, Frame &F);
  void walkExpr(const clang::Expr *E, Frame &F, int Depth);
  dsl::Submodule *target(const clang::Expr *E, Frame &F);
  void assign(dsl::Submodule &Dst, const clang::Expr *Src, Frame &F);
  void appendElement(dsl::Submodule &C, const clang::CXXMemberCallExpr *Call,
                     Frame &F);
  dsl::Submodule constructIn(const clang::Expr *E, Frame *F);
  /// Add the elements one container argument gives: a module, or a brace
  /// list of modules or of (name, module) pairs.
  void addElements(dsl::Submodule &C, const clang::Expr *A, Frame *F);
  std::vector<dsl::Arg>
  optionsFromArgs(const clang::CXXRecordDecl *Impl,
                  llvm::ArrayRef<const clang::Expr *> Args,
                  const ConstEnv &Env);
  void optionsChain(const clang::Expr *E, std::vector<dsl::Arg> &Out,
                    const ConstEnv &Env, int Depth = 0);
  std::string typeName(const clang::CXXRecordDecl *Impl) const;
  dsl::Submodule fromFunctionCall(const clang::CallExpr *CE, Frame *Caller);

  clang::ASTContext &Ctx;
  ValueFolder Folder;
  std::function<std::string(const clang::CXXRecordDecl *)> DisplayName;
  std::string CompileDir; ///< where relative paths of this TU start from
  std::string RootPrefix; ///< DisplayRoot with a trailing '/'
};

} // namespace adopter::graph

#endif // ADOPTER_GRAPH_CONSTRUCTIONANALYZER_H
