//===- SynthSequence.cpp - A chain of a Sequential's elements -------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// A `rewrite: function` chain whose ops are elements of a
// torch::nn::Sequential (conv -> bn -> relu) has no expression to replace:
// the Sequential's forward runs it. The rule's `sequential:` function
// (adopter::nn::fuse_conv_bn) makes the Sequential run such runs as one
// element, keeping its children; apply passes it the Sequential where it is
// built. Every finding of one Sequential writes the same edit, which the
// merge applies once.
//
//===----------------------------------------------------------------------===//

#include "Synth.h"
#include "adopter/Rules/Rule.h"

namespace adopter::rewrite::detail {

namespace {

/// The object a push_back appends to, as a key and as the text of a
/// SequentialImpl lvalue (`*conv`, `*this`, `seq`); {null, ""} when it is
/// none of a holder member or variable, `this`, or a reference variable.
std::pair<const void *, std::string> appendTarget(const CXXMemberCallExpr *Call,
                                                  const Synth &S) {
  const Expr *Obj = Call->getImplicitObjectArgument();
  if (!Obj)
    return {nullptr, ""};
  Obj = Obj->IgnoreImplicit()->IgnoreParens();
  std::string Star;
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(Obj);
      OC && OC->getOperator() == OO_Arrow && OC->getNumArgs() == 1) {
    Obj = OC->getArg(0)->IgnoreImplicit()->IgnoreParens();
    Star = "*";
  }
  if (isa<CXXThisExpr>(Obj))
    return {Obj->getType()->getPointeeCXXRecordDecl(), "*this"};
  const ValueDecl *D = nullptr;
  if (const auto *DR = dyn_cast<DeclRefExpr>(Obj))
    D = DR->getDecl();
  else if (const auto *ME = dyn_cast<MemberExpr>(Obj);
           ME && isa<CXXThisExpr>(ME->getBase()->IgnoreImplicit()))
    D = ME->getMemberDecl();
  if (!D || S.inMacro(Obj))
    return {nullptr, ""};
  return {D, Star + S.text(Obj->getSourceRange())};
}

} // namespace

