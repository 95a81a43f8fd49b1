//===- StatementRun.cpp - A chain written over several statements ---------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/Rewrite/StatementRun.h"
#include "adopter/Rewrite/PureExpression.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include <algorithm>
#include <set>
#include <utility>

using namespace clang;

namespace adopter::rewrite {

namespace {

/// \p E without implicit nodes and copies (`fc(x)` copies x into the
/// by-value parameter).
const Expr *peel(const Expr *E) {
  for (unsigned Depth = 0; E && Depth < 8; ++Depth) {
    E = E->IgnoreImplicit()->IgnoreParens();
    const auto *CE = dyn_cast<CXXConstructExpr>(E);
    if (!CE || CE->getNumArgs() != 1 || isa<CXXTemporaryObjectExpr>(CE) ||
        !CE->getConstructor()->isCopyOrMoveConstructor())
      break;
    E = CE->getArg(0);
  }
  return E;
}

/// `v += b;` (or -=, *=, /=) as a statement: the operator call; else null.
const CXXOperatorCallExpr *compoundAssignment(const Stmt *S) {
  const auto *E = dyn_cast<Expr>(S);
  const auto *OC =
      E ? dyn_cast<CXXOperatorCallExpr>(E->IgnoreImplicit()) : nullptr;
  if (!OC || OC->getNumArgs() != 2)
    return nullptr;
  switch (OC->getOperator()) {
  case OO_PlusEqual:
  case OO_MinusEqual:
  case OO_StarEqual:
  case OO_SlashEqual:
    return OC;
  default:
    return nullptr;
  }
}

/// `v = ...;` or `v += ...;`: v's reference and v; {null, null} for another
/// statement.
std::pair<const DeclRefExpr *, const VarDecl *> assigned(const Stmt *S) {
  const Expr *L = AstIndex::assignmentSides(S).first;
  if (const CXXOperatorCallExpr *OC = compoundAssignment(S))
    L = OC->getArg(0);
  const auto *DR = L ? dyn_cast<DeclRefExpr>(peel(L)) : nullptr;
  const auto *V = DR ? dyn_cast<VarDecl>(DR->getDecl()) : nullptr;
  return {V ? DR : nullptr, V};
}

/// The one statement that `if (Cond) S;` or `if (Cond) { S; }` runs, when
/// \p St is such an `if` (no `else`, no init statement or declared
/// condition) and Cond is spelled \p Cond (whitespace aside); else null.
const Stmt *guarded(const Stmt *St, const std::string &Cond,
                    const ASTContext &Ctx) {
  const auto *If = dyn_cast<IfStmt>(St);
  if (!If || If->getElse() || If->getInit() || If->getConditionVariable() ||
      !If->getCond() || If->isConsteval())
    return nullptr;
  auto Squeezed = [](llvm::StringRef T) {
    std::string Out;
    for (char C : T)
      if (!isspace(static_cast<unsigned char>(C)))
        Out += C;
    return Out;
  };
  llvm::StringRef Text = Lexer::getSourceText(
      CharSourceRange::getTokenRange(If->getCond()->getSourceRange()),
      Ctx.getSourceManager(), Ctx.getLangOpts());
  if (Text.empty() || Squeezed(Text) != Squeezed(Cond))
    return nullptr;
  const Stmt *Then = If->getThen();
  if (const auto *CS = dyn_cast<CompoundStmt>(Then))
    Then = CS->size() == 1 ? CS->body_front() : nullptr;
  return Then && isa<Expr>(Then) ? Then : nullptr;
}

/// The value statement \p S stores or returns: `v = Value;`, `T v =
/// Value;`, `return Value;`; null for another statement.
const Expr *storedValue(const Stmt *S) {
  if (const auto *R = dyn_cast<ReturnStmt>(S))
    return R->getRetValue();
  if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    const auto *V =
        DS->isSingleDecl() ? dyn_cast<VarDecl>(DS->getSingleDecl()) : nullptr;
    return V ? V->getInit() : nullptr;
  }
  return AstIndex::assignmentSides(S).second;
}

/// True when \p S only computes \p Root: `v = Root;`, `T v = Root;`,
/// `return Root;`.
bool computesOnly(const Stmt *S, const Expr *Root) {
  const Expr *Value = storedValue(S);
  return Value && peel(Value) == peel(Root);
}

/// \p S, or the one statement of the block \p S is; null for a block of
/// more or fewer.
const Stmt *single(const Stmt *S) {
  const auto *CS = dyn_cast_or_null<CompoundStmt>(S);
  return !CS ? S : CS->size() == 1 ? CS->body_front() : nullptr;
}

/// The `if` inside \p S whose then or else branch is \p Branch, or null.
const IfStmt *ifOfBranch(const Stmt *S, const Stmt *Branch) {
  const auto *If = dyn_cast<IfStmt>(S);
  if (If && (If->getThen() == Branch || If->getElse() == Branch))
    return If;
  for (const Stmt *C : S->children())
    if (const IfStmt *Found = C ? ifOfBranch(C, Branch) : nullptr)
      return Found;
  return nullptr;
}

bool has(const Stmt *S, const Stmt *Part) {
  if (S == Part)
    return true;
  for (const Stmt *C : S->children())
    if (C && has(C, Part))
      return true;
  return false;
}

/// Why the arm \p S (of an if-path split) cannot compute the removed
/// statement's value in place of its read \p Ref: "" when every path from
/// S to Ref is unconditional (no `?:`, `&&`, `||` or lambda around it) and
/// what S evaluates beside it is free of side effects.
std::string armRead(const Stmt *S, const DeclRefExpr *Ref, ASTContext &Ctx) {
  const std::string Name = "'" + Ref->getDecl()->getNameAsString() + "'";
  if (S == Ref)
    return "";
  const auto *BO = dyn_cast<BinaryOperator>(S);
  if (isa<AbstractConditionalOperator, LambdaExpr, StmtExpr>(S) ||
      (BO && BO->isLogicalOp()))
    return "reads " + Name + " under a condition of its own";
  for (const Stmt *C : S->children()) {
    if (!C || has(C, Ref)) {
      if (C)
        if (std::string Why = armRead(C, Ref, Ctx); !Why.empty())
          return Why;
      continue;
    }
    const auto *E = dyn_cast<Expr>(C);
    if (!E || (!isa<CXXDefaultArgExpr>(E) && !PureExpression::expr(E, Ctx)))
      return "computes more beside its read of " + Name +
             ", which may have side effects";
  }
  return "";
}

/// \p E is a whole argument of a call (`f(e)`, `m(e)`, `g(a, e)`), where
/// any expression written in its place needs no parentheses.
bool wholeArgument(const Expr *E, ASTContext &Ctx) {
  const Stmt *Cur = E;
  while (true) {
    auto Parents = Ctx.getParents(*Cur);
    const Stmt *P = Parents.size() == 1 ? Parents[0].get<Stmt>() : nullptr;
    if (!P)
      return false;
    // The conversions and copies an argument gets, not written.
    const auto *CE = dyn_cast<CXXConstructExpr>(P);
    if (isa<ImplicitCastExpr, MaterializeTemporaryExpr, CXXBindTemporaryExpr>(
            P) ||
        (CE && !isa<CXXTemporaryObjectExpr>(CE) && CE->getNumArgs() == 1 &&
         CE->getParenOrBraceRange().isInvalid())) {
      Cur = P;
      continue;
    }
    const auto *C = dyn_cast<CallExpr>(P);
    if (!C)
      return false;
    // An operator's operand needs them (`(a + b) * 2`), but not an
    // argument of a module's `operator()`.
    if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(C))
      return OC->getOperator() == OO_Call && OC->getArg(0) != Cur;
    return C->getCallee() != Cur && llvm::is_contained(C->arguments(), Cur);
  }
}

