//===- AstIndex.cpp - Find the AST nodes behind a finding -----------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/Rewrite/AstIndex.h"
#include "adopter/Graph/TorchTypes.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include <cctype>
#include <set>

using namespace clang;

namespace adopter::rewrite {

namespace {

std::string realPath(llvm::StringRef Path) {
  llvm::SmallString<256> Abs(Path);
  llvm::sys::fs::make_absolute(Abs);
  llvm::sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
  llvm::SmallString<256> Real;
  if (!llvm::sys::fs::real_path(Abs, Real))
    return std::string(Real);
  return std::string(Abs);
}

/// \p E without implicit nodes and parentheses around it: the value a
/// statement `v = (a + b);` stores is `a + b`.
const Expr *bare(const Expr *E) {
  for (const Expr *Prev = nullptr; E != Prev;) {
    Prev = E;
    E = E->IgnoreImplicit()->IgnoreParens();
  }
  return E;
}

class Collector : public RecursiveASTVisitor<Collector> {
public:
  explicit Collector(const AstIndex &Index) : Index(Index) {}

  bool VisitCallExpr(CallExpr *E) {
    Found.push_back(E);
    // `m->as<torch::nn::Linear>()`: code that asks a module for its type.
    if (const FunctionDecl *FD = E->getDirectCallee())
      if (FD->getNameAsString() == "as")
        if (const TemplateArgumentList *TA =
                FD->getTemplateSpecializationArgs())
          for (const TemplateArgument &A : TA->asArray())
            if (A.getKind() == TemplateArgument::Type)
              TypeTests.push_back(
                  {A.getAsType().getCanonicalType().getAsString(),
                   E->getExprLoc()});
    return true;
  }
  bool VisitCXXTemporaryObjectExpr(CXXTemporaryObjectExpr *E) {
    Built.push_back(E);
    if (!Control.empty())
      Controlled[E] = Control.back();
    return true;
  }
  bool VisitCXXFunctionalCastExpr(CXXFunctionalCastExpr *E) {
    if (const auto *C = dyn_cast<CXXConstructExpr>(bare(E->getSubExpr())))
      Casts[C] = E;
    Built.push_back(E);
    if (!Control.empty())
      Controlled[E] = Control.back();
    return true;
  }
  bool VisitBreakStmt(BreakStmt *S) { return jump(S); }
  bool VisitContinueStmt(ContinueStmt *S) { return jump(S); }
  bool VisitReturnStmt(ReturnStmt *S) { return jump(S); }
  bool VisitGotoStmt(GotoStmt *S) { return jump(S); }
  bool jump(const Stmt *S) {
    Jumps.push_back(S);
    return true;
  }
  // The loop or condition a construction runs under, innermost.
#define ADOPTER_CONTROL(Class)                                                 \
  bool Traverse##Class(Class *S) {                                             \
    Control.push_back(S);                                                      \
    bool R = RecursiveASTVisitor::Traverse##Class(S);                          \
    Control.pop_back();                                                        \
    return R;                                                                  \
  }
  ADOPTER_CONTROL(ForStmt)
  ADOPTER_CONTROL(CXXForRangeStmt)
  ADOPTER_CONTROL(WhileStmt)
  ADOPTER_CONTROL(DoStmt)
  ADOPTER_CONTROL(IfStmt)
  ADOPTER_CONTROL(SwitchStmt)
  ADOPTER_CONTROL(ConditionalOperator)
#undef ADOPTER_CONTROL
  /// `v = call;` statements of a block.
  bool VisitCompoundStmt(CompoundStmt *CS) {
    for (Stmt *S : CS->body()) {
      BlockStmts.push_back({S, CS});
      if (const auto *DS = dyn_cast<DeclStmt>(S))
        if (DS->isSingleDecl())
          if (const auto *V = dyn_cast<VarDecl>(DS->getSingleDecl()))
            if (const Expr *I = V->getInit())
              Declarations[bare(I)] = {S, V};
      expressionStatement(S);
    }
    return true;
  }
  /// `if (c) v = op;`: the branch is a statement of no block.
  bool VisitIfStmt(IfStmt *If) {
    for (Stmt *Branch : {If->getThen(), If->getElse()})
      if (Branch && !isa<CompoundStmt>(Branch))
        expressionStatement(Branch);
    return true;
  }
  void expressionStatement(const Stmt *S) {
    const auto *E = dyn_cast<Expr>(S);
    if (!E)
      return;
    Standalone[E->IgnoreImplicit()] = S;
    auto [L, R] = AstIndex::assignmentSides(S);
    if (!L)
      return;
    const auto *DR = dyn_cast<DeclRefExpr>(L->IgnoreImplicit());
    const auto *V = DR ? dyn_cast<VarDecl>(DR->getDecl()) : nullptr;
    if (V)
      Assignments[bare(R)] = {S, V};
  }
  bool VisitVarDecl(VarDecl *D) {
    if (D->getInit() && !isa<ParmVarDecl>(D))
      Vars.push_back(D);
    return true;
  }
  /// Sequential elements: the arguments of `torch::nn::Sequential(...)`
  /// and of `push_back` on a SequentialImpl.
  bool VisitCXXConstructExpr(CXXConstructExpr *E) {
    const CXXRecordDecl *RD = E->getType()->getAsCXXRecordDecl();
    if (!RD || RD->getQualifiedNameAsString() != "torch::nn::Sequential")
      return true;
    for (const Expr *A : E->arguments()) {
      A = bare(A);
      const auto *L = dyn_cast<CXXStdInitializerListExpr>(A);
      const auto *IL =
          L ? dyn_cast<InitListExpr>(bare(L->getSubExpr())) : nullptr;
      if (!IL) {
        Elements[A] = {E, nullptr};
        continue;
      }
      // Sequential({{"conv0", Conv2d(...)}, ...}): named elements.
      for (const Expr *Named : IL->inits())
        if (const auto *NC = dyn_cast<CXXConstructExpr>(bare(Named));
            NC && NC->getNumArgs() == 2) {
          Elements[bare(NC->getArg(1))] = {E, nullptr};
          // The graph places such an element at its entry `{"conv0", ...}`.
          PlacedElements.push_back({Named->getBeginLoc(), {E, nullptr}});
        }
    }
    return true;
  }
  bool VisitCXXMemberCallExpr(CXXMemberCallExpr *E) {
    const CXXMethodDecl *MD = E->getMethodDecl();
    if (!MD || !MD->getIdentifier())
      return true;
    llvm::StringRef Name = MD->getName();
    bool OfSequential = MD->getParent()->getQualifiedNameAsString() ==
                        "torch::nn::SequentialImpl";
    if (OfSequential && (Name == "push_back" || Name == "emplace_back") &&
        E->getNumArgs() >= 1) {
      const Expr *A = bare(E->getArg(E->getNumArgs() - 1));
      Elements[A] = {nullptr, E};
      Appends.push_back(E);
      // `push_back(conv)` of a local holder: the element is the variable.
      if (const auto *C = dyn_cast<CXXConstructExpr>(A);
          C && C->getNumArgs() == 1 &&
          C->getConstructor()->isCopyOrMoveConstructor())
        A = bare(C->getArg(0));
      if (const auto *DR = dyn_cast<DeclRefExpr>(A))
        if (const auto *V = dyn_cast<VarDecl>(DR->getDecl()))
          PlacedElements.push_back({V->getLocation(), {nullptr, E}});
    }
    // What sees a Sequential's elements by place (a fused one has other
    // modules there) or takes them over (extend()). A clone() is fine: it
    // keeps the keys and the fusion (ConvBNElement.h).
    if (OfSequential && ((Name == "ptr" && E->getNumArgs() == 1) ||
                         Name == "at" || Name == "begin" || Name == "end" ||
                         Name == "extend" || Name == "insert"))
      ElementReads.push_back({Name.str() + "()", E->getExprLoc()});
    return true;
  }
  bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr *E) {
    if (E->getOperator() == OO_Subscript)
      if (const auto *MD =
              dyn_cast_or_null<CXXMethodDecl>(E->getDirectCallee()))
        if (MD->getParent()->getQualifiedNameAsString() ==
            "torch::nn::SequentialImpl")
          ElementReads.push_back({"operator[]", E->getExprLoc()});
    return true;
  }
  /// `for (auto &m : *seq)`: its begin() and end() are implicit code,
  /// which the visitor does not walk.
  bool VisitCXXForRangeStmt(CXXForRangeStmt *S) {
    const Expr *R = S->getRangeInit();
    const CXXRecordDecl *RD =
        R ? R->getType().getNonReferenceType()->getAsCXXRecordDecl() : nullptr;
    if (RD && graph::TorchTypes::containerKind(RD) ==
                  graph::ContainerKind::Sequential)
      ElementReads.push_back({"a range-for", R->getExprLoc()});
    return true;
  }
  bool VisitFunctionDecl(FunctionDecl *FD) {
    if (FD->doesThisDeclarationHaveABody())
      if (const auto *Body = dyn_cast_or_null<CompoundStmt>(FD->getBody()))
        Bodies.insert(Body);
    return true;
  }
  bool VisitCXXRecordDecl(CXXRecordDecl *D) {
    if (D->isThisDeclarationADefinition())
      Records.push_back(D);
    return true;
  }
  bool shouldVisitTemplateInstantiations() const { return true; }

