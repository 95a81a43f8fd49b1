//===- FlowBuilder.h - SSA data flow of forward() ---------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Builds the SSA body of a module method: every tensor-valued expression
// becomes an op; calls into submodules, own methods and helper functions are
// followed and inlined with a scope marker; `if` keeps both paths; loops over
// layers are unrolled when the trip count is known.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_GRAPH_FLOWBUILDER_H
#define ADOPTER_GRAPH_FLOWBUILDER_H

#include "adopter/DSL/Model.h"
#include "adopter/Graph/ConstructionAnalyzer.h"
#include "adopter/Graph/ValueFolder.h"
#include "clang/AST/DeclCXX.h"
#include <deque>
#include <functional>
#include <map>

namespace adopter::graph {

/// What the flow builder needs to know about the module classes.
struct ModuleInfoProvider {
  /// Members of a module class (cached by the caller).
  std::function<const std::vector<dsl::Submodule> &(
      const clang::CXXRecordDecl *)>
      Members;
  /// The DSL name of a module class.
  std::function<std::string(const clang::CXXRecordDecl *)> DisplayName;
  /// A user module class by its DSL name (for elements known only by type).
  std::function<const clang::CXXRecordDecl *(const std::string &)> ByName;
};

class FlowBuilder {
public:
  FlowBuilder(clang::ASTContext &Ctx, ConstructionAnalyzer &CA,
              ModuleInfoProvider Info);

  /// Build the method \p MD of module class \p Class. Own methods it calls
  /// are added to \p Called (so that the caller can print them too).
  dsl::Method
  build(const clang::CXXRecordDecl *Class, const clang::CXXMethodDecl *MD,
        std::vector<const clang::CXXMethodDecl *> *Called = nullptr);

  /// Build a free function that drives modules (a training loop): its local
  /// module objects and module parameters become \p Locals (their paths are
  /// the variable names), and optimizer constructions become
  /// `torch::optim::*` ops.
  dsl::Method buildFunction(const clang::FunctionDecl *FD,
                            std::deque<dsl::Submodule> &Locals);

  /// The forward of Sequential \p S as built (a factory's local or result
  /// that the function does not call itself): `NAME.forward(%input)`, each
  /// element's op located at the element's construction.
  dsl::Method buildSequentialForward(const dsl::Submodule &S);

  /// A runtime value during symbolic execution.
  struct FV {
    enum class Kind { None, Tensor, Module, Const, Tuple };
    Kind K = Kind::None;
    std::string Name; ///< SSA name (Tensor) or submodule path (Module)
    const clang::CXXRecordDecl *Class = nullptr; ///< Module: its class
    const dsl::Submodule *Sub = nullptr;         ///< Module: its description
    dsl::Value C;                                ///< Const
    std::vector<FV> Elems;                       ///< Tuple

    static FV tensor(std::string N) {
      FV V;
      V.K = Kind::Tensor;
      V.Name = std::move(N);
      return V;
    }
    static FV constant(dsl::Value C) {
      FV V;
      V.K = Kind::Const;
      V.C = std::move(C);
      return V;
    }
  };

  struct Scope; // one function activation

private:
  // Statements (FlowBuilder.cpp).
  void exec(const clang::Stmt *S, Scope &Sc);
  void execIf(const clang::IfStmt *IS, Scope &Sc);
  void execSwitch(const clang::SwitchStmt *SS, Scope &Sc);
  void execFor(const clang::ForStmt *FS, Scope &Sc);
  void execRangeFor(const clang::CXXForRangeStmt *RF, Scope &Sc);
  void execLoopBody(const clang::Stmt *Body, dsl::Value Cond,
                    clang::SourceLocation L, Scope &Sc,
                    const std::function<void(Scope &)> &Bind);
  void
  mergeVars(Scope &Sc, const std::map<const clang::ValueDecl *, FV> &Before,
            const std::vector<std::map<const clang::ValueDecl *, FV>> &Paths,
            clang::SourceLocation L);
  FV inlineCall(const clang::FunctionDecl *FD, const FV &This,
                const std::vector<FV> &Args, const std::string &Token,
                const std::string &ScopeName, const clang::Expr *Call,
                Scope &Sc);

  // Expressions (FlowBuilderExpr.cpp).
  FV eval(const clang::Expr *E, Scope &Sc);
  FV evalOperatorCall(const clang::CXXOperatorCallExpr *OC, Scope &Sc);
  FV evalMemberCall(const clang::CXXMemberCallExpr *MC, Scope &Sc);
  FV evalCall(const clang::CallExpr *CE, Scope &Sc);
  FV callModule(const FV &M, const std::vector<FV> &Args,
                const clang::Expr *Call, Scope &Sc);
  FV callSequential(const FV &M, const std::vector<dsl::Arg> &As, FV Cur,
                    const std::string &Type, const clang::Expr *Call,
                    Scope &Sc);
  /// \p M with its Sub set from the members of its class when it is a
  /// Sequential subclass described by no member entry.
  FV asSequential(const FV &M);
  FV element(const FV &Container, const dsl::Value &Key);
  FV memberOf(const FV &Obj, const clang::FieldDecl *FD, Scope &Sc);
  FV opaque(const clang::Expr *E, Scope &Sc, bool HasResult = true);
  FV emit(const std::string &Name, std::vector<dsl::Arg> Args,
          const clang::Expr *At, Scope &Sc, std::vector<dsl::Arg> Attrs = {},
          unsigned NumResults = 1);
  std::vector<dsl::Arg> argsOf(llvm::ArrayRef<const clang::Expr *> Args,
                               Scope &Sc);
  dsl::Arg toArg(const FV &V, const clang::Expr *E, Scope &Sc);
  void rebind(const clang::Expr *Target, const FV &V, Scope &Sc);
  /// `%r = prim::phi(values...)` over the tensors among \p Vals.
  FV emitPhi(const std::vector<FV> &Vals, const dsl::SourceLoc &L, Scope &Sc);
  std::string fresh() { return std::to_string(Counter++); }

  clang::ASTContext &Ctx;
  ConstructionAnalyzer &CA;
  ValueFolder Folder;
  ModuleInfoProvider Info;
  unsigned Counter = 0;
  /// Descriptions made up during the build (a Sequential subclass seen as
  /// its elements); deque keeps pointers to them stable.
  std::deque<dsl::Submodule> Synth;
  std::vector<const clang::CXXMethodDecl *> *Called = nullptr;
  const clang::CXXRecordDecl *RootClass = nullptr;
  /// Set while building a free function: where its local modules go.
  std::deque<dsl::Submodule> *Locals = nullptr;
  /// The free function's module locals as its body leaves them.
  std::map<const clang::VarDecl *, dsl::Submodule> FinalLocals;
  /// Set while inlining a lambda: the scope whose variables it captures.
  const Scope *Captures = nullptr;
  /// Where an op emitted without a source expression is located.
  dsl::SourceLoc NoCallLoc;

  /// A local variable or parameter of module type in a free function.
  FV localModule(const clang::VarDecl *VD, const clang::Expr *Init, Scope &Sc);
  /// `torch::optim::Adam opt(params, options)` and `make_unique` forms.
  bool optimizerConstruction(const clang::VarDecl *VD, Scope &Sc);
};

} // namespace adopter::graph

#endif // ADOPTER_GRAPH_FLOWBUILDER_H
