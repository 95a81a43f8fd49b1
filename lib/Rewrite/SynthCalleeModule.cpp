//===- SynthCalleeModule.cpp - A project's module swapped for a fused one -===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// A rule's `replaces-callee` (add-rmsnorm): the chain ends in the whole
// forward of a module the project wrote itself (LLaMA's RMSNorm), called
// as a member of the reporting class. That member is retyped to the rule's
// module, and each of its constructions is written anew with the arguments
// the rule lists, traced through the project module's constructor:
//
//   RMSNormImpl(int64_t dim, double eps) : eps_(eps) {
//     weight_ = register_parameter("weight", torch::ones({dim}));
//   }
//   ffn_norm = register_module("ffn_norm", RMSNorm(args.dim, args.norm_eps));
//
// becomes `adopter::nn::FusedAddRMSNorm(args.dim, args.norm_eps)` for
// `replaces-callee: [size(%g), $eps]`. Only where the swap keeps the
// module's state and behaviour: the module registers that one parameter
// and nothing else (so checkpoints load: the name must be the new module's
// `weight`), initialises it to ones as the new module does, sets the traced
// members once in its constructor and nowhere else, and the reporting class
// uses the member for this call only.
//
//===----------------------------------------------------------------------===//

#include "Synth.h"
#include "adopter/Graph/TorchTypes.h"
#include "adopter/Rewrite/PureExpression.h"
#include "adopter/Rewrite/StatementRun.h"
#include <functional>

using namespace clang;

namespace adopter::rewrite::detail {

namespace {

/// \p E without implicit nodes, parentheses, converting or copying
/// constructions of one argument and a braced list of one element.
const Expr *bare(const Expr *E) {
  while (E) {
    E = E->IgnoreImplicit()->IgnoreParens();
    if (const auto *C = dyn_cast<CXXConstructExpr>(E);
        C && !isa<CXXTemporaryObjectExpr>(C) && C->getNumArgs() >= 1 &&
        (C->getNumArgs() == 1 || isa<CXXDefaultArgExpr>(C->getArg(1)))) {
      E = C->getArg(0);
      continue;
    }
    if (const auto *L = dyn_cast<CXXStdInitializerListExpr>(E)) {
      E = L->getSubExpr();
      continue;
    }
    if (const auto *IL = dyn_cast<InitListExpr>(E);
        IL && IL->getNumInits() == 1) {
      E = IL->getInit(0);
      continue;
    }
    break;
  }
  return E;
}

/// The field \p E names as a member of its own object (`weight_`,
/// `this->eps_`), or null.
const FieldDecl *ownField(const Expr *E) {
  const auto *ME = dyn_cast_or_null<MemberExpr>(bare(E));
  if (!ME || !(ME->isImplicitAccess() ||
               isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts())))
    return nullptr;
  return dyn_cast<FieldDecl>(ME->getMemberDecl());
}

/// Every expression in \p S that writes field \p FD (an assignment, a
/// compound assignment, an increment, an in-place tensor method `w.mul_()`):
/// for an assignment `FD = v` its right-hand side, else the expression.
void writes(const Stmt *S, const FieldDecl *FD,
            std::vector<const Expr *> &Out) {
  if (!S)
    return;
  auto IsFD = [&](const Expr *E) { return ownField(E) == FD; };
  if (const auto *B = dyn_cast<BinaryOperator>(S);
      B && B->isAssignmentOp() && IsFD(B->getLHS()))
    Out.push_back(B->getOpcode() == BO_Assign ? B->getRHS() : B);
  else if (const auto *U = dyn_cast<UnaryOperator>(S);
           U && U->isIncrementDecrementOp() && IsFD(U->getSubExpr()))
    Out.push_back(U);
  else if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(S);
           OC && OC->isAssignmentOp() && OC->getNumArgs() == 2 &&
           IsFD(OC->getArg(0)))
    Out.push_back(OC->getOperator() == OO_Equal ? OC->getArg(1) : OC);
  else if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S);
           MC && MC->getMethodDecl() &&
           MC->getMethodDecl()->getName().ends_with("_") &&
           IsFD(MC->getImplicitObjectArgument()))
    Out.push_back(MC);
  for (const Stmt *C : S->children())
    writes(C, FD, Out);
}

/// The calls of `register_parameter`, `register_buffer` and
/// `register_module` in \p S.
void registrations(const Stmt *S, std::vector<const CXXMemberCallExpr *> &Out) {
  if (!S)
    return;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S))
    if (const CXXMethodDecl *M = MC->getMethodDecl();
        M && (M->getName() == "register_parameter" ||
              M->getName() == "register_buffer" ||
              M->getName() == "register_module"))
      Out.push_back(MC);
  for (const Stmt *C : S->children())
    registrations(C, Out);
}