  const AstIndex &Index;
  std::vector<const Expr *> Found;
  std::vector<std::pair<std::string, SourceLocation>> TypeTests;
  std::vector<const Expr *> Built;
  std::vector<const VarDecl *> Vars;
  std::map<const Expr *, const Stmt *> Controlled;
  std::vector<const Stmt *> Control;
  std::vector<const Stmt *> Jumps;
  std::vector<const CXXRecordDecl *> Records;
  std::map<const Expr *, std::pair<const Stmt *, const VarDecl *>> Assignments;
  std::map<const Expr *, const Stmt *> Standalone;
  std::map<const Expr *, std::pair<const Stmt *, const VarDecl *>> Declarations;
  std::vector<std::pair<const Stmt *, const CompoundStmt *>> BlockStmts;
  std::map<const Expr *, AstIndex::ElementSite> Elements;
  std::vector<std::pair<SourceLocation, AstIndex::ElementSite>> PlacedElements;
  std::map<const CXXConstructExpr *, const CXXFunctionalCastExpr *> Casts;
  std::vector<const CXXMemberCallExpr *> Appends;
  std::vector<std::pair<std::string, SourceLocation>> ElementReads;
  std::set<const CompoundStmt *> Bodies;
};

/// The references to one variable.
struct References : RecursiveASTVisitor<References> {
  const VarDecl *V;
  std::vector<const DeclRefExpr *> Found;
  bool VisitDeclRefExpr(DeclRefExpr *E) {
    if (E->getDecl() == V)
      Found.push_back(E);
    return true;
  }
  bool shouldVisitLambdaBody() const { return true; }
};

} // namespace