SiteEdits Synth::fusedSequence(const match::Finding &F, SiteEdits S) {
  const rules::Replacement &Rep = rep(F);
  auto Fail = [&](std::string Why) {
    S.Edits.clear();
    S.Error = std::move(Why);
    return S;
  };
  const std::string &Fn = Rep.SequentialFunction;
  std::vector<AstIndex::ElementSite> Sites;
  SourceLocation At;
  for (const match::FindingOp &O : F.Ops) {
    std::string Where = match::Finding::locText(O.Loc);
    if (O.Container.empty() || !O.CallPath.empty())
      return Fail("the chain runs partly outside the elements of one "
                  "Sequential ('" +
                  O.Op + "' at " + Where +
                  "); apply rewrites a chain of a Sequential's elements "
                  "where the Sequential is built");
    const Expr *E = Index.constructionAt(O.Loc);
    if (E && inMacro(E))
      return Fail("the element at " + Where + " is inside a macro expansion");
    // Built where it is put, or a local holder appended (`push_back(conv)`).
    AstIndex::ElementSite Site =
        E ? Index.elementSite(E) : Index.elementSiteAt(O.Loc);
    if (!Site.found())
      return Fail("the element at " + Where +
                  " is neither listed in a 'torch::nn::Sequential(...)' nor "
                  "appended to one by push_back; apply passes the Sequential "
                  "to " +
                  Fn + " where it is built");
    Sites.push_back(Site);
    At = E             ? E->getBeginLoc()
         : Site.Append ? Site.Append->getBeginLoc()
                       : Site.Literal->getBeginLoc();
  }
  // Elements appended under different conditions fuse only on some paths,
  // which the graph would not see.
  for (const match::FindingOp &O : F.Ops)
    if (O.Condition != F.Ops.front().Condition)
      return Fail(
          "part of the chain is appended to the Sequential only "
          "when '" +
          (O.Condition.empty() ? F.Ops.front().Condition : O.Condition) +
          "'; apply fuses elements appended under one condition");
  if (const std::string &Read = Index.elementRead(); !Read.empty())
    return Fail("the code reads a Sequential's elements by their place or "
                "takes them over (" +
                Read + "); after " + Fn +
                " other modules stand in the chain's places");
  // The edits themselves are written by fuseEdits, for every finding of
  // the place at once (another rule may fuse the same Sequential); here
  // only whether the place can be edited.
  SequenceFuse Fuse;
  Fuse.Fn = Fn;
  auto Editable = [&](SourceLocation B, SourceLocation E) {
    return edit(B, B, "").has_value() && edit(E, E, "").has_value();
  };
  // After statement St, on a line of its own, indented as St.
  auto After = [&](const Stmt *St, std::string Arg) {
    // A block or a loop ends at its brace: no `;` follows.
    SourceLocation End = statementEnd(St);
    if (End.isInvalid())
      End = tokenEnd(St->getSourceRange());
    SourceLocation B = St->getBeginLoc();
    if (B.isMacroID() || End.isMacroID() || !Editable(End, End))
      return false;
    Fuse.E = End;
    Fuse.Indent = indentOf(B).value_or("");
    Fuse.Arg = std::move(Arg);
    return true;
  };
  const CXXConstructExpr *Literal = Sites[0].Literal;
  bool Written = false;
  if (Literal) {
    for (const AstIndex::ElementSite &Site : Sites)
      if (Site.Literal != Literal)
        return Fail("the chain's elements are built in different places");
    if (const Expr *Spelled = Index.spelledLiteral(Literal)) {
      // `torch::nn::Sequential(a, b)` becomes `fn(torch::nn::Sequential(a,
      // b))`, wherever it stands.
      Fuse.Wrap = true;
      Fuse.B = Spelled->getBeginLoc();
      Fuse.E = tokenEnd(Spelled->getSourceRange());
      Written = !inMacro(Spelled) && Editable(Fuse.B, Fuse.E);
    } else if (auto [St, Var] = Index.declarationOf(Literal); St && Var) {
      // `torch::nn::Sequential s(a, b);`: `fn(*s);` after it.
      Written = After(St, "*" + Var->getNameAsString());
    } else {
      return Fail("the Sequential of the element at " +
                  match::Finding::locText(F.Ops[0].Loc) +
                  " is not built as an expression or a declaration apply "
                  "can pass to " +
                  Fn);
    }
  } else {
    // Elements appended by push_back: `fn(*seq);` after the statement of
    // the function's body that appends the last element.
    auto [Key, Obj] = appendTarget(Sites[0].Append, *this);
    const CompoundStmt *Body = Index.bodyStatementOf(Sites[0].Append).second;
    for (const AstIndex::ElementSite &Site : Sites)
      if (!Site.Append || appendTarget(Site.Append, *this).first != Key ||
          Index.bodyStatementOf(Site.Append).second != Body)
        return Fail("the chain's elements are not all appended to one "
                    "Sequential in one function");
    if (!Key || !Body)
      return Fail("the element at " + match::Finding::locText(F.Ops[0].Loc) +
                  " is appended to a Sequential apply cannot name (a holder "
                  "member or variable, or `this`)");
    const Stmt *Last = nullptr;
    for (const CXXMemberCallExpr *A : Index.appends()) {
      auto [St, In] = Index.bodyStatementOf(A);
      if (In == Body && appendTarget(A, *this).first == Key &&
          (!Last || SM.isBeforeInTranslationUnit(Last->getBeginLoc(),
                                                 St->getBeginLoc())))
        Last = St;
    }
    Written = Last && After(Last, Obj);
  }
  if (!Written)
    return Fail("the Sequential of the element at " +
                match::Finding::locText(F.Ops[0].Loc) +
                " is not built in a file apply may edit");
  PendingFuse = std::move(Fuse);
  for (const std::string &H : Rep.SequentialIncludes)
    if (auto Inc = include(H, At))
      S.Edits.push_back(*Inc);
  return S;
}

std::vector<Replacement>
Synth::fuseEdits(const std::vector<SequenceFuse> &Fs) const {
  std::vector<const SequenceFuse *> Sorted;
  for (const SequenceFuse &F : Fs)
    Sorted.push_back(&F);
  llvm::sort(Sorted, [](const SequenceFuse *A, const SequenceFuse *B) {
    return std::tie(A->Fn, A->Arg) < std::tie(B->Fn, B->Arg);
  });
  Sorted.erase(std::unique(Sorted.begin(), Sorted.end(),
                           [](const SequenceFuse *A, const SequenceFuse *B) {
                             return A->Fn == B->Fn && A->Arg == B->Arg;
                           }),
               Sorted.end());
  std::string Open, Close, Statements;
  for (const SequenceFuse *F : Sorted) {
    Open += F->Fn + "(";
    Close += ")";
    Statements += "\n" + F->Indent + F->Fn + "(" + F->Arg + ");";
  }
  const SequenceFuse &First = *Sorted.front();
  std::vector<std::pair<SourceLocation, std::string>> Inserts;
  if (First.Wrap)
    Inserts = {{First.B, Open}, {First.E, Close}};
  else
    Inserts = {{First.E, Statements}};
  std::vector<Replacement> Out;
  for (const auto &[At, Text] : Inserts) {
    std::optional<Replacement> R = edit(At, At, Text);
    if (!R)
      return {};
    Out.push_back(*R);
  }
  return Out;
}

} // namespace adopter::rewrite::detail
