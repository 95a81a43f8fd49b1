//===- SynthCallee.cpp - Chains rewritten at a callee's call --------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// A chain that reaches into a callee whose whole body belongs to it (a
// user activation module `act(fc(x))`, a helper `mean_square(x)`) is
// rewritten where the reporting function calls that callee: the call is
// one of the chain's expressions, and the callee stays as it is (other
// callers keep it; with none left it is dead code). What the replacement
// reads from the callee's ops must be writable at the call: an operand is
// traced back through each callee's parameters to the argument its call
// passes, or it is a literal.
//
//===----------------------------------------------------------------------===//

#include "Synth.h"
#include "adopter/Rewrite/PureExpression.h"
#include "adopter/Rewrite/StatementRun.h"
#include <algorithm>
#include <functional>
#include <set>

using namespace clang;

namespace adopter::rewrite::detail {

namespace {

/// The argument \p Call passes for parameter \p Index of its callee (a
/// module holder's `operator()` forwards to `forward`'s parameters), or
/// null when it writes none there.
const Expr *argumentFor(const Expr *Call, unsigned Index) {
  const Expr *A = nullptr;
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(Call)) {
    if (OC->getOperator() == OO_Call && Index + 1 < OC->getNumArgs())
      A = OC->getArg(Index + 1);
  } else if (const auto *C = dyn_cast<CallExpr>(Call)) {
    if (Index < C->getNumArgs())
      A = C->getArg(Index);
  }
  if (!A || isa<CXXDefaultArgExpr>(A->IgnoreImplicit()))
    return nullptr;
  return A;
}

/// True when the body of \p P's function assigns \p P (`q = q * s;`,
/// `q += 1`, `++n`): the parameter (or local) then no longer holds the
/// argument (or its initializer).
bool reassigned(const VarDecl *P) {
  const auto *Fn = dyn_cast_or_null<FunctionDecl>(P->getDeclContext());
  const Stmt *Body = Fn ? Fn->getBody() : nullptr;
  auto IsP = [&](const Expr *E) {
    const auto *DR = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
    return DR && DR->getDecl() == P;
  };
  std::function<bool(const Stmt *)> Walk = [&](const Stmt *S) {
    if (!S)
      return false;
    if (const auto *B = dyn_cast<BinaryOperator>(S);
        B && B->isAssignmentOp() && IsP(B->getLHS()))
      return true;
    if (const auto *U = dyn_cast<UnaryOperator>(S);
        U && U->isIncrementDecrementOp() && IsP(U->getSubExpr()))
      return true;
    if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(S);
        OC && OC->isAssignmentOp() && OC->getNumArgs() >= 1 &&
        IsP(OC->getArg(0)))
      return true;
    for (const Stmt *C : S->children())
      if (Walk(C))
        return true;
    return false;
  };
  return Walk(Body);
}

} // namespace

std::string Synth::lift(size_t I, const match::FindingOp &O, const Expr *&E) {
  std::vector<const Expr *> Calls;
  for (const dsl::SourceLoc &L : O.Calls) {
    const Expr *C = Index.callAt(L);
    if (!C)
      return "the call at " + match::Finding::locText(L) +
             " through which the chain reaches '" + O.Callee +
             "' is not in this translation unit; apply replaces a callee's "
             "call where one translation unit holds the call and the "
             "callee's body";
    Calls.push_back(C);
  }
  if (E && inMacro(E))
    return "'" + O.Op + "' at " + match::Finding::locText(O.Loc) +
           " is inside a macro expansion";
  if (inMacro(Calls.front()))
    return "the call of '" + O.Callee + "' at " +
           match::Finding::locText(O.Calls.front()) +
           " is inside a macro expansion";
  // The callee's body in another translation unit: its ops' operands are
  // unknown here, which is fine as long as they are all the chain's values.
  if (!E)
    for (const dsl::Arg &A : O.Args)
      if (!A.Val.isRef())
        return "'" + O.Op + "' at " + match::Finding::locText(O.Loc) +
               " has an argument written in '" + O.Callee +
               "', whose body is in another translation unit";
  LiftedOp L;
  if (E)
    L.Own = AstIndex::operands(E);
  for (const Expr *Own : L.Own) {
    const Expr *At = atCall(O, Own);
    if (!At && literalOnly(Own))
      At = Own; // `1e-6`, `"tanh"`: the same text anywhere
    L.At.push_back(At);
  }
  L.Call = E;
  Lifted[I] = std::move(L);
  E = Calls.front();
  return "";
}