AstIndex::AstIndex(ASTContext &Ctx, const std::vector<Decl *> &Top,
                   std::string Root)
    : Ctx(Ctx), Root(std::move(Root)) {
  Collector C(*this);
  for (Decl *D : Top)
    C.TraverseDecl(D);
  const SourceManager &SM = Ctx.getSourceManager();
  for (const Expr *E : C.Found) {
    SourceLocation L = SM.getFileLoc(E->getExprLoc());
    PresumedLoc P = SM.getPresumedLoc(L);
    if (P.isInvalid())
      continue;
    // Pre-order: an outer call comes before the calls it contains.
    Calls[{fileOf(L), P.getLine(), P.getColumn()}].push_back(E);
  }
  for (const Expr *E : C.Built) {
    SourceLocation L = E->getBeginLoc();
    if (L.isMacroID())
      continue;
    PresumedLoc P = SM.getPresumedLoc(L);
    if (P.isValid()) // pre-order: the outermost first
      Constructions.insert({{fileOf(L), P.getLine(), P.getColumn()}, E});
  }
  // A variable under each location its initializer's construction may be
  // named by: through cleanups, temporaries, casts and an elided copy.
  for (const VarDecl *V : C.Vars) {
    const Expr *E = V->getInit();
    for (unsigned Depth = 0; E && Depth < 8; ++Depth) {
      SourceLocation L = E->getExprLoc();
      if (L.isValid() && !L.isMacroID()) {
        PresumedLoc P = SM.getPresumedLoc(L);
        if (P.isValid())
          Variables.insert({{fileOf(L), P.getLine(), P.getColumn()}, V});
      }
      if (const auto *EC = dyn_cast<ExprWithCleanups>(E))
        E = EC->getSubExpr();
      else if (const auto *MT = dyn_cast<MaterializeTemporaryExpr>(E))
        E = MT->getSubExpr();
      else if (const auto *BT = dyn_cast<CXXBindTemporaryExpr>(E))
        E = BT->getSubExpr();
      else if (const auto *IC = dyn_cast<ImplicitCastExpr>(E))
        E = IC->getSubExpr();
      else if (const auto *FC = dyn_cast<CXXFunctionalCastExpr>(E))
        E = FC->getSubExpr();
      else if (const auto *CE = dyn_cast<CXXConstructExpr>(E);
               CE && CE->getNumArgs() == 1 &&
               !isa<CXXTemporaryObjectExpr>(CE) &&
               CE->getConstructor()->isCopyOrMoveConstructor())
        E = CE->getArg(0);
      else
        break;
    }
  }
  Controlled = std::move(C.Controlled);
  Jumps = std::move(C.Jumps);
  TypeTests = std::move(C.TypeTests);
  Records = std::move(C.Records);
  Assignments = std::move(C.Assignments);
  Standalone = std::move(C.Standalone);
  Declarations = std::move(C.Declarations);
  BlockStmts = std::move(C.BlockStmts);
  Elements = std::move(C.Elements);
  Casts = std::move(C.Casts);
  for (const auto &[L, Site] : C.PlacedElements) {
    PresumedLoc P = SM.getPresumedLoc(L);
    if (!L.isMacroID() && P.isValid())
      PlacedElements.insert({{fileOf(L), P.getLine(), P.getColumn()}, Site});
  }
  Appends = std::move(C.Appends);
  Bodies = std::move(C.Bodies);
  for (const auto &[What, L] : C.ElementReads)
    if (!SM.isInSystemHeader(L) && ElementRead.empty())
      ElementRead = What + " at " + where(L);
}

