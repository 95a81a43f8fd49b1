//===- ConstructionRetyper.cpp - `rewrite: retype` edits ------------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/Rewrite/ConstructionRetyper.h"
#include "adopter/Rules/Rule.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/TypeLoc.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include <set>

using namespace clang;
using clang::tooling::Replacement;

namespace adopter::rewrite {

namespace {

/// The places a declaration spells one class: each outermost spelling
/// (`torch::optim::Adam` with its qualifier), and the aliases through which
/// it names the class instead (`Opt` after `using Opt = ...`).
class Spellings : public RecursiveASTVisitor<Spellings> {
public:
  explicit Spellings(std::string Class) : Class(std::move(Class)) {}

  bool VisitElaboratedTypeLoc(ElaboratedTypeLoc TL) {
    TypeLoc Named = TL.getNamedTypeLoc();
    if (auto RT = Named.getAs<RecordTypeLoc>()) {
      if (named(RT.getDecl())) {
        Found.push_back(TL.getSourceRange());
        Inner.insert(RT.getBeginLoc());
      }
    } else if (const auto *RD = Named.getType()->getAsCXXRecordDecl();
               RD && named(RD)) {
      Aliases.push_back(Named.getType().getAsString());
    }
    return true;
  }
  bool VisitRecordTypeLoc(RecordTypeLoc TL) {
    // Spelled without an ElaboratedType around it (older ASTs).
    if (named(TL.getDecl()) && !Inner.count(TL.getBeginLoc()))
      Found.push_back(TL.getSourceRange());
    return true;
  }

  std::vector<SourceRange> Found;
  std::vector<std::string> Aliases;

private:
  std::set<SourceLocation> Inner; ///< named parts of spellings found
  bool named(const RecordDecl *RD) const {
    return RD && RD->getQualifiedNameAsString() == Class;
  }
  std::string Class;
};

/// Where the function that declares a variable hands it on as the class
/// it has now (an argument for a parameter `torch::optim::AdamW &`, a
/// reference or pointer initialized from it): retyping the variable would
/// break that use.
class OldTypeUses : public RecursiveASTVisitor<OldTypeUses> {
public:
  OldTypeUses(const VarDecl *V, std::string Class)
      : V(V), Class(std::move(Class)) {}

  bool VisitCallExpr(CallExpr *E) {
    const FunctionDecl *FD = E->getDirectCallee();
    for (unsigned I = 0; FD && I < E->getNumArgs() && I < FD->getNumParams();
         ++I)
      if (isVar(E->getArg(I)) && oldType(FD->getParamDecl(I)->getType()))
        Found = Found.empty()
                    ? "'" + V->getNameAsString() + "' is passed to '" +
                          FD->getNameAsString() + "' as '" +
                          FD->getParamDecl(I)->getType().getAsString() + "'"
                    : Found;
    return true;
  }
  bool VisitVarDecl(VarDecl *D) {
    if (D != V && D->getInit() && isVar(D->getInit()) &&
        oldType(D->getType()) && Found.empty())
      Found = "'" + D->getNameAsString() + "' refers to '" +
              V->getNameAsString() + "' as '" + D->getType().getAsString() +
              "'";
    return true;
  }

  std::string Found;

private:
  /// The variable itself, through implicit nodes, `*`, `&` and `.get()`.
  bool isVar(const Expr *E) const {
    E = E->IgnoreParenImpCasts();
    if (const auto *U = dyn_cast<UnaryOperator>(E))
      E = U->getSubExpr()->IgnoreParenImpCasts();
    if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(E);
        OC && OC->getOperator() == OO_Star && OC->getNumArgs() == 1)
      E = OC->getArg(0)->IgnoreParenImpCasts();
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E))
      E = MC->getImplicitObjectArgument()->IgnoreParenImpCasts();
    const auto *DR = dyn_cast<DeclRefExpr>(E);
    return DR && DR->getDecl() == V;
  }
  /// T is the class, or a pointer, reference or smart pointer to it.
  bool oldType(QualType T) const {
    T = T.getNonReferenceType();
    if (T->isPointerType())
      T = T->getPointeeType();
    const auto *RD = T->getAsCXXRecordDecl();
    if (const auto *Spec =
            dyn_cast_or_null<ClassTemplateSpecializationDecl>(RD);
        Spec && Spec->isInStdNamespace() && Spec->getTemplateArgs().size() &&
        Spec->getTemplateArgs()[0].getKind() == TemplateArgument::Type)
      RD = Spec->getTemplateArgs()[0].getAsType()->getAsCXXRecordDecl();
    return RD && RD->getQualifiedNameAsString() == Class;
  }
  const VarDecl *V;
  std::string Class;
};

} // namespace