const Expr *Synth::atCall(const match::FindingOp &O, const Expr *E) const {
  // Back through the parameters, innermost callee first.
  for (size_t K = O.Calls.size(); E && K-- > 0;) {
    const auto *DR = dyn_cast<DeclRefExpr>(StatementRun::peel(E));
    const auto *P = DR ? dyn_cast<ParmVarDecl>(DR->getDecl()) : nullptr;
    if (P && reassigned(P))
      return nullptr;
    const Expr *Call = Index.callAt(O.Calls[K]);
    E = P && Call ? argumentFor(Call, P->getFunctionScopeIndex()) : nullptr;
  }
  return E;
}

std::string Synth::callerText(const match::FindingOp &O, const Expr *E,
                              std::vector<const Expr *> *Args) const {
  if (!E || inMacro(E))
    return "";
  // The parameters' places in E, and what each becomes.
  std::vector<std::pair<const DeclRefExpr *, std::string>> Subst;
  bool Ok = true;
  std::function<void(const Stmt *)> Walk = [&](const Stmt *S) {
    if (!S || !Ok)
      return;
    if (isa<CXXThisExpr>(S)) {
      Ok = false;
      return;
    }
    if (const auto *DR = dyn_cast<DeclRefExpr>(S)) {
      const auto *V = dyn_cast<VarDecl>(DR->getDecl());
      if (isa<ParmVarDecl>(DR->getDecl())) {
        const Expr *A = atCall(O, DR);
        if (!A || inMacro(A) || DR->getLocation().isMacroID() ||
            !PureExpression::expr(A, Ctx)) {
          Ok = false;
          return;
        }
        const Expr *Bare = StatementRun::peel(A);
        std::string T = text(A->getSourceRange());
        if (!isa<DeclRefExpr, IntegerLiteral, FloatingLiteral>(Bare))
          T = "(" + T + ")";
        Subst.push_back({DR, T});
        if (Args)
          Args->push_back(A);
      } else if (V && (V->hasLocalStorage() || V->isStaticLocal())) {
        // A local of the callee initialised once, without side effects and
        // to its own type (`auto kt = k.transpose(-2, -1);`): its
        // initializer, written the same way.
        const Expr *Init = V->getInit();
        std::string T;
        if (Init && !V->isStaticLocal() && !V->getType()->isReferenceType() &&
            !reassigned(V) && !inMacro(Init) && Depth < 8 &&
            PureExpression::expr(Init, Ctx) &&
            Ctx.hasSameUnqualifiedType(V->getType(),
                                       Init->IgnoreImplicit()->getType())) {
          ++Depth;
          T = callerText(O, Init, Args);
          --Depth;
        }
        if (T.empty()) {
          Ok = false;
          return;
        }
        if (DR != StatementRun::peel(E) &&
            !isa<DeclRefExpr, IntegerLiteral, FloatingLiteral>(
                StatementRun::peel(Init)))
          T = "(" + T + ")";
        Subst.push_back({DR, T});
      }
      return;
    }
    for (const Stmt *C : S->children())
      Walk(C);
  };
  Walk(E);
  if (!Ok)
    return "";
  // E's text with each parameter's token replaced, left to right.
  unsigned B = SM.getFileOffset(E->getBeginLoc());
  unsigned End = SM.getFileOffset(tokenEnd(E->getSourceRange()));
  llvm::StringRef Buf = SM.getBufferData(SM.getFileID(E->getBeginLoc()));
  std::sort(Subst.begin(), Subst.end(), [&](const auto &X, const auto &Y) {
    return SM.getFileOffset(X.first->getLocation()) <
           SM.getFileOffset(Y.first->getLocation());
  });
  std::string Out;
  unsigned At = B;
  for (const auto &[DR, T] : Subst) {
    unsigned DB = SM.getFileOffset(DR->getBeginLoc());
    unsigned DE = SM.getFileOffset(tokenEnd(DR->getSourceRange()));
    if (DB < At || DE > End)
      return "";
    Out += Buf.slice(At, DB).str() + T;
    At = DE;
  }
  return Out + Buf.slice(At, End).str();
}

