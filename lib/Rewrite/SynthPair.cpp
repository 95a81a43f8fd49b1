//===- SynthPair.cpp - Chains whose intermediate value is kept ------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// A pre-norm block reads the residual sum again after normalising it:
//
//   x = x + attn(ln_1(x));
//   x = x + mlp(ln_2(x));
//
// The fused kernel computes both, so the sum's statement becomes the call
// that returns both (a rule's `pair:`), and the norm becomes the new
// variable:
//
//   torch::Tensor x_normed;
//   std::tie(x, x_normed) = ln_2(x, attn(ln_1(x)));
//   x = x + mlp(x_normed);
//
// Only where that is the same program: the sum's statement (`x = a + b;`
// or `T x = a + b;`, x a local tensor) comes before the norm's in the same
// block, with nothing between but declarations initialised without side
// effects and without x; every op of the chain is within the sum or the
// norm;
// the norm's statement reads x elsewhere only as an arithmetic operand (or
// assigns it); what the call reads besides the sum's operands has no side
// effects; and the new name is not used in the function.
//
//===----------------------------------------------------------------------===//

#include "Synth.h"
#include "adopter/Rewrite/PureExpression.h"
#include "adopter/Rewrite/StatementRun.h"
#include "adopter/Rules/Rule.h"
#include "clang/AST/ParentMapContext.h"
#include <functional>

using namespace clang;

