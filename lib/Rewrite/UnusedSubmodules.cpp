//===- UnusedSubmodules.cpp - Submodules the rewrites leave unused --------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/Rewrite/UnusedSubmodules.h"
#include "adopter/Graph/TorchTypes.h"
#include "adopter/Rules/OpSignatures.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/CharInfo.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include <algorithm>
#include <cctype>
#include <optional>
#include <set>

using namespace clang;
using adopter::graph::TorchTypes;
using clang::tooling::Replacement;

namespace adopter::rewrite {

namespace {

/// Every reference to a field, and every written constructor initializer.
class FieldUses : public RecursiveASTVisitor<FieldUses> {
public:
  bool VisitMemberExpr(MemberExpr *E) {
    if (const auto *FD = dyn_cast<FieldDecl>(E->getMemberDecl())) {
      if (!Uses.count(FD))
        Order.push_back(FD);
      Uses[FD].push_back(E);
    }
    return true;
  }
  bool VisitCXXConstructorDecl(CXXConstructorDecl *C) {
    for (const CXXCtorInitializer *I : C->inits())
      if (I->isWritten() && I->getMember())
        Inits[I->getMember()].push_back({C, I});
    return true;
  }
  /// Calls a method of the class makes (register_parameter, ...).
  bool VisitCallExpr(CallExpr *E) {
    if (const FunctionDecl *FD = E->getDirectCallee())
      Called[FD->getNameAsString()].push_back(E);
    return true;
  }

  std::map<const FieldDecl *, std::vector<const MemberExpr *>> Uses;
  std::vector<const FieldDecl *> Order; ///< the fields of Uses, as met
  std::map<const FieldDecl *,
           std::vector<std::pair<const CXXConstructorDecl *,
                                 const CXXCtorInitializer *>>>
      Inits;
  std::map<std::string, std::vector<const CallExpr *>> Called;
};

/// True when \p Text names \p Name as a whole identifier.
bool names(llvm::StringRef Text, llvm::StringRef Name) {
  for (size_t P = Text.find(Name); P != llvm::StringRef::npos;
       P = Text.find(Name, P + 1)) {
    bool Before = P > 0 && isAsciiIdentifierContinue(Text[P - 1]);
    size_t E = P + Name.size();
    bool After = E < Text.size() && isAsciiIdentifierContinue(Text[E]);
    if (!Before && !After)
      return true;
  }
  return false;
}

class Finder {
public:
  Finder(const AstIndex &Index, const FieldUses &U,
         const std::map<size_t, SiteEdits> &Sites)
      : Index(Index), Ctx(Index.context()), SM(Ctx.getSourceManager()), U(U),
        Sites(Sites) {}

  std::optional<SubmoduleRemoval> consider(const FieldDecl *FD);

private:
  /// "" for a parameter-free module class (see the header), else why it
  /// may not be.
  std::string parameterFree(const CXXRecordDecl *Impl) const;
  /// \p E computes a value without side effects (literals, variables,
  /// torch's option builders, the construction of \p Holder).
  bool pure(const Expr *E, const CXXRecordDecl *Holder) const;
  /// The replacement that deletes the lines of [B, E] (E's token and the
  /// `;` after it), when they hold nothing else (AstIndex::deletion).
  std::optional<Replacement> deleteLines(SourceLocation B,
                                         SourceLocation E) const;
  /// The replacement that deletes the initializer \p I of \p C.
  std::optional<Replacement> deleteInit(const CXXConstructorDecl *C,
                                        const CXXCtorInitializer *I) const;
  /// The rewritten sites whose edits cover \p L (file offsets).
  std::vector<size_t> coveringSites(SourceLocation L) const;
  bool overlapsEdit(const Replacement &R) const;