const Expr *Synth::holderAt(const match::Finding &F, size_t I,
                            const std::vector<const Expr *> &Exprs,
                            std::string &Why) const {
  const match::FindingOp &O = F.Ops[I];
  auto L = Lifted.find(I);
  if (L == Lifted.end())
    return holderOf(O, Exprs[I], Why);
  const Expr *H = holderOf(O, L->second.Call, Why);
  if (!H)
    return nullptr;
  // A module the caller passed (`up` given as `fc`), or a member of the
  // caller's own class used by its method (`w1` in `this->gated(x)`).
  if (const Expr *At = atCall(O, H))
    return At;
  const auto *ME = dyn_cast<MemberExpr>(StatementRun::peel(H));
  const auto *FD = ME ? dyn_cast<FieldDecl>(ME->getMemberDecl()) : nullptr;
  const CXXRecordDecl *Own = Index.record(F.Class);
  if (FD && Own && ME->isImplicitAccess() &&
      FD->getParent()->getCanonicalDecl() == Own->getCanonicalDecl() &&
      O.Op.find('.') == std::string::npos)
    return H;
  Why = calledInside(O);
  return nullptr;
}

std::string Synth::liftedCalls(const match::Finding &F,
                               const std::vector<const Expr *> &Exprs) const {
  // The arguments that give the chain's inputs: the call reads them.
  std::set<std::string> Made;
  for (const match::FindingOp &O : F.Ops)
    Made.insert(O.Results.begin(), O.Results.end());
  std::set<const Expr *> Inputs;
  for (const auto &[I, L] : Lifted) {
    size_t K = 0;
    for (const dsl::Arg &A : F.Ops[I].Args) {
      if (!A.Key.empty())
        continue;
      if (K < L.At.size() && L.At[K] && A.Val.isRef() &&
          !Made.count(A.Val.Text))
        Inputs.insert(StatementRun::peel(L.At[K]));
      ++K;
    }
  }
  for (const auto &[I, L] : Lifted) {
    // The call goes, and with it what its arguments compute: each holds an
    // op of the chain, gives an input (which the replacement reads) or is
    // free of side effects.
    for (const Expr *A : AstIndex::operands(Exprs[I])) {
      if (isa<CXXDefaultArgExpr>(A) || PureExpression::expr(A, Ctx) ||
          Inputs.count(StatementRun::peel(A)))
        continue;
      bool Chain = false;
      // (Another callee's call the chain lifts is the chain's too.)
      for (size_t J = 0; J < Exprs.size() && !Chain; ++J)
        Chain = Exprs[J] != Exprs[I] && contains(A, Exprs[J]);
      if (!Chain)
        return "the call of '" + F.Ops[I].Callee + "' at " +
               match::Finding::locText(F.Ops[I].Calls.front()) + " passes '" +
               text(A->getSourceRange()) +
               "', which is not provably free of side effects; apply "
               "replaces a callee's call "
               "only when what its arguments compute is the chain's or "
               "free of side effects";
    }
  }
  return "";
}

std::vector<const Expr *>
Synth::operandsOf(size_t I, const std::vector<const Expr *> &Exprs) const {
  if (auto It = Lifted.find(I); It != Lifted.end())
    return It->second.At;
  return AstIndex::operands(Exprs[I]);
}

std::string Synth::calledInside(const match::FindingOp &O) {
  return "the submodule '" + (O.Via.empty() ? O.Op : O.Via) + "' at " +
         match::Finding::locText(O.Loc) + " is called inside '" + O.Callee +
         "', where the call of '" + O.Callee +
         "' cannot name it; apply rewrites a callee's call only when the "
         "replacement needs no submodule or one the caller names itself";
}

} // namespace adopter::rewrite::detail