AstIndex::ElementSite AstIndex::elementSite(const Expr *E) const {
  auto It = Elements.find(bare(E));
  return It == Elements.end() ? ElementSite() : It->second;
}

const Expr *AstIndex::spelledLiteral(const CXXConstructExpr *E) const {
  if (isa<CXXTemporaryObjectExpr>(E))
    return E;
  auto It = Casts.find(E);
  return It == Casts.end() ? nullptr : It->second;
}

AstIndex::ElementSite AstIndex::elementSiteAt(const dsl::SourceLoc &L) const {
  auto It = PlacedElements.find({fileOf(L), L.Line, L.Col});
  return It == PlacedElements.end() ? ElementSite() : It->second;
}

std::pair<const Stmt *, const CompoundStmt *>
AstIndex::bodyStatementOf(const Expr *E) const {
  const SourceManager &SM = Ctx.getSourceManager();
  SourceRange ER = E->getSourceRange();
  for (const auto &BS : BlockStmts) {
    SourceRange R = BS.first->getSourceRange();
    if (Bodies.count(BS.second) &&
        !SM.isBeforeInTranslationUnit(ER.getBegin(), R.getBegin()) &&
        !SM.isBeforeInTranslationUnit(R.getEnd(), ER.getEnd()))
      return BS;
  }
  return {nullptr, nullptr};
}

const IfStmt *AstIndex::ifAround(const Expr *E, const dsl::SourceLoc &L,
                                 bool Else) const {
  const SourceManager &SM = Ctx.getSourceManager();
  std::string File = fileOf(L);
  DynTypedNode N = DynTypedNode::create(*E);
  for (int Depth = 0; Depth < 64; ++Depth) {
    auto Parents = Ctx.getParents(N);
    if (Parents.size() != 1)
      return nullptr;
    N = Parents[0];
    const auto *If = N.get<IfStmt>();
    if (!If)
      continue;
    SourceLocation B = SM.getFileLoc(If->getBeginLoc());
    if (fileOf(B) != File || SM.getPresumedLineNumber(B) != L.Line ||
        SM.getPresumedColumnNumber(B) != L.Col)
      continue;
    const Stmt *Path = Else ? If->getElse() : If->getThen();
    SourceRange R = Path ? Path->getSourceRange() : SourceRange();
    SourceRange ER = E->getSourceRange();
    bool Inside = Path &&
                  !SM.isBeforeInTranslationUnit(ER.getBegin(), R.getBegin()) &&
                  !SM.isBeforeInTranslationUnit(R.getEnd(), ER.getEnd());
    return Inside ? If : nullptr;
  }
  return nullptr;
}