/// The body-defined methods of \p RD in this translation unit.
std::vector<const FunctionDecl *> definedMethods(const CXXRecordDecl *RD) {
  std::vector<const FunctionDecl *> Out;
  for (const CXXMethodDecl *M : RD->methods()) {
    const FunctionDecl *Def = nullptr;
    if (M->hasBody(Def))
      Out.push_back(Def);
  }
  return Out;
}

} // namespace

std::string Synth::calleeModule(const match::Finding &F,
                                const std::vector<const Expr *> &Exprs,
                                std::string &Member) {
  // The lifted ops that one call of a member of the reporting class makes
  // (other lifted calls, a helper computing the sum, stay what they are).
  const Expr *Call = nullptr, *Holder = nullptr;
  CalleeOps.clear();
  for (size_t I = 0; I < F.Ops.size(); ++I) {
    if (!Lifted.count(I) || F.Ops[I].Calls.size() != 1)
      continue;
    std::string Ignored;
    const Expr *H = holderOf(F.Ops[I], Exprs[I], Ignored);
    if (!H || !ownField(H))
      continue;
    if (Call && Exprs[I] != Call)
      return "the chain reaches into the forward of two modules ('" +
             text(Holder->getSourceRange()) + "', '" +
             text(H->getSourceRange()) + "'); the rule replaces one";
    Call = Exprs[I], Holder = H;
    CalleeOps.insert(I);
  }
  if (!Call)
    return "no part of the chain is the whole forward of a module that '" +
           F.Function + "' calls as a member; the rule replaces such a module";
  std::string Why;
  const FieldDecl *Field = ownField(Holder);
  const CXXRecordDecl *Own = Index.record(F.Class);
  if (!Own || Field->getParent()->getCanonicalDecl() != Own->getCanonicalDecl())
    return "'" + text(Holder->getSourceRange()) + "' is not a member of '" +
           F.Class + "'; apply retypes the reporting class's own members";
  Member = Field->getNameAsString();
  const CXXRecordDecl *Impl = graph::TorchTypes::moduleOf(Field->getType());
  if (!Impl || Impl->isInStdNamespace() ||
      Ctx.getSourceManager().isInSystemHeader(Impl->getLocation()))
    return "'" + Member + "' is not a module of the project";
  std::string Name = Impl->getNameAsString();
  // Its one constructor, defined here; the other bases add no state.
  const CXXConstructorDecl *Ctor = nullptr;
  for (const CXXConstructorDecl *C : Impl->ctors()) {
    if (C->isImplicit() || C->isCopyOrMoveConstructor() || C->isDeleted())
      continue;
    if (Ctor)
      return "'" + Name +
             "' has several constructors; apply cannot tell "
             "which one builds '" +
             Member + "'";
    Ctor = C;
  }
  const FunctionDecl *Def = nullptr;
  if (!Ctor)
    return "'" + Name +
           "' declares no constructor; apply reads the size and eps the "
           "new module needs from the one that registers the weight";
  if (!Ctor->hasBody(Def))
    return "the constructor of '" + Name +
           "' is not defined in this translation unit";
  Ctor = cast<CXXConstructorDecl>(Def);
  for (const CXXBaseSpecifier &B : Impl->bases()) {
    const CXXRecordDecl *BR = B.getType()->getAsCXXRecordDecl();
    std::string BN = BR ? BR->getQualifiedNameAsString() : "";
    if (BN != "torch::nn::Module" && BN != "torch::nn::Cloneable")
      return "'" + Name + "' derives from '" + B.getType().getAsString() +
             "', whose state the new module would not have";
  }
  std::vector<const CXXMemberCallExpr *> Regs;
  for (const CXXCtorInitializer *CI : Ctor->inits())
    if (CI->isWritten())
      registrations(CI->getInit(), Regs);
  registrations(Ctor->getBody(), Regs);
  // Where a member of the module gets its value: its one write in the
  // constructor (or in-class initializer); no other method writes it.
  auto SetFrom = [&](const FieldDecl *FD, std::string &Why) -> const Expr * {
    std::vector<const Expr *> W, Elsewhere;
    for (const CXXCtorInitializer *CI : Ctor->inits())
      if (CI->getMember() == FD && CI->isWritten())
        W.push_back(CI->getInit());
    writes(Ctor->getBody(), FD, W);
    for (const FunctionDecl *M : definedMethods(Impl))
      if (M != Ctor)
        writes(M->getBody(), FD, Elsewhere);
    if (!Elsewhere.empty()) {
      Why = "'" + Name + "' changes '" + FD->getNameAsString() + "' at " +
            Index.where(Elsewhere.front()->getBeginLoc()) +
            ", after its constructor";
      return nullptr;
    }
    if (W.empty() && FD->getInClassInitializer())
      W.push_back(FD->getInClassInitializer());
    if (W.size() != 1) {
      Why = "'" + Name + "' sets '" + FD->getNameAsString() + "' " +
            (W.empty() ? "nowhere apply can see" : "more than once");
      return nullptr;
    }
    return W.front();
  };
  // The text of a literal (`1e-6`), which reads the same anywhere, or "".
  auto Literal = [&](const Expr *E) -> std::string {
    E = bare(E);
    return literalOnly(E) && !inMacro(E) ? text(E->getSourceRange()) : "";
  };
  // A value of the constructor as an argument of the new construction.
  auto Traced = [&](const Expr *V, Retype::Arg &A) {
    if (const auto *DR = dyn_cast<DeclRefExpr>(bare(V)))
      if (const auto *P = dyn_cast<ParmVarDecl>(DR->getDecl());
          P && P->getDeclContext() == Ctor) {
        A.Param = static_cast<int>(P->getFunctionScopeIndex());
        return true;
      }
    A.Text = Literal(V);
    return !A.Text.empty();
  };
  CalleeCtor.emplace();
  for (const ParmVarDecl *P : Ctor->parameters())
    CalleeCtor->Defaults.push_back(P->hasDefaultArg() &&
                                           !P->hasUninstantiatedDefaultArg()
                                       ? Literal(P->getDefaultArg())
                                       : "");
  const CXXMemberCallExpr *Weight = nullptr;
  for (const std::string &Spec : rep(F).CalleeArgs) {
    llvm::StringRef S(Spec);
    bool Size = S.consume_front("size(%") && S.consume_back(")");
    if (!Size)
      S.consume_front("$");
    const dsl::Value *V = nullptr;
    if (const auto *B =
            Size ? lookupVar(F.Values, S.str()) : lookupVar(F.Attrs, S.str()))
      V = &B->second;
    // How the module's forward writes it.
    const Expr *Own = nullptr;
    for (auto [I, P, E] :
         V ? operandsWithValue(F, *V, Exprs) : std::vector<Operand>{})
      if (CalleeOps.count(I) && P < Lifted.at(I).Own.size())
        Own = Lifted.at(I).Own[P];
    if (!Own)
      return "'" + Spec + "' of the rule is not read inside '" + Name +
             "::forward' (the module has no such member)";
    Retype::Arg A;
    if (!Size && !(A.Text = Literal(Own)).empty()) {
      CalleeCtor->Args.push_back(A);
      continue;
    }
    const FieldDecl *FD = ownField(Own);
    if (!FD || FD->getParent()->getCanonicalDecl() != Impl->getCanonicalDecl())
      return "'" + Name + "::forward' reads " + Spec + " as '" +
             text(Own->getSourceRange()) + "', which is not a member of '" +
             Name + "' set by its constructor";
    const Expr *Set = SetFrom(FD, Why);
    if (!Set)
      return Why;
    if (!Size) {
      if (!Traced(Set, A))
        return "'" + Name + "' sets '" + FD->getNameAsString() + "' to '" +
               text(Set->getSourceRange()) +
               "', neither a parameter of its constructor nor a literal";
      CalleeCtor->Args.push_back(A);
      continue;
    }
    // The parameter: `register_parameter("weight", torch::ones({n}))`.
    const auto *Reg = dyn_cast<CXXMemberCallExpr>(bare(Set));
    const CXXMethodDecl *RM = Reg ? Reg->getMethodDecl() : nullptr;
    if (!RM || RM->getName() != "register_parameter" || Reg->getNumArgs() < 2)
      return "'" + Name + "' sets its parameter '" + FD->getNameAsString() +
             "' from '" + text(Set->getSourceRange()) +
             "', not from register_parameter(name, torch::ones(...))";
    const auto *Str = dyn_cast<StringLiteral>(bare(Reg->getArg(0)));
    if (!Str || Str->getString() != "weight")
      return "'" + Name + "' registers its parameter as " +
             text(Reg->getArg(0)->getSourceRange()) + "; " + rep(F).Module +
             " names it \"weight\", so saved checkpoints would not load";
    const auto *Grad =
        Reg->getNumArgs() > 2 ? Reg->getArg(2)->IgnoreParenImpCasts() : nullptr;
    const auto *GradLit = dyn_cast_or_null<CXXBoolLiteralExpr>(Grad);
    if (Grad && !isa<CXXDefaultArgExpr>(Grad) &&
        !(GradLit && GradLit->getValue()))
      return "'" + Name + "' registers '" + FD->getNameAsString() +
             "' with requires_grad not true; " + rep(F).Module +
             "'s weight is trained";
    const auto *Init = dyn_cast<CallExpr>(bare(Reg->getArg(1)));
    const FunctionDecl *IF = Init ? Init->getDirectCallee() : nullptr;
    std::string IN = IF ? IF->getQualifiedNameAsString() : "";
    if ((IN != "torch::ones" && IN != "at::ones") || Init->getNumArgs() < 1)
      return "'" + Name + "' initialises '" + FD->getNameAsString() +
             "' with '" + text(Reg->getArg(1)->getSourceRange()) + "'; " +
             rep(F).Module + " starts from ones";
    for (unsigned K = 1; K < Init->getNumArgs(); ++K)
      if (!isa<CXXDefaultArgExpr>(Init->getArg(K)))
        return "'" + Name + "' initialises '" + FD->getNameAsString() +
               "' with options ('" + text(Init->getSourceRange()) +
               "'); apply writes the new module's size only";
    if (!Traced(Init->getArg(0), A))
      return "the size of '" + FD->getNameAsString() + "' ('" +
             text(Init->getArg(0)->getSourceRange()) +
             "') is not one parameter of the constructor of '" + Name +
             "' or a literal";
    Weight = Reg;
    CalleeCtor->Args.push_back(A);
  }
  if (!Weight)
    return "the rule's arguments name no parameter of '" + Name +
           "'; the new module's weight would not be the old one's";
  for (const CXXMemberCallExpr *R : Regs)
    if (R != Weight)
      return "'" + Name + "' also registers " +
             text(R->getArg(0)->getSourceRange()) + " (at " +
             Index.where(R->getBeginLoc()) + "), which " + rep(F).Module +
             " does not have";
  // The reporting class uses the member for this call only.
  const Expr *Used = StatementRun::peel(Holder);
  for (const FunctionDecl *M : definedMethods(Own)) {
    if (isa<CXXConstructorDecl>(M))
      continue;
    std::string At;
    std::function<void(const Stmt *)> Walk = [&](const Stmt *S) {
      if (!S || !At.empty())
        return;
      if (const auto *ME = dyn_cast<MemberExpr>(S);
          ME && ME->getMemberDecl() == Field && ME != Used)
        At = Index.where(ME->getBeginLoc());
      for (const Stmt *C : S->children())
        Walk(C);
    };
    Walk(M->getBody());
    if (!At.empty())
      return "'" + Member + "' is also used at " + At +
             "; retyping it would change that use";
  }
  return "";
}

