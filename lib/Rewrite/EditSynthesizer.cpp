//===- EditSynthesizer.cpp - The source edits of selected findings --------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/Rewrite/EditSynthesizer.h"
#include "MemberAssignments.h"
#include "SpelledConstructions.h"
#include "Synth.h"
#include "adopter/Rewrite/ConstructionRetyper.h"
#include "adopter/Rewrite/StatementRun.h"
#include "adopter/Rules/OpSignatures.h"
#include "adopter/Rules/Rule.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Format/Format.h"
#include "clang/Lex/Lexer.h"
#include "clang/Tooling/Inclusions/HeaderIncludes.h"
#include <algorithm>
#include <cstdio>
#include <set>

using namespace clang;
using clang::tooling::Replacement;

namespace adopter::rewrite {

namespace {

/// The user macro a value (or an element of it) was folded from, or "".
std::string macroOf(const dsl::Value &V) {
  if (!V.Macro.empty())
    return V.Macro;
  for (const dsl::Value &E : V.Elems)
    if (std::string M = macroOf(E); !M.empty())
      return M;
  return "";
}

std::string macroReason(const std::string &What, const std::string &Macro) {
  return What + " from the macro '" + Macro +
         "'; another configuration (a -D flag, another translation unit of "
         "the header) may define it otherwise, and a rewrite would serve "
         "only this one";
}

} // namespace

namespace detail {

std::set<std::string> Synth::readValues(const match::Finding &F) {
  std::set<std::string> Used;
  for (const match::FindingOp &O : F.Ops)
    for (const dsl::Arg &A : O.Args)
      if (A.Val.isRef())
        Used.insert(A.Val.Text);
  return Used;
}

std::string Synth::armOf(const match::Finding &F) {
  const std::string &Outer = F.Ops.front().Condition;
  std::string Arm;
  std::set<std::string> ArmResults;
  for (const match::FindingOp &O : F.Ops) {
    if (O.Condition == Outer)
      continue;
    if (!Arm.empty() && O.Condition != Arm)
      return "";
    Arm = O.Condition;
    ArmResults.insert(O.Results.begin(), O.Results.end());
  }
  const std::set<std::string> Used = readValues(F);
  // The ops on every path feed the chain (its result is the arm's), and
  // none takes an arm's result (not `if (m.defined()) s = s + m;` before
  // the rest, which reads the merged value).
  for (const match::FindingOp &O : F.Ops) {
    if (O.Condition != Outer)
      continue;
    bool Feeds = false;
    for (const std::string &R : O.Results)
      Feeds |= Used.count(R) > 0;
    for (const dsl::Arg &A : O.Args)
      if (A.Val.isRef() && ArmResults.count(A.Val.Text))
        return "";
    if (!Feeds)
      return "";
  }
  return Arm;
}

SiteEdits Synth::chain(const match::Finding &F, std::vector<Retype> &Retypes) {
  SiteEdits S;
  std::string ExtraArgs;
  // A match the swapped module does not cover (a functional layer_norm, a
  // norm written inline) is written by the rule's `otherwise:` function.
  Active = nullptr;
  Arm = armOf(F);
  if (const rules::Replacement &Top = F.R->Replace;
      Top.Otherwise && Top.Rewrite == "swap-module") {
    // `replaces`: the match bound the module; `replaces-callee`: part of
    // the chain sits in a callee (calleeModule decides whether a member's).
    bool Covered = Top.Replaces.empty()
                       ? llvm::any_of(F.Ops,
                                      [](const match::FindingOp &O) {
                                        return !O.Calls.empty();
                                      })
                       : lookupVar(F.Modules, Top.Replaces[0]) != nullptr;
    // The module is called elsewhere too: it stays as it is, and the
    // function takes it (`keeps-module`).
    // Split at an `if` path: the module stays called on the other path.
    bool Stays = !F.ModuleStays.empty() || !Arm.empty();
    // A module apply does not retype (a function's parameter, an element
    // of a std::vector member, a member of a member) stays as it is too.
    const auto *ModVar =
        Top.Replaces.empty() ? nullptr : lookupVar(F.Modules, Top.Replaces[0]);
    bool InContainer = llvm::any_of(
        F.Ops, [](const match::FindingOp &O) { return !O.Container.empty(); });
    Stays |= ModVar && !InContainer &&
             (F.Class.empty() || ModVar->second.find('.') != std::string::npos);
    if (!Covered || (Stays && Top.Otherwise->KeepsModule))
      Active = Top.Otherwise.get();
  }
  const rules::Replacement &Rep = rep(F);
  auto Fail = [&](std::string Why) {
    S.Edits.clear();
    S.Error = std::move(Why);
    return S;
  };
  bool Function = Rep.Rewrite == "function";
  if (!Function && (Rep.Rewrite != "swap-module" ||
                    (Rep.Replaces.size() != 1 && Rep.CalleeArgs.empty())))
    return Fail("apply does not know the rewrite '" + Rep.Rewrite + "'");
  CalleeCtor.reset();
  // The chain's last ops in one arm of a conditional (runEdits checks the
  // shape): a function's call replaces them there.
  if (!Function)
    Arm.clear();
  // A chain of Sequential elements (each op's place is its element's
  // construction) is rewritten where the elements are built.
  bool InSeq = !Function;
  for (const match::FindingOp &O : F.Ops) {
    InSeq &= O.Container == "torch::nn::Sequential" && O.CallPath.empty();
    if (Function && !O.Container.empty() && !Rep.SequentialFunction.empty())
      return fusedSequence(F, S);
    if (Function && !O.Container.empty())
      return Fail("the chain runs through the elements of a '" + O.Container +
                  "'; apply writes a function's call only in place of an "
                  "expression");
  }
  // The condition the chain runs under: its first op's, past ops reading an
  // optional input, which may sit under an `if` of their own (runEdits).
  size_t Lead = 0;
  while (Function && Lead + 1 < F.Ops.size() &&
         !optionalInputOf(F, Lead).empty())
    ++Lead;
  const std::string &First = F.Ops[Lead].Condition;
  for (const match::FindingOp &O : F.Ops) {
    // An op inside a callee the chain covers whole is rewritten at the
    // callee's call; a callee with other work is not changed.
    if (!InSeq && (!O.Callee.empty() || !O.CallPath.empty()) && !liftable(O))
      return Fail("the chain crosses into '" + O.Callee +
                  "', which also computes what the chain does not; apply "
                  "rewrites a callee's part of a chain only where the chain "
                  "covers the callee's whole body (the call is replaced)");
    // A function's call replaces the chain where it stands, so a chain all
    // under one condition is fine; a retyped member serves every path.
    // An op under `if (mask.defined())` taking an input the function
    // accepts undefined: functionChain decides.
    if (Function && First.empty() && !Rep.OptionalInputs.empty())
      continue;
    bool InArm = !Arm.empty() && O.Condition == Arm;
    if (!Function && !O.Condition.empty())
      return Fail("part of the chain runs only when '" + O.Condition +
                  "'; the rule's replacement is a module, which apply does "
                  "not swap in for one path only");
    if (O.Condition != First && !InArm)
      return Fail("part of the chain runs only when '" +
                  (O.Condition.empty() ? First : O.Condition) +
                  "'; apply splits if-paths only where the chain's last ops "
                  "are on one path of a `c ? a : b` or an `if`/`else`");
  }
  // The expressions behind the ops.
  std::vector<const Expr *> Exprs;
  Lifted.clear();
  for (size_t I = 0; I < F.Ops.size(); ++I) {
    const match::FindingOp &O = F.Ops[I];
    const Expr *E = InSeq ? Index.constructionAt(O.Loc) : Index.callAt(O.Loc);
    if (!InSeq && liftable(O)) {
      std::string Why = lift(I, O, E);
      if (!Why.empty())
        return Fail(Why);
    }
    if (!E)
      return Fail(std::string(InSeq ? "no element construction"
                                    : "no call expression") +
                  " at " + match::Finding::locText(O.Loc) + " for '" + O.Op +
                  "'");
    if (inMacro(E))
      return Fail("'" + O.Op + "' at " + match::Finding::locText(O.Loc) +
                  " is inside a macro expansion");
    Exprs.push_back(E);
  }
  if (std::string Why = liftedCalls(F, Exprs); !Why.empty())
    return Fail(Why);
  // A value folded from a user macro (an op's argument, an activation
  // module's option, a bound attribute) decided the match or would be
  // written as this configuration's literal.
  for (const match::FindingOp &O : F.Ops)
    for (const dsl::Arg &A : O.Args)
      if (std::string M = macroOf(A.Val); !M.empty())
        return Fail(macroReason(
            "'" + O.Op + "' at " + match::Finding::locText(O.Loc) + " has " +
                (A.Key.empty() ? "an argument" : "the argument " + A.Key),
            M));
  for (const auto &[Name, V] : F.Attrs)
    if (std::string M = macroOf(V); !M.empty())
      return Fail(macroReason("the match's $" + Name, M));
  // The root: the op whose result no other op of the chain uses.
  const std::set<std::string> Used = readValues(F);
  std::vector<size_t> Roots;
  for (size_t I = 0; I < F.Ops.size(); ++I) {
    // An op under an `if` the rest is outside of reaches the chain through
    // the value the `if` merges (`if (m.defined()) s = s + m;`).
    bool Consumed = F.Ops[I].Condition != First &&
                    (Arm.empty() || F.Ops[I].Condition != Arm);
    for (const std::string &R : F.Ops[I].Results)
      Consumed |= Used.count(R) > 0;
    if (!Consumed)
      Roots.push_back(I);
  }
  // A tuple of results (fused-qkv's q, k, v): functionChain decides.
  if (Roots.size() != 1 && !(Function && returnsTuple(F)))
    return Fail("the chain has " + std::to_string(Roots.size()) +
                " results; apply rewrites chains with one result so far");
  const Expr *Root = Exprs[Roots.empty() ? 0 : Roots[0]];
  std::vector<size_t> Outside;
  for (size_t I = 0; I < Exprs.size() && !InSeq; ++I)
    if (!contains(Root, Exprs[I]))
      Outside.push_back(I);
  if (Function)
    return functionChain(F, Exprs, Root, S);
  // Chain ops other than the replaced module's call must carry nothing
  // the replacement would drop (e.g. gelu's approximate="tanh").
  // `replaces-callee`: the member whose forward the lifted ops are.
  std::string Member;
  if (!Rep.CalleeArgs.empty()) {
    if (std::string Why = calleeModule(F, Exprs, Member); !Why.empty())
      return Fail(Why);
  } else if (const auto *ModVar = lookupVar(F.Modules, Rep.Replaces[0]))
    Member = ModVar->second;
  else
    return Fail("this match binds no submodule to '$" + Rep.Replaces[0] +
                "' (the chain calls a function there); apply retypes a "
                "submodule");
  // Retyping a module a callee calls would change the callee for its
  // other callers (and for every instance of another class).
  for (size_t I = 0; I < F.Ops.size(); ++I)
    if (F.Ops[I].Op == Member && Lifted.count(I))
      return Fail("'" + Member + "' is called inside '" + F.Ops[I].Callee +
                  "'; apply retypes a module that the reporting function "
                  "calls itself");
  // Keyword arguments the replacement takes (`arguments:`) become extra
  // constructor arguments, in the rule's order.
  // Positional literals are named by the op's signature (torch::gelu(h,
  // "tanh") is approximate="tanh"); anything not carried refuses the site.
  std::map<std::string, std::string> Carried;
  for (size_t I = 0; I < F.Ops.size(); ++I) {
    const match::FindingOp &O = F.Ops[I];
    // The replaced module's own ops: the new one is built with what they
    // read (calleeModule), their literals are the pattern's.
    if (O.Op == Member || (CalleeCtor && CalleeOps.count(I)))
      continue;
    unsigned Pos = 0;
    for (const dsl::Arg &A : O.Args) {
      std::string Key = A.Key;
      if (Key.empty()) {
        unsigned P = Pos++;
        // A literal the pattern itself requires there (the rule's call is
        // written for it: `std::get<0>` for `prim::getitem(%t, 0)`).
        if (A.Val.isRef() || F.R->Patterns[F.Pattern].pinned(O.Op, P))
          continue;
        Key = rules::OpSignatures::keyAt(O.Op, P);
        if (Key.empty())
          return Fail("'" + O.Op + "' has an argument (position " +
                      std::to_string(P) + ") the replacement cannot take");
      }
      const auto &Args = Rep.Arguments;
      std::string Lit = cppLiteral(A.Val);
      if (std::find(Args.begin(), Args.end(), Key) == Args.end() || Lit.empty())
        return Fail("'" + O.Op + "' has the argument " + Key +
                    ", which the replacement does not carry yet");
      Carried[Key] = Lit;
    }
  }
  for (const std::string &K : Rep.Arguments) {
    auto It = Carried.find(K);
    if (It == Carried.end())
      break; // later ones cannot be passed without this one: defaults
    ExtraArgs += (ExtraArgs.empty() ? "" : ", ") + It->second;
  }
  if (Member.find('.') != std::string::npos && !InSeq)
    return Fail("'" + Member + "' is not a direct member of '" + F.Class +
                "'; apply retypes direct members so far");
  if (InSeq)
    return sequenceEdits(F, Member, Exprs, ExtraArgs, S);
  const std::string &Call = callOf(F);
  // No call: the retyped module computes what its call did, as written.
  if (Call.empty()) {
    if (F.Ops.size() != 1)
      return Fail("the rule writes no call for a chain of " +
                  std::to_string(F.Ops.size()) +
                  " ops; only a chain that is the call of '" + Member +
                  "' alone can stay as written");
    return member(F, Member, ExtraArgs, S, Retypes);
  }
  if (Outside.empty()) {
    std::string Why = callEdit(F, Call, Member, Exprs, Root, S.Edits);
    if (!Why.empty())
      return Fail(Why);
    return member(F, Member, ExtraArgs, S, Retypes);
  }
  // Otherwise the call goes in the last statement and the statements
  // before it go, as for a function (`auto e = a + b; e = norm(e);`).
  if (Outside.size() != 1 || F.Ops[Outside[0]].Op != Member ||
      F.Ops.size() != 2) {
    std::string Why = chainEdits(F, Call, Member, Exprs, Root, S);
    if (!Why.empty())
      return Fail(Why);
    return member(F, Member, ExtraArgs, S, Retypes);
  }
  // `auto h = fc(x); ... torch::gelu(h)`: the module call stays where it is
  // (retyped, it computes the whole chain) and the op that consumes its
  // result becomes that result: `h`; a statement `h = h;` goes away.
  const std::vector<std::string> &Res = F.Ops[Outside[0]].Results;
  const Expr *Chained = nullptr;
  size_t K = 0;
  for (const dsl::Arg &A : F.Ops[Roots[0]].Args) {
    if (!A.Key.empty())
      continue;
    if (A.Val.isRef() &&
        std::find(Res.begin(), Res.end(), A.Val.Text) != Res.end()) {
      auto Ops = operandsOf(Roots[0], Exprs);
      if (K < Ops.size())
        Chained = Ops[K];
      break;
    }
    ++K;
  }
  // Peeled: a by-value parameter copies the variable (`F::relu(h)`).
  const auto *Ref =
      Chained ? dyn_cast<DeclRefExpr>(StatementRun::peel(Chained)) : nullptr;
  if (!Ref || inMacro(Chained))
    return Fail("the module call's result does not reach '" +
                F.Ops[Roots[0]].Op + "' through a variable");
  // `h = torch::relu(h);` and `h.relu_();` go away; elsewhere the op
  // becomes its input.
  auto [Stmt, Var] = Index.assignmentOf(Root);
  if (!(Stmt && Var == Ref->getDecl()))
    Stmt = Index.standaloneStatement(Root);
  std::optional<Replacement> R =
      Stmt ? removeStatement(Stmt)
           : replaceTokens(Root->getSourceRange(),
                           text(Chained->getSourceRange()));
  if (!R)
    return Fail("the chain is not in a file apply may edit");
  S.Edits.push_back(*R);
  return member(F, Member, ExtraArgs, S, Retypes);
}

SiteEdits Synth::sequenceEdits(const match::Finding &F,
                               const std::string &Member,
                               const std::vector<const Expr *> &Exprs,
                               const std::string &ExtraArgs, SiteEdits S) {
  auto Fail = [&](std::string Why) {
    S.Edits.clear();
    S.Error = std::move(Why);
    return S;
  };
  // The module's element is built as the new module (same arguments, so
  // the same parameters); the others become torch::nn::Identity(), which
  // keeps every element's index and so every parameter's name.
  SourceLocation At;
  // In a loop or under a condition, one element in the source stands for
  // several in the container, or for none: rewritten when the chain's
  // elements are built together (each iteration, each time the branch
  // runs, builds the whole chain), so that every run of them is one chain.
  std::vector<const Expr *> Built(Exprs.begin(), Exprs.begin() + F.Ops.size());
  if (!Index.builtTogether(Built))
    for (size_t I = 0; I < F.Ops.size(); ++I)
      if (Index.underControl(Exprs[I]))
        return Fail("the element at " + match::Finding::locText(F.Ops[I].Loc) +
                    " is built in a loop or under a condition that the "
                    "chain's other elements are not built in together "
                    "(another loop or branch, or a break, continue or "
                    "return between them); apply retypes elements built "
                    "together");
  for (size_t I = 0; I < F.Ops.size(); ++I) {
    const Expr *E = Exprs[I];
    // A type test of the element's type changes its answer once the element
    // is another module (the activation an Identity; the retyped one unless
    // the new type derives from the old, `subclass:`).
    std::string Where = Index.typeTestOf(E->getType());
    bool Replaced = F.Ops[I].Op != Member;
    if (!Where.empty() && (Replaced || !rep(F).Subclass))
      return Fail("the code asks its modules whether they are a " +
                  E->getType().getAsString() + " (as<>() at " + Where + "); " +
                  (Replaced ? "replacing the element at " +
                                  match::Finding::locText(F.Ops[I].Loc) +
                                  " by a torch::nn::Identity"
                            : "retyping the element '" + Member + "'") +
                  " would change the answer");
    if (Replaced) {
      auto R = replaceTokens(E->getSourceRange(), "torch::nn::Identity()");
      if (!R)
        return Fail("the element at " + match::Finding::locText(F.Ops[I].Loc) +
                    " is not in a file apply may edit");
      S.Edits.push_back(*R);
      continue;
    }
    TypeSourceInfo *TSI = nullptr;
    SourceLocation Close;
    if (const auto *T = dyn_cast<CXXTemporaryObjectExpr>(E))
      TSI = T->getTypeSourceInfo(), Close = T->getParenOrBraceRange().getEnd();
    else if (const auto *C = dyn_cast<CXXFunctionalCastExpr>(E))
      TSI = C->getTypeInfoAsWritten(), Close = C->getRParenLoc();
    auto R =
        TSI ? replaceTokens(TSI->getTypeLoc().getSourceRange(), rep(F).Module)
            : std::nullopt;
    if (!R)
      return Fail("the element '" + Member +
                  "' is not built as a spelled "
                  "construction apply can retype");
    S.Edits.push_back(*R);
    if (!ExtraArgs.empty()) {
      if (Close.isInvalid() || Close.isMacroID())
        return Fail("the element '" + Member +
                    "' has no parentheses to "
                    "add the arguments to");
      S.Edits.push_back(*edit(Close, Close, ", " + ExtraArgs));
    }
    At = E->getBeginLoc();
  }
  for (const std::string &H : rep(F).Includes)
    if (auto Inc = include(H, At))
      S.Edits.push_back(*Inc);
  return S;
}

std::optional<Replacement> Synth::removeStatement(const Stmt *St) const {
  SourceLocation B = St->getBeginLoc();
  if (B.isMacroID() || St->getEndLoc().isMacroID())
    return std::nullopt;
  // The whole line when the statement is alone on it.
  return Index.deletion(B, statementEnd(St));
}

SourceLocation Synth::statementEnd(const Stmt *St) const {
  // A declaration's range ends with its semicolon, an `if` whose branch is
  // a block with its brace.
  const auto *If = dyn_cast<IfStmt>(St);
  if (isa<DeclStmt>(St) || (If && isa<CompoundStmt>(If->getThen())))
    return tokenEnd(St->getEndLoc());
  return Lexer::findLocationAfterToken(
      St->getEndLoc(), tok::semi, SM, Ctx.getLangOpts(),
      /*SkipTrailingWhitespaceAndNewLine=*/false);
}

SiteEdits Synth::member(const match::Finding &F, const std::string &Member,
                        const std::string &ExtraArgs, SiteEdits S,
                        std::vector<Retype> &Retypes) {
  auto Fail = [&](std::string Why) {
    S.Edits.clear();
    S.Error = std::move(Why);
    return S;
  };
  if (F.Class.empty())
    return Fail("'" + Member +
                "' is not a member of a class (the chain is in a function "
                "that takes or builds the module); apply retypes a class's "
                "members");
  const CXXRecordDecl *RD = Index.record(F.Class);
  if (!RD)
    return Fail("the definition of '" + F.Class + "' was not found");
  const FieldDecl *Field = nullptr;
  for (const FieldDecl *FD : RD->fields())
    if (FD->getNameAsString() == Member)
      Field = FD;
  if (!Field)
    return Fail("'" + Member + "' is not a member of '" + F.Class + "'");
  // The retyped member serves every configuration of the class; code that
  // another -D (another translation unit) compiles instead is not seen.
  if (std::string At = Index.conditionalIn(RD); !At.empty())
    return Fail("'" + F.Class + "' has code under a preprocessor condition (" +
                At + "); other configurations may use '" + Member +
                "' differently, so apply leaves it");
  std::string Where = Index.typeTestOf(Field->getType());
  if (!Where.empty() && !rep(F).Subclass)
    return Fail("the code asks its modules whether they are a " +
                Field->getType().getAsString() + " (as<>() at " + Where +
                "); retyping '" + Member + "' would change the answer");
  Retype RT{Field, rep(F).Module, ExtraArgs};
  if (CalleeCtor) {
    RT.Rebuild = true;
    RT.Args = CalleeCtor->Args;
    RT.Defaults = CalleeCtor->Defaults;
  }
  std::string Why = constructions(RT, S.Edits);
  if (!Why.empty())
    return Fail(Why);
  for (const std::string &H : rep(F).Includes)
    if (auto Inc = include(H, Field->getLocation()))
      S.Edits.push_back(*Inc);
  Retypes.push_back(RT);
  return S;
}

std::string Synth::constructions(const Retype &RT,
                                 std::vector<Replacement> &Out) {
  const FieldDecl *FD = RT.Field;
  const auto *RD = cast<CXXRecordDecl>(FD->getParent());
  // Each expression that sets the member, and whether it initializes it
  // directly (`fc(16, 64)`, `Linear fc{16, 64}`) rather than assigning it.
  std::vector<std::pair<const Expr *, bool>> Inits;
  if (const Expr *I = FD->getInClassInitializer())
    Inits.push_back({I, true});
  for (const CXXConstructorDecl *C : RD->ctors()) {
    const FunctionDecl *Def = nullptr;
    if (!C->hasBody(Def))
      continue;
    const auto *CD = cast<CXXConstructorDecl>(Def);
    for (const CXXCtorInitializer *I : CD->inits())
      if (I->getMember() == FD && I->isWritten())
        Inits.push_back({I->getInit(), true});
    MemberAssignments MA(FD);
    MA.TraverseStmt(CD->getBody());
    for (const Expr *E : MA.Found)
      Inits.push_back({E, false});
  }
  unsigned Built = 0;
  for (const auto &[I, CanBeDirect] : Inits) {
    if (isNull(I))
      continue;
    SpelledConstructions SC(FD->getType());
    SC.TraverseStmt(const_cast<Expr *>(I));
    // Built in place from options or sizes: retyping the member suffices.
    // (Not a copy or a conversion from what some call returned.)
    const Expr *Bare = I->IgnoreImplicit();
    if (const auto *PL = dyn_cast<ParenListExpr>(Bare))
      Bare = PL->getNumExprs() ? PL->getExpr(0) : Bare;
    const auto *CE = dyn_cast<CXXConstructExpr>(Bare);
    bool Direct = false;
    if (CanBeDirect && CE && !isa<CXXTemporaryObjectExpr>(CE) &&
        CE->getNumArgs() > 0 &&
        !CE->getConstructor()->isCopyOrMoveConstructor()) {
      // Sizes (`fc(16, 64)`) or an options object (`fc(LinearOptions(..))`).
      const CXXRecordDecl *A0 = CE->getArg(0)->getType()->getAsCXXRecordDecl();
      Direct = !A0 || A0->getName().ends_with("Options");
    }
    // Extra arguments go before the closing parenthesis of each
    // construction (of the direct one when none is spelled).
    if (RT.Rebuild) {
      if (std::string Why = rebuiltEdits(RT, I, SC, Direct ? CE : nullptr, Out);
          !Why.empty())
        return Why;
      ++Built;
      continue;
    }
    std::vector<SourceLocation> Closes = SC.Closes;
    if (SC.Found.empty() && Direct)
      Closes.push_back(CE->getParenOrBraceRange().getEnd());
    if (!RT.ExtraArgs.empty())
      for (SourceLocation C : Closes) {
        if (C.isInvalid() || C.isMacroID())
          return "the construction of '" + FD->getNameAsString() +
                 "' has no parentheses to add the arguments to";
        Out.push_back(*edit(C, C, ", " + RT.ExtraArgs));
      }
    if (SC.Found.empty() && !Direct) {
      // Built by a helper of the project (SynthHelperCall.cpp), or not
      // retyped.
      if (std::string Why = helperConstruction(RT, I, Out); !Why.empty())
        return Why;
      ++Built;
      continue;
    }
    for (SourceRange R : SC.Found) {
      auto E = replaceTokens(R, RT.NewType);
      if (!E)
        return "the construction of '" + FD->getNameAsString() +
               "' is inside a macro expansion";
      Out.push_back(*E);
    }
    ++Built;
  }
  if (!Built)
    return "where '" + FD->getNameAsString() +
           "' is constructed was not found in this translation unit";
  return "";
}

std::string Synth::rebuiltEdits(const Retype &RT, const Expr *Init,
                                const SpelledConstructions &SC,
                                const CXXConstructExpr *Direct,
                                std::vector<Replacement> &Out) {
  const std::string Name = RT.Field->getNameAsString();
  if (SC.Exprs.empty() && !Direct)
    return "'" + Name + "' is set from '" + text(Init->getSourceRange()) +
           "', which apply cannot rebuild; construct it as " +
           RT.Field->getType().getAsString() + "(...)";
  std::string Args;
  for (const Expr *E : SC.Exprs) {
    const Expr *Sub = E;
    if (const auto *FC = dyn_cast<CXXFunctionalCastExpr>(E))
      Sub = FC->getSubExpr()->IgnoreImplicit();
    const auto *CE = dyn_cast<CXXConstructExpr>(Sub);
    if (!CE)
      return "'" + Name + "' is built from '" + text(E->getSourceRange()) +
             "', not from its module's constructor arguments";
    if (std::string Why = rebuilt(RT, CE, Args); !Why.empty())
      return Why;
    auto R = replaceTokens(E->getSourceRange(), RT.NewType + "(" + Args + ")");
    if (!R)
      return "the construction of '" + Name + "' is inside a macro expansion";
    Out.push_back(*R);
  }
  if (SC.Exprs.empty()) {
    // `fc(16, 64)` in an initializer list: the arguments in the parentheses.
    SourceRange P = Direct->getParenOrBraceRange();
    if (std::string Why = rebuilt(RT, Direct, Args); !Why.empty())
      return Why;
    auto R = P.isValid() ? edit(tokenEnd(P.getBegin()), P.getEnd(), Args)
                         : std::nullopt;
    if (!R)
      return "the construction of '" + Name +
             "' has no parentheses to "
             "write the arguments in";
    Out.push_back(*R);
  }
  return "";
}

std::optional<Replacement>
Synth::declaration(const std::vector<const FieldDecl *> &Group,
                   const std::map<const FieldDecl *, std::string> &NewTypes) {
  const FieldDecl *First = Group.front();
  SourceRange TypeR = First->getTypeSourceInfo()->getTypeLoc().getSourceRange();
  if (TypeR.getBegin().isMacroID() || First->getEndLoc().isMacroID())
    return std::nullopt;
  std::string OldType = text(TypeR);
  if (Group.size() == 1)
    return replaceTokens(TypeR, NewTypes.at(First));
  // Several declarators: one declaration per run of equal types, in order.
  unsigned Col = SM.getPresumedColumnNumber(TypeR.getBegin());
  std::string Indent(Col > 0 ? Col - 1 : 0, ' ');
  std::string Out, Cur;
  for (const FieldDecl *FD : Group) {
    auto It = NewTypes.find(FD);
    std::string Ty = It == NewTypes.end() ? OldType : It->second;
    std::string Decl =
        text(SourceRange(FD->getLocation(), FD->getSourceRange().getEnd()));
    if (Ty == Cur) {
      Out += ", " + Decl;
      continue;
    }
    if (!Cur.empty())
      Out += ";\n" + Indent;
    Out += Ty + " " + Decl;
    Cur = Ty;
  }
  const FieldDecl *Last = Group.back();
  return edit(TypeR.getBegin(), tokenEnd(Last->getSourceRange()), Out);
}

std::optional<Replacement> Synth::include(const std::string &Header,
                                          SourceLocation In) {
  FileID F = SM.getFileID(SM.getFileLoc(In));
  std::string Path = Index.fileOf(SM.getFileLoc(In));
  llvm::StringRef Code = SM.getBufferData(F);
  tooling::HeaderIncludes HI(Path, Code, format::getLLVMStyle().IncludeStyle);
  auto R =
      HI.insert(Header, /*IsAngled=*/true, tooling::IncludeDirective::Include);
  if (!R)
    return std::nullopt; // already included
  return Replacement(Path, R->getOffset(), R->getLength(),
                     R->getReplacementText());
}

} // namespace detail

using detail::Retype;
using detail::Synth;

std::map<size_t, SiteEdits> EditSynthesizer::synthesize(
    const std::vector<const match::Finding *> &Findings) const {
  Synth S(Index);
  std::map<size_t, SiteEdits> Out;
  std::vector<std::pair<size_t, Retype>> Retypes;
  std::map<std::pair<bool, SourceLocation>,
           std::vector<std::pair<size_t, detail::Synth::SequenceFuse>>>
      Fuses;
  for (size_t I = 0; I < Findings.size(); ++I) {
    const match::Finding &F = *Findings[I];
    // Only the findings whose first op this translation unit holds; a rule
    // apply cannot write is reported as such wherever it is.
    if (F.R->Replace.Rewrite.empty()) {
      Out[I].Error = "apply cannot write the replacement of rule '" + F.RuleId +
                     "' yet (the rule declares no 'rewrite:'); its example "
                     "shows the change to make by hand";
      continue;
    }
    if (F.R->Replace.Rewrite == "retype") {
      ConstructionRetyper CR(Index);
      if (!CR.holds(F))
        continue;
      SourceLocation At;
      SiteEdits E = CR.retype(F, At);
      for (const std::string &H : F.R->Replace.Includes)
        if (E.Error.empty())
          if (auto Inc = S.include(H, At))
            E.Edits.push_back(*Inc);
      Out[I] = std::move(E);
      continue;
    }
    if (F.Ops.empty() || (!Index.callAt(F.Ops.front().Loc) &&
                          !Index.constructionAt(F.Ops.front().Loc) &&
                          !Index.elementSiteAt(F.Ops.front().Loc).found()))
      continue;
    std::vector<Retype> RT;
    S.PendingFuse.reset();
    SiteEdits E = S.chain(F, RT);
    if (E.Error.empty()) {
      for (const Retype &R : RT)
        Retypes.push_back({I, R});
      if (S.PendingFuse)
        Fuses[{S.PendingFuse->Wrap, S.PendingFuse->E}].push_back(
            {I, *S.PendingFuse});
    }
    Out[I] = std::move(E);
  }
  // The findings that pass one Sequential (or statements at one place) to
  // their rules' functions write one edit: conv-bn's and linear-bn's runs
  // of one literal become `fuse_conv_bn(fuse_linear_bn(Sequential(...)))`.
  for (const auto &[Place, Members] : Fuses) {
    std::vector<detail::Synth::SequenceFuse> Fs;
    for (const auto &[I, F] : Members)
      Fs.push_back(F);
    std::vector<Replacement> Edits = S.fuseEdits(Fs);
    for (const auto &[I, F] : Members) {
      if (Edits.empty()) {
        Out[I].Edits.clear();
        Out[I].Error = "the Sequential is not built in a file apply may edit";
        continue;
      }
      Out[I].Edits.insert(Out[I].Edits.end(), Edits.begin(), Edits.end());
    }
  }
  // Members of one declaration are retyped by one edit, shared by the
  // findings that retype them.
  std::map<SourceLocation, std::vector<std::pair<size_t, Retype>>> ByDecl;
  for (const auto &[I, R] : Retypes)
    ByDecl[R.Field->getTypeSourceInfo()->getTypeLoc().getBeginLoc()].push_back(
        {I, R});
  for (auto &[Loc, Members] : ByDecl) {
    const auto *RD =
        cast<CXXRecordDecl>(Members.front().second.Field->getParent());
    std::vector<const FieldDecl *> Group;
    for (const FieldDecl *FD : RD->fields())
      if (FD->getTypeSourceInfo()->getTypeLoc().getBeginLoc() == Loc)
        Group.push_back(FD);
    std::map<const FieldDecl *, std::string> NewTypes;
    for (const auto &[I, R] : Members)
      NewTypes[R.Field] = R.NewType;
    auto E = S.declaration(Group, NewTypes);
    for (const auto &[I, R] : Members) {
      if (E)
        Out[I].Edits.push_back(*E);
      else {
        Out[I].Edits.clear();
        Out[I].Error = "the declaration of '" + R.Field->getNameAsString() +
                       "' is inside a macro expansion";
      }
    }
  }
  return Out;
}

} // namespace adopter::rewrite