std::pair<const Expr *, const Expr *> AstIndex::assignmentSides(const Stmt *S) {
  const auto *E = dyn_cast<Expr>(S);
  if (!E)
    return {nullptr, nullptr};
  E = E->IgnoreImplicit();
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(E)) {
    if (OC->getOperator() == OO_Equal && OC->getNumArgs() == 2)
      return {OC->getArg(0), OC->getArg(1)};
  } else if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
    if (BO->getOpcode() == BO_Assign)
      return {BO->getLHS(), BO->getRHS()};
  }
  return {nullptr, nullptr};
}

std::pair<const Stmt *, const VarDecl *>
AstIndex::declarationOf(const Expr *Init) const {
  auto It = Declarations.find(Init);
  if (It == Declarations.end())
    return {nullptr, nullptr};
  return It->second;
}

std::pair<const Stmt *, const CompoundStmt *>
AstIndex::blockStatementOf(const Expr *E) const {
  const SourceManager &SM = Ctx.getSourceManager();
  std::pair<const Stmt *, const CompoundStmt *> Best{nullptr, nullptr};
  SourceRange ER = E->getSourceRange();
  for (const auto &BS : BlockStmts) {
    SourceRange R = BS.first->getSourceRange();
    if (SM.isBeforeInTranslationUnit(ER.getBegin(), R.getBegin()) ||
        SM.isBeforeInTranslationUnit(R.getEnd(), ER.getEnd()))
      continue;
    // The innermost: it begins last (or ends first).
    if (!Best.first ||
        SM.isBeforeInTranslationUnit(Best.first->getBeginLoc(), R.getBegin()) ||
        (Best.first->getBeginLoc() == R.getBegin() &&
         SM.isBeforeInTranslationUnit(R.getEnd(), Best.first->getEndLoc())))
      Best = BS;
  }
  return Best;
}

std::vector<const DeclRefExpr *> AstIndex::references(const VarDecl *V) {
  References R;
  R.V = V;
  if (const auto *FD =
          dyn_cast_or_null<FunctionDecl>(V->getParentFunctionOrMethod()))
    if (Stmt *Body = FD->getBody())
      R.TraverseStmt(Body);
  return R.Found;
}

const Stmt *AstIndex::standaloneStatement(const Expr *Call) const {
  auto It = Standalone.find(Call);
  return It == Standalone.end() ? nullptr : It->second;
}

std::pair<const Stmt *, const VarDecl *>
AstIndex::assignmentOf(const Expr *Call) const {
  auto It = Assignments.find(Call);
  if (It == Assignments.end())
    return {nullptr, nullptr};
  return It->second;
}

std::string AstIndex::fileOf(SourceLocation L) const {
  const SourceManager &SM = Ctx.getSourceManager();
  PresumedLoc P = SM.getPresumedLoc(SM.getFileLoc(L));
  if (P.isInvalid())
    return "";
  return realPath(P.getFilename());
}

std::string AstIndex::fileOf(const dsl::SourceLoc &L) const {
  if (llvm::sys::path::is_absolute(L.File) || Root.empty())
    return realPath(L.File);
  llvm::SmallString<256> Abs(Root);
  llvm::sys::path::append(Abs, L.File);
  return realPath(Abs);
}

const Expr *AstIndex::callAt(const dsl::SourceLoc &L) const {
  auto It = Calls.find({fileOf(L), L.Line, L.Col});
  if (It == Calls.end() || It->second.empty())
    return nullptr;
  return It->second.front();
}

const Expr *AstIndex::constructionAt(const dsl::SourceLoc &L) const {
  auto It = Constructions.find({fileOf(L), L.Line, L.Col});
  return It == Constructions.end() ? nullptr : It->second;
}

std::string AstIndex::where(SourceLocation L) const {
  const SourceManager &SM = Ctx.getSourceManager();
  L = SM.getFileLoc(L);
  std::string Abs = fileOf(L);
  llvm::StringRef Path = Abs;
  if (!Root.empty())
    Path.consume_front(realPath(Root) + "/");
  return Path.str() + ":" + std::to_string(SM.getPresumedLineNumber(L)) + ":" +
         std::to_string(SM.getPresumedColumnNumber(L));
}

