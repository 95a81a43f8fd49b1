//===- SynthTuple.cpp - Chains with several results -----------------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// A rule whose patterns return several values (fused-qkv's q, k and v)
// and whose call returns them as a std::tuple (`tuple: qkv`) is written as
// one declaration before the first statement that computes one of them,
// each result then read from it:
//
//   auto q = query(x);                 auto qkv = adopter::ops::packed_...;
//   auto k = key(x);           ->      auto q = std::get<0>(qkv);
//   auto v = value(x);                 auto k = std::get<1>(qkv);
//                                      auto v = std::get<2>(qkv);
//
// The results are computed earlier than they were, so only where that is
// the same program: the statements from the first to the last that compute
// one sit in one block; what they do besides the chain's ops computes
// without side effects (PureExpression::expr; a call of the project's own
// function that only computes a value counts as such when the chain's op
// is its argument: `transpose_for_scores(query(x))`), declares variables, or
// assigns local variables the call does not read, except what the last of
// them does after all of its ops (`return attn(q(x), k(x), v(x));`); what
// the call reads has no side effects and is declared before those
// statements, or read there before being declared or assigned there (an
// LSTM's `c = f * c + i * g;`); and every op of the chain is within one of
// the results or stored in a variable of its own that only the chain reads
// (`auto gates = x2h(x) + h2h(h);`), whose statement goes.
//
//===----------------------------------------------------------------------===//

#include "Synth.h"
#include "adopter/Rewrite/PureExpression.h"
#include "adopter/Rewrite/StatementRun.h"
#include "adopter/Rules/Rule.h"
#include "clang/AST/ParentMapContext.h"
#include <algorithm>
#include <functional>
#include <map>
#include <set>

using namespace clang;

namespace adopter::rewrite::detail {

namespace {

/// \p E's own step, its operands aside, computes without side effects: a
/// cast, a member's or variable's read, a construction, a pure tensor
/// method or operator (as PureExpression::expr counts them), arithmetic, a
/// call of a function that only computes a value (PureExpression::userCall).
bool pureStep(const Expr *E, ASTContext &Ctx) {
  if (const auto *CE = dyn_cast<CallExpr>(E);
      CE && PureExpression::userCall(CE, Ctx))
    return true;
  if (isa<CastExpr, ParenExpr, MaterializeTemporaryExpr, CXXBindTemporaryExpr,
          ExprWithCleanups, CXXConstructExpr, MemberExpr, DeclRefExpr,
          InitListExpr, CXXStdInitializerListExpr, CXXDefaultArgExpr>(E))
    return true;
  if (const auto *BO = dyn_cast<BinaryOperator>(E))
    return !BO->isAssignmentOp();
  if (const auto *UO = dyn_cast<UnaryOperator>(E))
    return !UO->isIncrementDecrementOp();
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E))
    return PureExpression::tensorMethod(MC->getMethodDecl());
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(E))
    return PureExpression::tensorOperator(OC);
  return false;
}

/// `v = ...` (built-in or overloaded `=`) with v a local variable that is
/// not a reference: v, else null.
const VarDecl *localAssigned(const Expr *E) {
  const Expr *L = nullptr;
  if (const auto *BO = dyn_cast<BinaryOperator>(E))
    L = BO->getOpcode() == BO_Assign ? BO->getLHS() : nullptr;
  else if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(E))
    L = OC->getOperator() == OO_Equal && OC->getNumArgs() == 2 ? OC->getArg(0)
                                                               : nullptr;
  const auto *DR = L ? dyn_cast<DeclRefExpr>(StatementRun::peel(L)) : nullptr;
  const auto *V = DR ? dyn_cast<VarDecl>(DR->getDecl()) : nullptr;
  return V && V->hasLocalStorage() && !V->getType()->isReferenceType()
             ? V
             : nullptr;
}

} // namespace