  const AstIndex &Index;
  ASTContext &Ctx;
  const SourceManager &SM;
  const FieldUses &U;
  const std::map<size_t, SiteEdits> &Sites;
};

std::string Finder::parameterFree(const CXXRecordDecl *Impl) const {
  const std::string Unproved =
      "apply cannot prove that it holds no parameters or buffers";
  if (!Impl || !Impl->hasDefinition())
    return Unproved;
  Impl = Impl->getDefinition();
  if (TorchTypes::isTorchDecl(Impl))
    return rules::OpSignatures::statelessModuleOp(
               TorchTypes::moduleTypeName(Impl))
                   .empty()
               ? "it holds parameters or buffers"
               : "";
  if (!SM.isInMainFile(Impl->getLocation()) ||
      Impl->getDescribedClassTemplate())
    return Unproved + " (its class is defined in another file or a template)";
  for (const CXXBaseSpecifier &B : Impl->bases()) {
    const CXXRecordDecl *Base = B.getType()->getAsCXXRecordDecl();
    std::string N = Base ? Base->getQualifiedNameAsString() : "";
    if (N != "torch::nn::Module" && N != "torch::nn::Cloneable")
      return Unproved + " (its class derives from '" +
             B.getType().getAsString() + "')";
  }
  for (const FieldDecl *F : Impl->fields())
    if (TorchTypes::moduleOf(F->getType()) ||
        TorchTypes::isTensor(F->getType()))
      return Unproved + " (its class has the member '" + F->getNameAsString() +
             "')";
  for (const char *Reg :
       {"register_parameter", "register_buffer", "register_module"}) {
    auto It = U.Called.find(Reg);
    if (It == U.Called.end())
      continue;
    for (const CallExpr *C : It->second) {
      const auto *MC = dyn_cast<CXXMemberCallExpr>(C);
      const CXXRecordDecl *On = MC ? MC->getRecordDecl() : nullptr;
      if (!On || On == Impl || On->isDerivedFrom(Impl))
        return "its class calls " + std::string(Reg);
    }
  }
  for (const CXXConstructorDecl *C : Impl->ctors()) {
    const FunctionDecl *Def = C->getDefinition();
    if (!Def || Def->isImplicit())
      continue;
    const auto *Body = dyn_cast_or_null<CompoundStmt>(Def->getBody());
    bool Empty = Body && Body->body_empty();
    for (const CXXCtorInitializer *I : cast<CXXConstructorDecl>(Def)->inits())
      Empty &= !I->isWritten();
    if (!Empty)
      return Unproved + " (its constructor does work)";
  }
  return "";
}

/// `"name"`, as a string literal or a std::string built from one.
bool literalName(const Expr *E) {
  E = E->IgnoreImplicit();
  if (const auto *C = dyn_cast<CXXConstructExpr>(E); C && C->getNumArgs() >= 1)
    E = C->getArg(0)->IgnoreImplicit();
  return isa<StringLiteral>(E);
}

/// What a member is set to: `X` of `register_module("name", X)` (through
/// the holder's conversion from the shared_ptr it returns), else \p E.
const Expr *registered(const Expr *E) {
  const Expr *In = E->IgnoreImplicit()->IgnoreParens();
  if (const auto *PL = dyn_cast<ParenListExpr>(In);
      PL && PL->getNumExprs() == 1)
    In = PL->getExpr(0)->IgnoreImplicit()->IgnoreParens();
  if (const auto *C = dyn_cast<CXXConstructExpr>(In);
      C && !isa<CXXTemporaryObjectExpr>(C) && C->getNumArgs() == 1)
    In = C->getArg(0)->IgnoreImplicit()->IgnoreParens();
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(In);
      MC && MC->getMethodDecl() &&
      MC->getMethodDecl()->getNameAsString() == "register_module" &&
      MC->getNumArgs() == 2 && literalName(MC->getArg(0)) &&
      isa<CXXThisExpr>(MC->getImplicitObjectArgument()->IgnoreImplicit()))
    return MC->getArg(1);
  return E;
}

bool Finder::pure(const Expr *E, const CXXRecordDecl *Holder) const {
  if (!E)
    return false;
  E = E->IgnoreImplicit()->IgnoreParens();
  if (!E->HasSideEffects(Ctx))
    return true;
  if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(E))
    return pure(M->getSubExpr(), Holder);
  if (const auto *B = dyn_cast<CXXBindTemporaryExpr>(E))
    return pure(B->getSubExpr(), Holder);
  if (const auto *F = dyn_cast<CXXFunctionalCastExpr>(E))
    return pure(F->getSubExpr(), Holder);
  if (const auto *D = dyn_cast<CXXDefaultArgExpr>(E))
    return pure(D->getExpr(), Holder);
  if (const auto *L = dyn_cast<CXXStdInitializerListExpr>(E))
    return pure(L->getSubExpr(), Holder);
  if (const auto *IL = dyn_cast<InitListExpr>(E)) {
    for (const Expr *I : IL->inits())
      if (!pure(I, Holder))
        return false;
    return true;
  }
  if (const auto *C = dyn_cast<CXXConstructExpr>(E)) {
    // torch's types (options, the module holder), the holder itself and
    // the strings options take.
    const CXXRecordDecl *Built = C->getConstructor()->getParent();
    std::string N = Built->getQualifiedNameAsString();
    if (!TorchTypes::isTorchDecl(C->getConstructor()) && Built != Holder &&
        N != "std::basic_string" && N != "std::allocator")
      return false;
    for (const Expr *A : C->arguments())
      if (!pure(A, Holder))
        return false;
    return true;
  }
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
    // An options setter: `torch::nn::GELUOptions().approximate("tanh")`.
    if (!TorchTypes::isTorchDecl(MC->getMethodDecl()) ||
        !pure(MC->getImplicitObjectArgument(), Holder))
      return false;
    for (const Expr *A : MC->arguments())
      if (!pure(A, Holder))
        return false;
    return true;
  }
  return false;
}

