//===- SynthHelperCall.cpp - A member built by a helper of the project ----===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// A member retyped by a rule may be built by a helper function of the
// project, as T5 builds its projections:
//
//   torch::nn::Linear linear_no_bias(int64_t in, int64_t out) {
//     return torch::nn::Linear(torch::nn::LinearOptions(in, out).bias(false));
//   }
//   wi = register_module("wi", linear_no_bias(config.d_model, config.d_ff));
//
// The helper serves other members too (q, k, v, o), so it stays; the call
// that builds the retyped member is replaced by the helper's construction,
// retyped, with the call's arguments in the places of the parameters:
//
//   wi = register_module("wi", adopter::nn::FusedLinearReLU(
//       torch::nn::LinearOptions(config.d_model, config.d_ff).bias(false)));
//
//===----------------------------------------------------------------------===//

#include "SpelledConstructions.h"
#include "Synth.h"
#include "adopter/Rewrite/PureExpression.h"
#include <set>

namespace adopter::rewrite::detail {

namespace {

/// The calls in an expression of a function (not a method or an operator)
/// whose result has type T.
struct HelperCalls : RecursiveASTVisitor<HelperCalls> {
  explicit HelperCalls(QualType T)
      : T(T.getCanonicalType().getUnqualifiedType()) {}
  bool VisitCallExpr(CallExpr *CE) {
    const FunctionDecl *FD = CE->getDirectCallee();
    if (FD && !isa<CXXMethodDecl>(FD) && !isa<CXXOperatorCallExpr>(CE) &&
        CE->getType().getCanonicalType().getUnqualifiedType() == T)
      Found.push_back(CE);
    return true;
  }
  QualType T;
  std::vector<const CallExpr *> Found;
};

/// The references to the parameters of a function in its body, and those
/// that are a whole argument of a call or construction (where what takes
/// their place needs no parentheses).
struct ParamRefs : RecursiveASTVisitor<ParamRefs> {
  explicit ParamRefs(const FunctionDecl *FD) : FD(FD) {}
  bool VisitDeclRefExpr(DeclRefExpr *DR) {
    if (const auto *P = dyn_cast<ParmVarDecl>(DR->getDecl()))
      if (P->getDeclContext() == FD)
        Found.push_back({DR, P->getFunctionScopeIndex()});
    return true;
  }
  bool VisitCallExpr(CallExpr *CE) {
    for (const Expr *A : CE->arguments())
      argument(A);
    return true;
  }
  bool VisitCXXConstructExpr(CXXConstructExpr *CE) {
    for (const Expr *A : CE->arguments())
      argument(A);
    return true;
  }
  void argument(const Expr *A) {
    if (const auto *DR = dyn_cast<DeclRefExpr>(A->IgnoreImplicit()))
      Whole.insert(DR);
  }
  const FunctionDecl *FD;
  std::vector<std::pair<const DeclRefExpr *, unsigned>> Found;
  std::set<const DeclRefExpr *> Whole;
};

/// The namespace whose names a declaration sees, an anonymous or inline
/// namespace standing for the one around it (its names are seen there).
const DeclContext *namespaceOf(const Decl *D) {
  const DeclContext *C = D->getDeclContext()->getEnclosingNamespaceContext();
  while (const auto *N = dyn_cast<NamespaceDecl>(C)) {
    if (!N->isAnonymousNamespace() && !N->isInline())
      break;
    C = N->getParent()->getEnclosingNamespaceContext();
  }
  return C->getPrimaryContext();
}

} // namespace

std::string Synth::helperConstruction(const Retype &RT, const Expr *Init,
                                      std::vector<Replacement> &Out) {
  const FieldDecl *FD = RT.Field;
  const std::string Name = FD->getNameAsString();
  const std::string Cannot = "'" + Name + "' is set from '" +
                             text(Init->getSourceRange()) +
                             "', which apply cannot retype";
  HelperCalls HC(FD->getType());
  HC.TraverseStmt(const_cast<Expr *>(Init));
  if (HC.Found.size() != 1)
    return Cannot + "; construct it as " + FD->getType().getAsString() +
           "(...)";
  const CallExpr *Call = HC.Found[0];
  const FunctionDecl *Def = nullptr;
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee->hasBody(Def) || SM.isInSystemHeader(Def->getLocation()))
    return Cannot + " (it is built by '" + Callee->getNameAsString() +
           "', whose body is not in the project)";
  if (Def->isVariadic() || Call->getNumArgs() != Def->getNumParams() ||
      Def->isTemplateInstantiation())
    return Cannot + " (its helper '" + Def->getNameAsString() +
           "' is variadic or a template)";
  const auto *Body = dyn_cast<CompoundStmt>(Def->getBody());
  const auto *Ret = Body && Body->size() == 1
                        ? dyn_cast<ReturnStmt>(Body->body_front())
                        : nullptr;
  const Expr *Value = Ret ? Ret->getRetValue() : nullptr;
  SpelledConstructions SC(FD->getType());
  if (Value)
    SC.TraverseStmt(const_cast<Expr *>(Value));
  // `return Linear(...);`: the construction is what the helper returns.
  if (!Value || SC.Exprs.size() != 1 ||
      SC.Exprs[0]->IgnoreImplicit() != Value->IgnoreImplicit())
    return Cannot + " (its helper '" + Def->getNameAsString() +
           "' does more than return one construction of " +
           FD->getType().getAsString() + ")";
  // The construction is written where the member is built: the names it
  // uses must be seen there (the helper's namespace, or one inside it).
  const DeclContext *Helper = namespaceOf(Def),
                    *Site = namespaceOf(cast<Decl>(FD->getParent()));
  if (Helper != Site && !Helper->Encloses(Site))
    return Cannot + " (its helper '" + Def->getNameAsString() +
           "' is in another namespace, where names in its construction may "
           "mean other things)";
  if (Value->getBeginLoc().isMacroID() || Value->getEndLoc().isMacroID() ||
      inMacro(Call))
    return Cannot + " (the helper's construction or its call is inside a "
                    "macro expansion)";
  // Each argument spelled at the call (or the parameter's default): as it
  // is where the parameter is a whole argument of a call or construction,
  // in parentheses elsewhere, where an operator could bind otherwise (and
  // always for a comma expression).
  struct Spelling {
    std::string Whole, Nested;
  };
  std::vector<Spelling> Args;
  ParamRefs Refs(Def);
  Refs.TraverseStmt(const_cast<Expr *>(Value));
  for (unsigned I = 0; I < Call->getNumArgs(); ++I) {
    const Expr *A = Call->getArg(I);
    if (const auto *D = dyn_cast<CXXDefaultArgExpr>(A))
      A = D->getExpr();
    if (inMacro(A))
      return Cannot + " (an argument of the call is inside a macro "
                      "expansion)";
    unsigned Uses = llvm::count_if(
        Refs.Found, [&](const auto &R) { return R.second == I; });
    if (Uses != 1 && !PureExpression::expr(A, Ctx))
      return Cannot + " (the argument '" + text(A->getSourceRange()) +
             "' would be computed " + std::to_string(Uses) +
             " times in the helper's construction)";
    const Expr *Bare = A->IgnoreImplicit()->IgnoreParens();
    std::string T = text(A->getSourceRange());
    bool Simple = isa<DeclRefExpr, IntegerLiteral, FloatingLiteral,
                      CXXBoolLiteralExpr, MemberExpr, ParenExpr>(Bare);
    const auto *BO = dyn_cast<BinaryOperator>(Bare);
    std::string Nested = Simple ? T : "(" + T + ")";
    Args.push_back({BO && BO->getOpcode() == BO_Comma ? Nested : T, Nested});
  }
  // The construction's text with the type retyped, the parameters replaced
  // and the rule's extra arguments before its closing parenthesis.
  std::vector<std::pair<std::pair<unsigned, unsigned>, std::string>> Splices;
  auto Offset = [&](SourceLocation L) { return SM.getFileOffset(L); };
  SourceRange TypeR = SC.Found[0];
  Splices.push_back(
      {{Offset(TypeR.getBegin()), Offset(tokenEnd(TypeR))}, RT.NewType});
  for (const auto &[DR, I] : Refs.Found)
    Splices.push_back(
        {{Offset(DR->getBeginLoc()), Offset(tokenEnd(DR->getSourceRange()))},
         Refs.Whole.count(DR) ? Args[I].Whole : Args[I].Nested});
  if (!RT.ExtraArgs.empty())
    Splices.push_back(
        {{Offset(SC.Closes[0]), Offset(SC.Closes[0])}, ", " + RT.ExtraArgs});
  llvm::sort(Splices);
  unsigned B = Offset(Value->getBeginLoc()),
           E = Offset(tokenEnd(Value->getSourceRange()));
  llvm::StringRef Buf = SM.getBufferData(SM.getFileID(Value->getBeginLoc()));
  std::string Text;
  unsigned At = B;
  for (const auto &[Range, New] : Splices) {
    if (Range.first < At || Range.second > E)
      return Cannot + " (the helper's construction could not be spliced)";
    Text += Buf.slice(At, Range.first).str() + New;
    At = Range.second;
  }
  Text += Buf.slice(At, E).str();
  std::optional<Replacement> R = replaceTokens(Call->getSourceRange(), Text);
  if (!R)
    return Cannot + " (its call is not in a file apply may edit)";
  Out.push_back(*R);
  return "";
}

} // namespace adopter::rewrite::detail