std::optional<tooling::Replacement> AstIndex::deletion(SourceLocation B,
                                                       SourceLocation End,
                                                       bool *WholeLines) const {
  const SourceManager &SM = Ctx.getSourceManager();
  if (B.isInvalid() || End.isInvalid() || B.isMacroID() || End.isMacroID() ||
      SM.getFileID(B) != SM.getFileID(End))
    return std::nullopt;
  llvm::StringRef Buf = SM.getBufferData(SM.getFileID(B));
  unsigned OB = SM.getFileOffset(B), OE = SM.getFileOffset(End);
  unsigned LB = OB, LE = OE;
  while (LB > 0 && (Buf[LB - 1] == ' ' || Buf[LB - 1] == '\t'))
    --LB;
  while (LE < Buf.size() && (Buf[LE] == ' ' || Buf[LE] == '\t'))
    ++LE;
  // A line comment after code alone on its line describes it: it goes with
  // it.
  if ((LB == 0 || Buf[LB - 1] == '\n') && Buf.substr(LE).starts_with("//"))
    LE = std::min(Buf.find('\n', LE), Buf.size());
  bool Whole =
      (LB == 0 || Buf[LB - 1] == '\n') && LE < Buf.size() && Buf[LE] == '\n';
  if (Whole)
    OB = LB, OE = LE + 1;
  if (WholeLines)
    *WholeLines = Whole;
  return tooling::Replacement(fileOf(B), OB, OE - OB, "");
}

std::string AstIndex::conditionalIn(SourceRange R) const {
  const SourceManager &SM = Ctx.getSourceManager();
  SourceLocation B = SM.getFileLoc(R.getBegin()), E = SM.getFileLoc(R.getEnd());
  if (B.isInvalid() || E.isInvalid() || SM.getFileID(B) != SM.getFileID(E))
    return "";
  unsigned OB = SM.getFileOffset(B), OE = SM.getFileOffset(E);
  llvm::StringRef Text = SM.getBufferData(SM.getFileID(B));
  if (OE < OB || OE > Text.size())
    return "";
  // Directives start a line: the first line's text before B is not code of
  // R, so scanning from B's line start is safe.
  size_t Pos = Text.rfind('\n', OB);
  Pos = Pos == llvm::StringRef::npos ? 0 : Pos + 1;
  while (Pos <= OE && Pos < Text.size()) {
    size_t End = Text.find('\n', Pos);
    llvm::StringRef Line = Text.slice(Pos, End).ltrim();
    if (Line.consume_front("#")) {
      llvm::StringRef Word = Line.ltrim().take_while(
          [](char C) { return std::isalpha(static_cast<unsigned char>(C)); });
      if (Word == "if" || Word == "ifdef" || Word == "ifndef" ||
          Word == "elif" || Word == "else") {
        SourceLocation At = SM.getComposedLoc(SM.getFileID(B), Pos);
        std::string W = where(At);
        return W.substr(0, W.rfind(':'));
      }
    }
    if (End == llvm::StringRef::npos)
      break;
    Pos = End + 1;
  }
  return "";
}

std::string AstIndex::conditionalIn(const CXXRecordDecl *RD) const {
  std::string Where = conditionalIn(RD->getSourceRange());
  for (const CXXMethodDecl *M : RD->methods()) {
    if (!Where.empty())
      break;
    if (const FunctionDecl *Def = M->getDefinition())
      Where = conditionalIn(Def->getSourceRange());
  }
  return Where;
}

const VarDecl *AstIndex::variableAt(const dsl::SourceLoc &L) const {
  auto It = Variables.find({fileOf(L), L.Line, L.Col});
  return It == Variables.end() ? nullptr : It->second;
}

std::string AstIndex::typeTestOf(QualType T) const {
  // The holder (`torch::nn::Linear`) or its impl (`LinearImpl`).
  std::string Holder = T.getCanonicalType().getAsString();
  std::string Impl;
  if (const auto *RD = T->getAsCXXRecordDecl())
    if (const auto *TS = dyn_cast<ClassTemplateSpecializationDecl>(RD))
      if (TS->getTemplateArgs().size() == 1 &&
          TS->getTemplateArgs()[0].getKind() == TemplateArgument::Type)
        Impl = TS->getTemplateArgs()[0]
                   .getAsType()
                   .getCanonicalType()
                   .getAsString();
  if (const auto *RD = T->getAsCXXRecordDecl())
    for (const CXXBaseSpecifier &B : RD->bases())
      if (const auto *TS = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
              B.getType()->getAsCXXRecordDecl()))
        if (TS->getTemplateArgs().size() == 1 &&
            TS->getTemplateArgs()[0].getKind() == TemplateArgument::Type)
          Impl = TS->getTemplateArgs()[0]
                     .getAsType()
                     .getCanonicalType()
                     .getAsString();
  for (const auto &[Ty, At] : TypeTests)
    if (Ty == Holder || (!Impl.empty() && Ty == Impl))
      return where(At);
  return "";
}