std::string Synth::tupleEdits(const match::Finding &F, const std::string &Call,
                              const std::string &New,
                              const std::vector<const Expr *> &Exprs,
                              SiteEdits &S) {
  const rules::Replacement &Rep = rep(F);
  const rules::Pattern &P = F.R->Patterns[F.Pattern];
  // The op computing each result, in the order of the tuple.
  std::vector<const Expr *> Results;
  for (const std::string &Out : P.Outputs) {
    int I = definingOp(F, Out);
    if (I < 0)
      return "the chain's result %" + Out + " is computed by no op apply found";
    Results.push_back(Exprs[I]);
  }
  // Ops outside the results: each within the initializer of a variable
  // (`auto gates = x2h(x) + h2h(h);`, `auto i = sigmoid(g[0]), f = ...;`)
  // that only ops of the chain read; declarations whose every variable is
  // such go.
  std::map<const Stmt *, std::vector<const VarDecl *>> Removed;
  auto Within = [&](const Expr *E) {
    for (const Expr *R : Results)
      if (contains(R, E))
        return true;
    for (const auto &[St, Vars] : Removed)
      for (const VarDecl *V : Vars)
        if (contains(V->getInit(), E))
          return true;
    return false;
  };
  {
    std::map<const Stmt *, std::vector<const VarDecl *>> Feeding;
    for (size_t I = 0; I < Exprs.size(); ++I) {
      const auto *DS =
          dyn_cast_or_null<DeclStmt>(Index.blockStatementOf(Exprs[I]).first);
      for (const Decl *D : DS ? DS->decls() : llvm::ArrayRef<Decl *>()) {
        const auto *V = dyn_cast<VarDecl>(D);
        if (!V || !V->getInit() || Within(Exprs[I]) ||
            StatementRun::peel(V->getInit()) != StatementRun::peel(Exprs[I]))
          continue;
        bool Only = true;
        for (const DeclRefExpr *Ref : AstIndex::references(V))
          Only &= llvm::any_of(Exprs, [&](const Expr *E) {
            return E != Exprs[I] && contains(E, Ref);
          });
        if (Only)
          Feeding[DS].push_back(V);
      }
    }
    for (auto &[St, Vars] : Feeding)
      if (static_cast<ptrdiff_t>(Vars.size()) ==
          std::distance(cast<DeclStmt>(St)->decl_begin(),
                        cast<DeclStmt>(St)->decl_end()))
        Removed[St] = Vars;
  }
  for (size_t I = 0; I < Exprs.size(); ++I)
    if (!Within(Exprs[I]))
      return "'" + F.Ops[I].Op + "' at " +
             match::Finding::locText(F.Ops[I].Loc) +
             " is part of none of the chain's results and not stored in a "
             "variable of its own that only the chain reads; apply writes a "
             "tuple of results only where each op is one of those";
  // The statements from the first to the last of those and the results',
  // in one block; the statement of each result.
  const CompoundStmt *Block = nullptr;
  std::map<const Expr *, const Stmt *> StatementOf;
  std::vector<const Stmt *> Range;
  {
    std::set<const Stmt *> Own;
    std::vector<const Expr *> Places = Results;
    for (const auto &[St, Vars] : Removed)
      Places.push_back(Vars.front()->getInit());
    for (const Expr *R : Places) {
      auto [St, B] = Index.blockStatementOf(R);
      StatementOf[R] = St;
      if (!St || (Block && B != Block))
        return "the chain's results are computed in different blocks; apply "
               "writes a tuple of results only where one block computes "
               "them all";
      Block = B;
      Own.insert(St);
    }
    bool In = false;
    for (const Stmt *C : Block->body()) {
      if (Own.count(C)) {
        In = true;
        Own.erase(C);
      }
      if (In)
        Range.push_back(C);
      if (In && Own.empty())
        break;
    }
  }
  const Stmt *First = Range.front(), *Last = Range.back();
  // The statement (its place in Range) where each variable is first
  // declared or assigned: the call, read before them, may read one only
  // where the code read it before that.
  std::map<const VarDecl *, size_t> FirstWrite;
  size_t At = 0;
  auto Wrote = [&](const VarDecl *V) { FirstWrite.emplace(V, At); };
  std::string Why;
  auto IsResult = [&](const Expr *E) { return llvm::is_contained(Results, E); };
  // Whether the code of \p St outside the results may run after the call
  // instead of before some result: see the file comment. \p Tail: \p St
  // runs after every result of its statement.
  std::function<bool(const Stmt *, bool, const Stmt *)> Quiet =
      [&](const Stmt *St, bool Tail, const Stmt *Own) -> bool {
    const auto *E = dyn_cast<Expr>(St);
    if (!E)
      return false;
    if (IsResult(E))
      return true;
    std::vector<const Expr *> Inside;
    for (const Expr *R : Results)
      if (contains(E, R) && StatementOf[R] == Own)
        Inside.push_back(R);
    if (Inside.empty())
      return PureExpression::expr(E, Ctx);
    if (const VarDecl *V = localAssigned(E))
      Wrote(V);
    else if (!Tail && !pureStep(E, Ctx))
      return false;
    for (const Stmt *C : E->children()) {
      const auto *CE = dyn_cast_or_null<Expr>(C);
      if (!CE)
        continue;
      bool All =
          llvm::all_of(Inside, [&](const Expr *R) { return contains(CE, R); });
      if (!Quiet(CE, Tail && All, Own))
        return false;
    }
    return true;
  };
  for (At = 0; At < Range.size(); ++At) {
    const Stmt *St = Range[At];
    bool Ok = true;
    if (auto It = Removed.find(St); It != Removed.end()) {
      for (const VarDecl *V : It->second)
        Wrote(V);
    } else if (const auto *DS = dyn_cast<DeclStmt>(St)) {
      for (const Decl *D : DS->decls()) {
        const auto *V = dyn_cast<VarDecl>(D);
        Ok &= V != nullptr && StatementRun::valueType(V->getType());
        if (!Ok)
          break;
        Wrote(V);
        // Each declarator runs after the results of the ones before it.
        bool All = true;
        for (const Expr *R : Results)
          if (StatementOf[R] == St)
            All &= V->getInit() && contains(V->getInit(), R);
        Ok &= !V->getInit() || Quiet(V->getInit(), St == Last && All, St);
      }
    } else if (const auto *R = dyn_cast<ReturnStmt>(St)) {
      Ok = St == Last &&
           (!R->getRetValue() || Quiet(R->getRetValue(), true, St));
    } else {
      Ok = Quiet(St, St == Last, St);
    }
    if (!Ok)
      return "the call would compute all of the chain's results where the "
             "first is computed, before the statement at " +
             Index.where(St->getBeginLoc()) +
             ", which does more than compute values without side effects "
             "(a call, an assignment, a guard, a control statement) where a "
             "reorder could show";
  }
  // The call, and what it reads: without side effects, and what the code
  // read before it was written there (an LSTM reads the old c in the
  // statement that assigns the new one: `c = f * c + i * g;`).
  std::vector<const Expr *> Read;
  std::string Text = callText(F, Call, New, Exprs, Why, &Read);
  if (!Why.empty())
    return Why;
  for (const Expr *E : Read) {
    if (!PureExpression::expr(E, Ctx))
      return "'" + text(E->getSourceRange()) + "' at " +
             Index.where(E->getBeginLoc()) +
             " would be read before the statement at " +
             Index.where(First->getBeginLoc()) +
             ", and it is not provably free of side effects";
    auto St = Index.blockStatementOf(E);
    auto Pos = std::find(Range.begin(), Range.end(), St.first);
    size_t ReadAt = St.second == Block && Pos != Range.end()
                        ? static_cast<size_t>(Pos - Range.begin())
                        : 0;
    std::function<const VarDecl *(const Stmt *)> Local =
        [&](const Stmt *X) -> const VarDecl * {
      if (const auto *DR = dyn_cast<DeclRefExpr>(X))
        if (const auto *V = dyn_cast<VarDecl>(DR->getDecl())) {
          auto W = FirstWrite.find(V);
          if (W != FirstWrite.end() &&
              (W->second < ReadAt ||
               (W->second == ReadAt && isa<DeclStmt>(Range[ReadAt]))))
            return V;
        }
      for (const Stmt *C : X->children())
        if (const VarDecl *V = C ? Local(C) : nullptr)
          return V;
      return nullptr;
    };
    if (const VarDecl *V = Local(E))
      return "'" + V->getName().str() + "', which the call reads at " +
             Index.where(E->getBeginLoc()) +
             ", is declared or assigned before that among the statements "
             "that compute the chain's results; apply would read it before "
             "them";
  }
  // The tuple's name, unused in the function.
  const FunctionDecl *FD = nullptr;
  for (DynTypedNode N = DynTypedNode::create(*First);;) {
    auto Parents = Ctx.getParents(N);
    if (Parents.empty())
      break;
    N = Parents[0];
    if (const auto *D = N.get<FunctionDecl>())
      FD = D;
  }
  if (!FD || !FD->getBody())
    return "the chain is not in a function body";
  std::string Name = unusedName(FD, Rep.Tuple);
  // Before the first statement, or in its place when it goes.
  std::optional<std::string> Lead = indentOf(First->getBeginLoc());
  const std::string Decl = "auto " + Name + " = " + Text + ";";
  auto Put = Removed.count(First)
                 ? edit(First->getBeginLoc(), statementEnd(First), Decl)
                 : edit(First->getBeginLoc(), First->getBeginLoc(),
                        Decl + (Lead ? "\n" + *Lead : " "));
  if (!Put)
    return "the chain is not in a file apply may edit";
  S.Edits.push_back(*Put);
  for (const auto &[St, Vars] : Removed) {
    if (St == First)
      continue;
    auto R = removeStatement(St);
    if (!R)
      return "the chain is not in a file apply may edit";
    S.Edits.push_back(*R);
  }
  for (size_t I = 0; I < Results.size(); ++I) {
    auto R = replaceTokens(Results[I]->getSourceRange(),
                           "std::get<" + std::to_string(I) + ">(" + Name + ")");
    if (!R)
      return "the chain is not in a file apply may edit";
    S.Edits.push_back(*R);
  }
  return "";
}

} // namespace adopter::rewrite::detail