namespace adopter::rewrite::detail {

namespace {

/// Whether \p Ref is an operand of a binary `+ - * /` (reads it only).
bool arithmeticOperand(ASTContext &Ctx, const Expr *Ref) {
  DynTypedNode N = DynTypedNode::create(*Ref);
  for (;;) {
    auto Parents = Ctx.getParents(N);
    if (Parents.size() != 1)
      return false;
    N = Parents[0];
    if (N.get<ImplicitCastExpr>() || N.get<ParenExpr>() ||
        N.get<MaterializeTemporaryExpr>() || N.get<CXXBindTemporaryExpr>())
      continue;
    if (const auto *C = N.get<CXXConstructExpr>())
      if (C->getNumArgs() == 1 &&
          C->getConstructor()->isCopyOrMoveConstructor())
        continue;
    break;
  }
  if (const auto *B = N.get<BinaryOperator>())
    return B->isAdditiveOp() || B->isMultiplicativeOp();
  if (const auto *O = N.get<CXXOperatorCallExpr>())
    return O->getNumArgs() == 2 &&
           (O->getOperator() == OO_Plus || O->getOperator() == OO_Minus ||
            O->getOperator() == OO_Star || O->getOperator() == OO_Slash);
  return false;
}

/// Whether the name \p Name is declared or referred to in \p Body.
bool nameUsed(const Stmt *Body, llvm::StringRef Name) {
  bool Used = false;
  std::function<void(const Stmt *)> Walk = [&](const Stmt *S) {
    if (!S || Used)
      return;
    if (const auto *DR = dyn_cast<DeclRefExpr>(S))
      Used |= DR->getDecl()->getName() == Name;
    else if (const auto *ME = dyn_cast<MemberExpr>(S))
      Used |= ME->getMemberDecl()->getName() == Name;
    else if (const auto *DS = dyn_cast<DeclStmt>(S))
      for (const Decl *D : DS->decls())
        if (const auto *ND = dyn_cast<NamedDecl>(D))
          Used |= ND->getName() == Name;
    for (const Stmt *C : S->children())
      Walk(C);
  };
  Walk(Body);
  return Used;
}

} // namespace

std::string unusedName(const FunctionDecl *FD, const std::string &Base) {
  std::string Name = Base;
  for (int I = 2;
       nameUsed(FD->getBody(), Name) ||
       llvm::any_of(FD->parameters(),
                    [&](const ParmVarDecl *P) { return P->getName() == Name; });
       ++I)
    Name = Base + std::to_string(I);
  return Name;
}

std::string Synth::chainEdits(const match::Finding &F, const std::string &Call,
                              const std::string &New,
                              const std::vector<const Expr *> &Exprs,
                              const Expr *Root, SiteEdits &S) {
  const size_t Before = S.Edits.size();
  std::string Why = runEdits(F, Call, New, Exprs, Root, S);
  if (Why.empty() || rep(F).PairKept.empty())
    return Why;
  S.Edits.resize(Before);
  bool Fits = false;
  std::string PairWhy = pairEdits(F, Call, New, Exprs, Root, S, Fits);
  if (Fits)
    return PairWhy;
  S.Edits.resize(Before);
  return Why;
}

std::string Synth::pairEdits(const match::Finding &F, const std::string &Call,
                             const std::string &New,
                             const std::vector<const Expr *> &Exprs,
                             const Expr *Root, SiteEdits &S, bool &Fits) {
  Fits = false;
  const rules::Replacement &Rep = rep(F);
  int K = definingOp(F, Rep.PairKept);
  if (K < 0 || Lifted.count(K))
    return "";
  const Expr *Kept = Exprs[K];
  if (contains(Root, Kept))
    return "";
  for (const Expr *E : Exprs)
    if (!contains(Kept, E) && !contains(Root, E))
      return "";
  // `x = a + b;` or `T x = a + b;`, before the root's statement in its
  // block.
  auto [KeptSt, V] = Index.assignmentOf(Kept);
  bool Declares = false;
  if (!KeptSt) {
    std::tie(KeptSt, V) = Index.declarationOf(Kept);
    Declares = KeptSt != nullptr;
  }
  auto [RootSt, Block] = Index.blockStatementOf(Root);
  if (!KeptSt || !V || !RootSt || Index.blockStatementOf(Kept).second != Block)
    return "";
  // Between them, only declarations initialised without side effects and
  // without x (the norm moves before them).
  const std::vector<const DeclRefExpr *> Refs = AstIndex::references(V);
  bool After = false;
  const Stmt *Between = nullptr;
  for (const Stmt *C : Block->body()) {
    if (C == RootSt)
      break;
    if (After && !Between) {
      bool Quiet = isa<DeclStmt>(C);
      for (const Decl *D :
           Quiet ? cast<DeclStmt>(C)->decls() : llvm::ArrayRef<Decl *>())
        if (const auto *VD = dyn_cast<VarDecl>(D))
          Quiet &= VD->getInit() && StatementRun::valueType(VD->getType()) &&
                   PureExpression::expr(VD->getInit(), Ctx) &&
                   llvm::none_of(Refs, [&](const DeclRefExpr *R) {
                     return contains(VD->getInit(), R);
                   });
      if (!Quiet)
        Between = C;
    }
    After |= C == KeptSt;
  }
  if (!After)
    return "";
  Fits = true;
  const std::string X = V->getName().str();
  const std::string Where = Index.where(KeptSt->getBeginLoc());
  if (Between)
    return "'" + X + "' (the chain's %" + Rep.PairKept + ", stored at " +
           Where +
           ") is read again after the chain; apply writes both results "
           "there only when what comes between that statement and the "
           "chain's declares variables without side effects (not the "
           "statement at " +
           Index.where(Between->getBeginLoc()) + ")";
  const CXXRecordDecl *RD = V->getType()->getAsCXXRecordDecl();
  if (V->getType()->isReferenceType() || V->getType().isConstQualified() ||
      !V->hasLocalStorage() || !RD ||
      RD->getQualifiedNameAsString() != "at::Tensor")
    return "'" + X + "' at " + Where +
           " is not a tensor variable apply can assign with std::tie (a "
           "const, a reference, a static, or another type)";
  // The root's statement reads x elsewhere only as an arithmetic operand,
  // or assigns it after computing its value.
  const Expr *Assigned = AstIndex::assignmentSides(RootSt).first;
  const SourceRange RS = RootSt->getSourceRange();
  for (const DeclRefExpr *Ref : Refs) {
    if (SM.isBeforeInTranslationUnit(Ref->getBeginLoc(), RS.getBegin()) ||
        SM.isBeforeInTranslationUnit(RS.getEnd(), Ref->getEndLoc()) ||
        contains(Root, Ref))
      continue;
    if ((Assigned && StatementRun::peel(Assigned) == Ref) ||
        arithmeticOperand(Ctx, Ref))
      continue;
    return "'" + X + "' is also used at " + Index.where(Ref->getBeginLoc()) +
           ", in the statement that normalises it, where apply cannot tell "
           "that it is only read";
  }
  // What the call reads besides the kept value's operands is read earlier
  // than before, so it must not have side effects.
  auto Early = [&](const std::string &Pattern, std::string &Why) {
    std::vector<const Expr *> Read;
    std::string Text = callText(F, Pattern, New, Exprs, Why, &Read);
    for (const Expr *E : Read)
      if (Why.empty() && !contains(Kept, E) && !PureExpression::expr(E, Ctx))
        Why = "'" + text(E->getSourceRange()) + "' at " +
              Index.where(E->getBeginLoc()) +
              " would be read where the sum is computed, and it has side "
              "effects";
    return Why.empty() ? Text : "";
  };
  // `x = norm(x);`, `x = norm(x) * 2;`: the norm's statement assigns x and
  // reads the sum only through the chain, so the sum is not read after it.
  // The chain's result is then written where the sum was (BERT's
  // embeddings: `auto e = a + b + c; e = LayerNorm(e);` becomes `auto e =
  // <call>;`), and the norm's statement reads x in its place (or goes).
  if (auto [L, R] = AstIndex::assignmentSides(RootSt); L && R) {
    const auto *DR = dyn_cast<DeclRefExpr>(StatementRun::peel(L));
    bool Only = DR && DR->getDecl() == V;
    for (const DeclRefExpr *Ref : Refs)
      if (Only && Ref != DR && !contains(Root, Ref) &&
          !SM.isBeforeInTranslationUnit(Ref->getBeginLoc(), RS.getBegin()) &&
          !SM.isBeforeInTranslationUnit(RS.getEnd(), Ref->getEndLoc()))
        Only = false;
    if (Only) {
      std::string Why;
      std::string One = Early(Call, Why);
      if (!Why.empty())
        return Why;
      auto R1 = replaceTokens(Kept->getSourceRange(), One);
      auto R2 = StatementRun::peel(R) == StatementRun::peel(Root)
                    ? removeStatement(RootSt)
                    : replaceTokens(Root->getSourceRange(), X);
      if (!R1 || !R2)
        return "the chain is not in a file apply may edit";
      S.Edits.push_back(*R1);
      S.Edits.push_back(*R2);
      return "";
    }
  }
  // The new variable's name, unused in the function.
  const auto *FD =
      dyn_cast_or_null<FunctionDecl>(V->getParentFunctionOrMethod());
  if (!FD || !FD->getBody())
    return "'" + X + "' is not declared in a function body";
  std::string Name = unusedName(FD, X + "_" + Rep.PairName);
  std::string Why;
  std::string Both = Early(Rep.PairCall, Why);
  if (!Why.empty())
    return Why;
  // Indented as the kept value's statement.
  std::optional<std::string> Lead = indentOf(KeptSt->getBeginLoc());
  std::string Sep = Lead ? "\n" + *Lead : " ";
  // `x = (a + b)` keeps its `;`; a declaration (`auto h = a + b;`,
  // `torch::Tensor h(a + b);`, its range ending at the `;`) is written
  // whole.
  std::string Tie = "torch::Tensor " + (Declares ? X + ", " : "") + Name + ";" +
                    Sep + "std::tie(" + X + ", " + Name + ") = " + Both;
  auto R1 = replaceTokens(KeptSt->getSourceRange(), Declares ? Tie + ";" : Tie);
  auto R2 = replaceTokens(Root->getSourceRange(), Name);
  if (!R1 || !R2)
    return "the chain is not in a file apply may edit";
  S.Edits.push_back(*R1);
  S.Edits.push_back(*R2);
  return "";
}

} // namespace adopter::rewrite::detail