bool ConstructionRetyper::holds(const match::Finding &F) const {
  return !F.Ops.empty() && Index.variableAt(F.Ops.front().Loc);
}

SiteEdits ConstructionRetyper::retype(const match::Finding &F,
                                      SourceLocation &At) const {
  SiteEdits S;
  auto Fail = [&](std::string Why) {
    S.Edits.clear();
    S.Error = std::move(Why);
    return S;
  };
  if (F.Ops.size() != 1)
    return Fail("'rewrite: retype' rewrites one construction; this chain has " +
                std::to_string(F.Ops.size()) + " ops");
  const match::FindingOp &O = F.Ops.front();
  if (!O.Callee.empty() || !O.CallPath.empty())
    return Fail("the construction sits in '" + O.Callee +
                "'; apply retypes it where the variable is declared");
  const auto &Map = F.R->Replace.Retype;
  auto NewType = Map.find(O.Op);
  if (NewType == Map.end())
    return Fail("the rule's 'retype' does not say what '" + O.Op + "' becomes");
  const VarDecl *VD = Index.variableAt(O.Loc);
  if (!VD)
    return Fail("no variable is initialized by the construction of '" + O.Op +
                "' at " + match::Finding::locText(O.Loc));
  const ASTContext &Ctx = Index.context();
  const SourceManager &SM = Ctx.getSourceManager();
  Spellings Sp(O.Op);
  Sp.TraverseDecl(const_cast<VarDecl *>(VD));
  if (!Sp.Aliases.empty())
    return Fail("'" + VD->getNameAsString() + "' names '" + O.Op +
                "' through '" + Sp.Aliases.front() +
                "'; apply retypes the optimizer where its type is spelled out");
  if (Sp.Found.empty())
    return Fail("the declaration of '" + VD->getNameAsString() +
                "' does not spell '" + O.Op + "'");
  if (const auto *Fn =
          dyn_cast_or_null<FunctionDecl>(VD->getParentFunctionOrMethod())) {
    if (std::string At = Index.conditionalIn(Fn->getSourceRange()); !At.empty())
      return Fail("'" + Fn->getNameAsString() +
                  "' has code under a preprocessor condition (" + At +
                  "); other configurations may use '" + VD->getNameAsString() +
                  "' differently, so apply leaves it");
    OldTypeUses U(VD, O.Op);
    U.TraverseDecl(const_cast<FunctionDecl *>(Fn));
    if (!U.Found.empty())
      return Fail(U.Found + ", which the new type '" + NewType->second +
                  "' is not; apply leaves it as it is");
  }
  std::set<unsigned> Done;
  for (SourceRange R : Sp.Found) {
    SourceLocation B = R.getBegin(), E = R.getEnd();
    if (B.isMacroID() || E.isMacroID())
      return Fail("'" + O.Op + "' in the declaration of '" +
                  VD->getNameAsString() + "' is inside a macro expansion");
    if (SM.isInSystemHeader(B))
      return Fail("the declaration of '" + VD->getNameAsString() +
                  "' is in a system header");
    SourceLocation End =
        Lexer::getLocForEndOfToken(E, 0, SM, Ctx.getLangOpts());
    if (SM.getFileID(B) != SM.getFileID(End))
      return Fail("the spelling of '" + O.Op + "' spans files");
    unsigned OB = SM.getFileOffset(B), OE = SM.getFileOffset(End);
    if (OE < OB || !Done.insert(OB).second)
      continue;
    S.Edits.emplace_back(Index.fileOf(B), OB, OE - OB, NewType->second);
  }
  At = VD->getLocation();
  return S;
}

} // namespace adopter::rewrite