/// The text of \p Value written where \p Read reads it: parenthesised
/// unless it is a postfix expression or \p Read a whole argument of a call.
std::string inlineText(const Expr *Value, const Expr *Read, ASTContext &Ctx) {
  SourceRange R = Value->getSourceRange();
  if (R.getBegin().isMacroID() || R.getEnd().isMacroID())
    return "";
  std::string Text =
      Lexer::getSourceText(CharSourceRange::getTokenRange(R),
                           Ctx.getSourceManager(), Ctx.getLangOpts())
          .str();
  const Expr *E = Value->IgnoreImplicit();
  const auto *OC = dyn_cast<CXXOperatorCallExpr>(E);
  bool Postfix =
      OC ? OC->getOperator() == OO_Call || OC->getOperator() == OO_Subscript
         : isa<CallExpr, DeclRefExpr, ParenExpr, MemberExpr>(E);
  return Text.empty() || Postfix || wholeArgument(Read, Ctx) ? Text
                                                             : "(" + Text + ")";
}

} // namespace

bool StatementRun::valueType(QualType T) {
  T = T.getNonReferenceType();
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD)
    return T->isScalarType() || T->isArrayType() || T->isUndeducedType();
  const std::string Name = RD->getQualifiedNameAsString();
  return Name == "at::Tensor" || Name == "at::TensorBase" ||
         RD->isInStdNamespace() || Name == "c10::ArrayRef" ||
         PureExpression::optionsClass(RD);
}