std::optional<Replacement> Finder::deleteLines(SourceLocation B,
                                               SourceLocation E) const {
  if (E.isInvalid() || E.isMacroID())
    return std::nullopt;
  SourceLocation Semi =
      Lexer::findLocationAfterToken(E, tok::semi, SM, Ctx.getLangOpts(),
                                    /*SkipTrailingWhitespaceAndNewLine=*/false);
  bool Whole = false;
  std::optional<Replacement> R = Index.deletion(B, Semi, &Whole);
  return Whole ? R : std::nullopt;
}

std::optional<Replacement>
Finder::deleteInit(const CXXConstructorDecl *C,
                   const CXXCtorInitializer *I) const {
  std::vector<const CXXCtorInitializer *> Written;
  for (const CXXCtorInitializer *W : C->inits())
    if (W->isWritten())
      Written.push_back(W);
  auto It = std::find(Written.begin(), Written.end(), I);
  if (It == Written.end())
    return std::nullopt;
  size_t K = It - Written.begin();
  auto Off = [&](SourceLocation L, bool EndOfToken) -> std::optional<size_t> {
    if (L.isInvalid() || L.isMacroID())
      return std::nullopt;
    if (EndOfToken)
      L = Lexer::getLocForEndOfToken(L, 0, SM, Ctx.getLangOpts());
    return SM.getFileOffset(L);
  };
  llvm::StringRef Text = SM.getBufferData(SM.getFileID(I->getSourceLocation()));
  std::optional<size_t> From, To;
  if (K > 0) {
    // `, act(...)`: from the end of the entry before.
    From = Off(Written[K - 1]->getSourceRange().getEnd(), true);
    To = Off(I->getSourceRange().getEnd(), true);
  } else if (Written.size() > 1) {
    // `act(...), ` of the first entry: up to the next one.
    From = Off(I->getSourceRange().getBegin(), false);
    To = Off(Written[1]->getSourceRange().getBegin(), false);
  } else {
    // The only entry: `: act(...)` goes, from the blanks before the colon.
    std::optional<size_t> B = Off(I->getSourceRange().getBegin(), false);
    if (!B)
      return std::nullopt;
    size_t P = *B;
    while (P > 0 && std::isspace(static_cast<unsigned char>(Text[P - 1])))
      --P;
    if (P == 0 || Text[P - 1] != ':')
      return std::nullopt;
    --P;
    while (P > 0 && std::isspace(static_cast<unsigned char>(Text[P - 1])))
      --P;
    From = P;
    To = Off(I->getSourceRange().getEnd(), true);
  }
  if (!From || !To || *To <= *From)
    return std::nullopt;
  if (SM.getFileID(I->getSourceRange().getBegin()) !=
      SM.getFileID(I->getSourceRange().getEnd()))
    return std::nullopt;
  return Replacement(Index.fileOf(I->getSourceLocation()), *From, *To - *From,
                     "");
}

std::vector<size_t> Finder::coveringSites(SourceLocation L) const {
  std::vector<size_t> Out;
  if (L.isInvalid() || L.isMacroID())
    return Out;
  std::string Path = Index.fileOf(L);
  unsigned O = SM.getFileOffset(L);
  for (const auto &[I, S] : Sites) {
    if (!S.Error.empty())
      continue;
    for (const Replacement &R : S.Edits)
      if (R.getFilePath() == Path && R.getOffset() <= O &&
          O < R.getOffset() + R.getLength()) {
        Out.push_back(I);
        break;
      }
  }
  return Out;
}

bool Finder::overlapsEdit(const Replacement &X) const {
  for (const auto &[I, S] : Sites) {
    if (!S.Error.empty())
      continue;
    for (const Replacement &R : S.Edits)
      if (R.getFilePath() == X.getFilePath() &&
          R.getOffset() < X.getOffset() + X.getLength() &&
          X.getOffset() < R.getOffset() + std::max(R.getLength(), 1u))
        return true;
  }
  return false;
}