std::string Synth::rebuilt(const Retype &RT, const CXXConstructExpr *CE,
                           std::string &Args) const {
  // The holder's forwarding constructor (`RMSNorm(dim, eps)`), not one
  // taking an impl pointer.
  const CXXConstructorDecl *C = CE->getConstructor();
  // TORCH_MODULE's holder inherits ModuleHolder's constructors.
  if (C && C->isInheritingConstructor())
    C = C->getInheritedConstructor().getConstructor();
  if (!C || !C->getPrimaryTemplate())
    return "'" + RT.Field->getNameAsString() + "' is built from '" +
           text(CE->getSourceRange()) +
           "', not from its module's constructor arguments";
  std::vector<const Expr *> Written;
  for (const Expr *A : CE->arguments())
    if (!isa<CXXDefaultArgExpr>(A))
      Written.push_back(A);
  std::vector<bool> Taken(Written.size());
  int Last = -1;
  bool InOrder = true;
  Args.clear();
  for (const Retype::Arg &A : RT.Args) {
    std::string T = A.Text;
    if (A.Param >= 0 && static_cast<size_t>(A.Param) < Written.size()) {
      const Expr *W = Written[A.Param];
      if (inMacro(W))
        return "an argument of the construction of '" +
               RT.Field->getNameAsString() + "' is inside a macro expansion";
      T = text(W->getSourceRange());
      Taken[A.Param] = true;
      InOrder &= A.Param > Last;
      Last = A.Param;
    } else if (A.Param >= 0) {
      T = static_cast<size_t>(A.Param) < RT.Defaults.size()
              ? RT.Defaults[A.Param]
              : "";
      if (T.empty())
        return "the construction of '" + RT.Field->getNameAsString() +
               "' leaves parameter " + std::to_string(A.Param + 1) +
               " to a default apply cannot write";
    }
    Args += (Args.empty() ? "" : ", ") + T;
  }
  // What the old construction computed and the new one drops or reorders.
  for (size_t K = 0; K < Written.size(); ++K)
    if ((!Taken[K] || !InOrder) && !PureExpression::expr(Written[K], Ctx))
      return "the construction of '" + RT.Field->getNameAsString() +
             "' passes '" + text(Written[K]->getSourceRange()) +
             "', which is not provably free of side effects, and the new "
             "construction would " +
             (Taken[K] ? "reorder" : "drop") + " it";
  return "";
}

} // namespace adopter::rewrite::detail