const Expr *StatementRun::peel(const Expr *E) {
  return ::adopter::rewrite::peel(E);
}

StatementRun::Plan
StatementRun::plan(const std::vector<const Expr *> &Exprs, const Expr *Root,
                   const std::vector<const Expr *> &Inputs, std::string &Why,
                   const std::map<const Expr *, std::string> &Guards,
                   const std::string &Arm) const {
  const SourceManager &SM = Index.context().getSourceManager();
  auto Within = [&](SourceRange Outer, SourceRange Inner) {
    return !SM.isBeforeInTranslationUnit(Inner.getBegin(), Outer.getBegin()) &&
           !SM.isBeforeInTranslationUnit(Outer.getEnd(), Inner.getEnd());
  };
  std::vector<const Expr *> Outside;
  for (const Expr *E : Exprs)
    if (!Within(Root->getSourceRange(), E->getSourceRange()))
      Outside.push_back(E);
  if (Outside.empty())
    return {};
  auto Fail = [&](std::string W) {
    Why = std::move(W);
    return Plan{};
  };
  auto [RootStmt, Block] = Index.blockStatementOf(Root);
  if (!RootStmt)
    return Fail("the chain's last op is not in a statement of a block");
  // An if-path split: the value the path the chain does not take computes
  // (Other), in `v = c ? a : b;` (RootStmt) or `if (c) v = a; else v = b;`
  // (RootStmt the `if`; RootStore and OtherStore its branches).
  const Stmt *RootStore = RootStmt, *OtherStore = nullptr;
  const Expr *Other = nullptr, *Cond = nullptr;
  if (!Arm.empty()) {
    const auto *If = dyn_cast<IfStmt>(RootStmt);
    if (!If)
      if (const Stmt *Top = Index.bodyStatementOf(Root).first)
        if ((If = ifOfBranch(Top, Block)))
          std::tie(RootStmt, Block) = Index.blockStatementOf(If->getCond());
    if (If && RootStmt == If && If->getElse() && !If->getInit() &&
        !If->getConditionVariable() && !If->isConsteval()) {
      bool InThen =
          Within(If->getThen()->getSourceRange(), Root->getSourceRange());
      RootStore = single(InThen ? If->getThen() : If->getElse());
      OtherStore = single(InThen ? If->getElse() : If->getThen());
      Cond = If->getCond();
      // Both branches store the same variable, or both return.
      auto Stores = [](const Stmt *S) {
        return AstIndex::assignmentSides(S).first ? assigned(S).second
                                                  : nullptr;
      };
      bool Same =
          RootStore && OtherStore &&
          (isa<ReturnStmt>(RootStore)
               ? isa<ReturnStmt>(OtherStore)
               : Stores(RootStore) && Stores(RootStore) == Stores(OtherStore));
      const Expr *Value = Same ? storedValue(RootStore) : nullptr;
      if (Value && Within(Value->getSourceRange(), Root->getSourceRange()))
        Other = storedValue(OtherStore);
    } else if (const Expr *Value = storedValue(RootStmt)) {
      const auto *CO = dyn_cast<ConditionalOperator>(peel(Value));
      if (CO &&
          Within(CO->getTrueExpr()->getSourceRange(), Root->getSourceRange()))
        Other = CO->getFalseExpr();
      else if (CO && Within(CO->getFalseExpr()->getSourceRange(),
                            Root->getSourceRange()))
        Other = CO->getTrueExpr();
      Cond = CO ? CO->getCond() : nullptr;
    }
    if (!Other)
      return Fail("part of the chain runs only when '" + Arm +
                  "'; apply splits if-paths where the chain's last op is in "
                  "one arm of a conditional (`c ? a : b`) that its "
                  "statement stores or returns, or in one branch of an "
                  "`if`/`else` whose branches each store one variable or "
                  "return, after the chain's other statements");
    if (!PureExpression::expr(Cond, Index.context()))
      return Fail("the condition at " + Index.where(Cond->getBeginLoc()) +
                  " is not provably free of side effects; apply does not "
                  "move the chain's statements past it");
  }
  std::vector<const Stmt *> Body(Block->body_begin(), Block->body_end());
  size_t RI = std::find(Body.begin(), Body.end(), RootStmt) - Body.begin();
  // Each statement as the chain stores into it: a guard `if` (below) as
  // the one statement it runs.
  std::vector<const Stmt *> Inner = Body;
  if (RI < Body.size())
    Inner[RI] = RootStore;
  std::set<size_t> Run;
  std::vector<const IfStmt *> GuardIfs;
  for (const Expr *E : Outside) {
    auto [S, B] = Index.blockStatementOf(E);
    size_t I = B == Block
                   ? std::find(Body.begin(), Body.end(), S) - Body.begin()
                   : Body.size();
    if (auto G = Guards.find(E); G != Guards.end()) {
      I = Body.size();
      for (size_t J = 0; J < RI && I == Body.size(); ++J)
        if (Within(Body[J]->getSourceRange(), E->getSourceRange()))
          I = J;
      const Stmt *Only =
          I < RI ? guarded(Body[I], G->second, Index.context()) : nullptr;
      // A guard that goes has no side effects (StatementRun drops it or
      // evaluates it at the chain's last op). Checked on the source's `if`:
      // the graph spells calls inlined (`next()` as `++calls % 2 == 0`).
      const auto *If = I < RI ? dyn_cast<IfStmt>(Body[I]) : nullptr;
      if (If && If->getCond() &&
          !PureExpression::expr(If->getCond(), Index.context()))
        return Fail("the condition at " +
                    Index.where(If->getCond()->getBeginLoc()) +
                    " is not provably free of side effects; apply does not "
                    "move it to the chain's last op");
      if (!Only || !Within(Only->getSourceRange(), E->getSourceRange()))
        return Fail("the chain's op at " + Index.where(E->getExprLoc()) +
                    " is not the only statement of an `if (" + G->second +
                    ")` without `else` before the chain's last op");
      Inner[I] = Only;
      GuardIfs.push_back(cast<IfStmt>(Body[I]));
    }
    if (I >= RI)
      return Fail("the chain's op at " + Index.where(E->getExprLoc()) +
                  " is not in a statement before the one of its last op, in "
                  "the same block");
    Run.insert(I);
  }
  size_t First = *Run.begin();
  // A statement between the chain's stays where it is when it only
  // declares variables from pure initializers (`auto m = (mask == 0)
  // .view(...);`, an input of the chain): the chain's ops, which move past
  // it, cannot see the difference. (It reads none of the chain's variables:
  // checked with them below.)
  std::set<size_t> Kept;
  for (size_t I = First; I < RI; ++I) {
    if (Run.count(I))
      continue;
    const auto *DS = dyn_cast<DeclStmt>(Body[I]);
    bool Pure = DS != nullptr;
    if (DS)
      for (const Decl *D : DS->decls()) {
        const auto *VD = dyn_cast<VarDecl>(D);
        Pure &= VD && VD->hasLocalStorage() &&
                !VD->getType()->isReferenceType() && VD->getInit() &&
                valueType(VD->getType()) &&
                PureExpression::expr(VD->getInit(), Index.context());
      }
    if (!Pure)
      return Fail("the statement at " + Index.where(Body[I]->getBeginLoc()) +
                  " stands between the chain's statements; apply keeps "
                  "only declarations of values (not guards such as "
                  "torch::NoGradGuard) from expressions it can prove free of "
                  "side effects there");
    Kept.insert(I);
  }
  // Each statement is `v = op;` or `T v = op;` with op an op of the chain.
  std::set<const Expr *> Operands;
  for (const Expr *E : Exprs)
    for (const Expr *O : AstIndex::operands(E))
      Operands.insert(peel(O));
  struct Head {
    const VarDecl *V;
    const Stmt *Decl; ///< the statement when it declares V
    size_t At;        ///< its place in the block
  };
  std::vector<Head> Heads;
  for (size_t I = First; I < RI; ++I) {
    if (Kept.count(I))
      continue;
    Head H{nullptr, nullptr, I};
    for (const Expr *E : Exprs) {
      if (auto [S, Var] = Index.assignmentOf(E); S == Inner[I])
        H.V = Var;
      else if (auto [D, DVar] = Index.declarationOf(E); D == Inner[I])
        H = {DVar, D, I};
      else if (const auto *OC = compoundAssignment(Inner[I]);
               OC && OC == E->IgnoreImplicit()) {
        // `s += b;` works on the tensor s holds: only on one an earlier
        // statement of the run stored (no other variable shares it; reads
        // of s are checked below), it is `s = s + b;`.
        const VarDecl *V = assigned(Inner[I]).second;
        bool Fresh = false;
        for (const Head &Earlier : Heads)
          Fresh |= Earlier.V == V;
        if (!V || !Fresh)
          return Fail("the statement at " +
                      Index.where(Body[I]->getBeginLoc()) +
                      " changes a tensor in place that the chain's earlier "
                      "statements did not compute; other code may share it");
        H.V = V;
      }
    }
    if (!H.V)
      return Fail(
          "the statement at " + Index.where(Body[I]->getBeginLoc()) +
          " does more than store an op of the chain in a local variable");
    if (!H.V->hasLocalStorage() || H.V->getType()->isReferenceType())
      return Fail("'" + H.V->getNameAsString() +
                  "' is not a local variable; removing the statement at " +
                  Index.where(Body[I]->getBeginLoc()) +
                  " could change what other code sees");
    Heads.push_back(H);
  }
  // A guard that goes is read where the chain's last op is, if at all
  // (`C ? mask : at::Tensor()`): it must read none of the variables the
  // chain's statements store (side effects: checked above).
  for (const IfStmt *If : GuardIfs) {
    const Expr *C = If->getCond();
    for (const Head &H : Heads)
      for (const DeclRefExpr *R : AstIndex::references(H.V))
        if (Within(C->getSourceRange(), R->getSourceRange()))
          return Fail("the condition at " + Index.where(C->getBeginLoc()) +
                      " reads '" + H.V->getNameAsString() +
                      "', which the chain's statements store; apply does "
                      "not move it to the chain's last op");
  }
  Plan P;
  bool Returns = isa<ReturnStmt>(RootStore);
  auto [RootLHS, RootVar] = assigned(RootStore);
  const DeclRefExpr *OtherLHS =
      OtherStore ? assigned(OtherStore).first : nullptr;
  for (size_t H = 0; H < Heads.size(); ++H) {
    size_t I = Heads[H].At;
    const VarDecl *V = Heads[H].V;
    std::string Name = "'" + V->getNameAsString() + "'";
    // Where a later statement of the run (or the root's) assigns v again.
    size_t Again = Body.size();
    for (size_t J = I + 1; J <= RI && Again == Body.size(); ++J)
      if (assigned(Inner[J]).second == V)
        Again = J;
    // A variable declared before the run keeps the value stored here unless
    // the run stores another or the function returns; code that runs later
    // (also earlier in a loop's next iteration) could read it. One the run
    // declares goes with its declaration (checked at that statement).
    bool DeclaredInRun = false;
    for (size_t K = 0; K < H; ++K)
      DeclaredInRun |= Heads[K].Decl && Heads[K].V == V;
    if (!Heads[H].Decl && !DeclaredInRun && Again > RI && !Returns)
      return Fail(Name + " keeps the value the statement at " +
                  Index.where(Body[I]->getBeginLoc()) +
                  " stores, which apply would remove");
    bool UsedAfter = false; // at or after the root's statement, not by it
    for (const DeclRefExpr *R : AstIndex::references(V)) {
      SourceLocation L = R->getBeginLoc();
      if (!SM.isBeforeInTranslationUnit(Body[I]->getEndLoc(), L))
        continue; // before the statement's end: it reads the old value
      size_t J = I + 1;
      while (J <= RI && !Within(Body[J]->getSourceRange(), R->getSourceRange()))
        ++J;
      if (Kept.count(J))
        return Fail(Name + " is read at " + Index.where(L) +
                    ", between the chain's statements, where apply would "
                    "remove the value");
      if (J == RI && Other &&
          Within(Other->getSourceRange(), R->getSourceRange())) {
        // The other arm reads the value this statement stores: it computes
        // that value there instead (checked below).
        if (P.Inline)
          return Fail(Name + " is read at " +
                      Index.where(P.Inline->getBeginLoc()) + " and at " +
                      Index.where(L) +
                      ", in the arm the chain does not take; apply moves the "
                      "statement at " +
                      Index.where(Body[I]->getBeginLoc()) +
                      " into that arm only where it reads the value once");
        P.Inline = R;
        const Expr *Stored = Heads[H].Decl
                                 ? V->getInit()
                                 : AstIndex::assignmentSides(Inner[I]).second;
        P.InlineValue = Stored ? inlineText(Stored, R, Index.context()) : "";
        continue;
      }
      if (J < RI ||
          (J == RI && Within(Root->getSourceRange(), R->getSourceRange()))) {
        // In a removed statement or in the chain's root.
        if (J > Again || Operands.count(R) || assigned(Inner[J]).first == R)
          continue;
      } else {
        UsedAfter = true;
        if (J == RI && (R == RootLHS || (OtherLHS && R == OtherLHS)))
          continue;
        if (J > RI && (Again <= RI || Returns))
          continue;
      }
      return Fail(Name + " is used at " + Index.where(L) +
                  ", which would no longer see the value the statement at " +
                  Index.where(Body[I]->getBeginLoc()) + " stores");
    }
    // A removed declaration: the root's statement declares the variable.
    if (Heads[H].Decl && UsedAfter) {
      if (RootVar != V || OtherStore)
        return Fail(Name + ", declared at " +
                    Index.where(Heads[H].Decl->getBeginLoc()) +
                    ", is used after the chain; apply would remove its "
                    "declaration");
      P.Redeclare = RootLHS;
      P.Declaration = Lexer::getSourceText(
                          CharSourceRange::getTokenRange(
                              Heads[H].Decl->getBeginLoc(), V->getLocation()),
                          SM, Index.context().getLangOpts())
                          .str();
    }
  }
  // The inputs a removed statement read are read at the root's statement
  // instead; pure ones anywhere (pureExpr). One with side effects (a call)
  // may move when it is the only input with side effects and the root's
  // statement does nothing but compute the root (`v = root;`, `T v =
  // root;`, `return root;`): then it runs at the same point of the program,
  // in the same order.
  const Expr *Moved = nullptr;
  unsigned Effects = 0;
  for (const Expr *In : Inputs) {
    if (PureExpression::expr(In, Index.context()))
      continue;
    ++Effects;
    for (size_t I = First; I < RI; ++I)
      if (Within(Body[I]->getSourceRange(), In->getSourceRange()))
        Moved = In;
  }
  if (Moved && (Effects > 1 || !computesOnly(RootStmt, Root)))
    return Fail("the chain's input at " + Index.where(Moved->getBeginLoc()) +
                " is not provably free of side effects; apply does not "
                "move it to the "
                "statement at " +
                Index.where(RootStmt->getBeginLoc()) +
                (Effects > 1 ? " beside other such inputs"
                             : ", which computes more than the chain"));
  if (Other) {
    // One statement moves into the other arm; it stores its value there.
    std::string At =
        Heads.empty() ? "" : Index.where(Body[Heads[0].At]->getBeginLoc());
    if (Heads.size() != 1)
      return Fail("the chain has " + std::to_string(Heads.size()) +
                  " statements before the conditional at " +
                  Index.where(Other->getBeginLoc()) +
                  "; apply splits if-paths by moving one statement into the "
                  "arm the chain does not take");
    std::string Name = "'" + Heads[0].V->getNameAsString() + "'";
    if (!P.Inline)
      return Fail("the arm at " + Index.where(Other->getBeginLoc()) +
                  " does not read " + Name + ", which the statement at " + At +
                  " stores; apply moves that statement into the arm the "
                  "chain does not take only where the arm reads it");
    if (P.InlineValue.empty())
      return Fail("the statement at " + At +
                  " stores no value apply can write at " +
                  Index.where(P.Inline->getBeginLoc()) +
                  " (a compound assignment, or a macro's expansion)");
    if (std::string W = armRead(Other, P.Inline, Index.context()); !W.empty())
      return Fail("the arm at " + Index.where(Other->getBeginLoc()) + " " + W +
                  "; apply moves the statement at " + At +
                  " into it only where each path runs what it ran before, "
                  "in the same order");
  }
  for (size_t I = First; I < RI; ++I)
    if (!Kept.count(I))
      P.Remove.push_back(Body[I]);
  return P;
}

} // namespace adopter::rewrite