std::optional<SubmoduleRemoval> Finder::consider(const FieldDecl *FD) {
  const auto *RD = dyn_cast<CXXRecordDecl>(FD->getParent());
  const CXXRecordDecl *Holder = FD->getType()->getAsCXXRecordDecl();
  auto UIt = U.Uses.find(FD);
  if (!RD || !Holder || !FD->getIdentifier() ||
      !TorchTypes::heldModule(FD->getType()) || UIt == U.Uses.end())
    return std::nullopt;
  std::string Name = FD->getNameAsString();
  // Unused after the rewrites: they took at least one use away, and every
  // other is the member's construction (a statement `m = ...;`).
  std::set<size_t> Owners;
  const Stmt *Construction = nullptr;
  const Expr *Built = nullptr;
  for (const MemberExpr *E : UIt->second) {
    std::vector<size_t> By = coveringSites(E->getMemberLoc());
    if (!By.empty()) {
      Owners.insert(By.begin(), By.end());
      continue;
    }
    auto [S, Block] = Index.blockStatementOf(E);
    if (!S || !Block || Construction)
      return std::nullopt;
    auto [L, R] = AstIndex::assignmentSides(S);
    if (!L || L->IgnoreImplicit()->IgnoreParens() != E)
      return std::nullopt;
    Construction = S;
    Built = registered(R);
  }
  if (Owners.empty())
    return std::nullopt;
  for (const auto &[I, S] : Sites)
    for (const Replacement &R : S.Edits)
      if (S.Error.empty() && names(R.getReplacementText(), Name))
        return std::nullopt;

  SubmoduleRemoval Out;
  Out.Member = Name;
  Out.Type = Holder->getQualifiedNameAsString();
  Out.Where = Index.where(FD->getLocation());
  Out.Owners.assign(Owners.begin(), Owners.end());
  auto Keep = [&](std::string Why) {
    Out.KeptWhy = std::move(Why);
    Out.Edits.clear();
    return Out;
  };
  // Removable without renaming a parameter or touching another unit.
  if (std::string Why = parameterFree(TorchTypes::heldModule(FD->getType()));
      !Why.empty())
    return Keep(Why);
  if (!SM.isInMainFile(RD->getLocation()))
    return Keep("its class is defined in a header, which other translation "
                "units may include");
  if (RD->getDescribedClassTemplate() ||
      isa<ClassTemplateSpecializationDecl>(RD))
    return Keep("its class is a template");
  if (std::string At = Index.conditionalIn(RD); !At.empty())
    return Keep("its class has code under a preprocessor condition (" + At +
                ")");
  for (const FieldDecl *Other : RD->fields())
    if (Other != FD && Other->getBeginLoc() == FD->getBeginLoc())
      return Keep("it is declared together with '" + Other->getNameAsString() +
                  "'");
  std::optional<Replacement> Decl =
      deleteLines(FD->getBeginLoc(), FD->getEndLoc());
  if (!Decl)
    return Keep("its declaration shares its line with other code");
  Out.Edits.push_back(*Decl);
  if (const Expr *In = FD->getInClassInitializer(); In && !pure(In, Holder))
    return Keep("its initializer may have side effects");
  auto IIt = U.Inits.find(FD);
  if (Construction && IIt != U.Inits.end())
    return Keep("it is constructed twice");
  if (Construction) {
    bool InCtor = false;
    for (const CXXConstructorDecl *C : RD->ctors())
      if (const FunctionDecl *Def = C->getDefinition())
        if (const auto *Body = dyn_cast_or_null<CompoundStmt>(Def->getBody()))
          for (const Stmt *S : Body->body())
            InCtor |= S == Construction;
    if (!InCtor)
      return Keep("it is assigned outside a constructor's body");
    if (!pure(Built, Holder))
      return Keep("its construction may have side effects");
    std::optional<Replacement> Stmt =
        deleteLines(Construction->getBeginLoc(), Construction->getEndLoc());
    if (!Stmt)
      return Keep("its construction shares its line with other code");
    Out.Edits.push_back(*Stmt);
  }
  if (IIt != U.Inits.end()) {
    if (IIt->second.size() != 1)
      return Keep("it is initialized by several constructors");
    auto [C, I] = IIt->second.front();
    if (!pure(registered(I->getInit()), Holder))
      return Keep("its construction may have side effects");
    std::optional<Replacement> Del = deleteInit(C, I);
    if (!Del)
      return Keep("apply cannot delete its initializer cleanly");
    Out.Edits.push_back(*Del);
  }
  for (const Replacement &R : Out.Edits)
    if (overlapsEdit(R))
      return Keep("a rewrite edits its declaration or construction");
  return Out;
}

} // namespace

std::vector<SubmoduleRemoval>
UnusedSubmodules::find(const std::map<size_t, SiteEdits> &Sites) const {
  // Without a rewritten site nothing became unused: no traversal.
  if (llvm::none_of(Sites, [](const auto &S) {
        return S.second.Error.empty() && !S.second.Edits.empty();
      }))
    return {};
  FieldUses U;
  for (Decl *D : Top)
    U.TraverseDecl(D);
  Finder F(Index, U, Sites);
  std::vector<SubmoduleRemoval> Out;
  for (const FieldDecl *FD : U.Order)
    if (std::optional<SubmoduleRemoval> R = F.consider(FD))
      Out.push_back(std::move(*R));
  return Out;
}

} // namespace adopter::rewrite