bool AstIndex::underControl(const Expr *E) const {
  return Controlled.count(E) > 0;
}

bool AstIndex::builtTogether(const std::vector<const Expr *> &Es) const {
  if (Es.empty())
    return true;
  const SourceManager &SM = Ctx.getSourceManager();
  auto Within = [&](const Stmt *Outer, const Expr *E) {
    return Outer &&
           !SM.isBeforeInTranslationUnit(E->getBeginLoc(),
                                         Outer->getBeginLoc()) &&
           !SM.isBeforeInTranslationUnit(Outer->getEndLoc(), E->getEndLoc());
  };
  // The statement of the loop or condition each construction runs in
  // directly: a loop's body, one branch of an `if`.
  auto Branch = [&](const Expr *E) -> const Stmt * {
    auto It = Controlled.find(E);
    if (It == Controlled.end())
      return nullptr;
    const Stmt *C = It->second;
    if (const auto *If = dyn_cast<IfStmt>(C))
      return Within(If->getThen(), E)   ? If->getThen()
             : Within(If->getElse(), E) ? If->getElse()
                                        : C;
    const Stmt *Body = nullptr;
    if (const auto *F = dyn_cast<ForStmt>(C))
      Body = F->getBody();
    else if (const auto *R = dyn_cast<CXXForRangeStmt>(C))
      Body = R->getBody();
    else if (const auto *W = dyn_cast<WhileStmt>(C))
      Body = W->getBody();
    else if (const auto *D = dyn_cast<DoStmt>(C))
      Body = D->getBody();
    return Within(Body, E) ? Body : C;
  };
  const Stmt *First = Branch(Es.front());
  if (!First)
    return llvm::none_of(Es, [&](const Expr *E) { return underControl(E); });
  // A switch or a ?: decides per element; a loop's condition or increment,
  // an if's condition are no place to build a chain in.
  if (isa<SwitchStmt, ConditionalOperator, IfStmt, ForStmt, CXXForRangeStmt,
          WhileStmt, DoStmt>(First))
    return false;
  SourceLocation B = Es.front()->getBeginLoc(), E = Es.front()->getEndLoc();
  for (const Expr *X : Es) {
    if (Branch(X) != First)
      return false;
    if (SM.isBeforeInTranslationUnit(X->getBeginLoc(), B))
      B = X->getBeginLoc();
    if (SM.isBeforeInTranslationUnit(E, X->getEndLoc()))
      E = X->getEndLoc();
  }
  // A break, continue, return or goto between them may leave the later
  // elements out of an iteration.
  return llvm::none_of(Jumps, [&](const Stmt *J) {
    SourceLocation L = J->getBeginLoc();
    return !SM.isBeforeInTranslationUnit(L, B) &&
           SM.isBeforeInTranslationUnit(L, E);
  });
}

const CXXRecordDecl *AstIndex::record(const std::string &Name) const {
  for (const CXXRecordDecl *D : Records)
    if (D->getNameAsString() == Name || D->getQualifiedNameAsString() == Name)
      return D;
  return nullptr;
}

std::vector<const Expr *> AstIndex::operands(const Expr *Call) {
  std::vector<const Expr *> Out;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call)) {
    // `fc->forward(x)` is the module call `fc(x)`; `x.relu()` has x first.
    const CXXMethodDecl *M = MC->getMethodDecl();
    if (!M || M->getNameAsString() != "forward")
      Out.push_back(MC->getImplicitObjectArgument());
    for (const Expr *A : MC->arguments())
      Out.push_back(A);
    return Out;
  }
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(Call)) {
    // `fc(x)`: argument 0 is the module itself.
    unsigned First = OC->getOperator() == OO_Call ? 1 : 0;
    for (unsigned I = First; I < OC->getNumArgs(); ++I)
      Out.push_back(OC->getArg(I));
    return Out;
  }
  if (const auto *C = dyn_cast<CallExpr>(Call))
    for (const Expr *A : C->arguments())
      Out.push_back(A);
  return Out;
}

} // namespace adopter::rewrite
