//===- ConstructionAnalyzer.cpp - Recover submodules and options ----------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/Graph/ConstructionAnalyzer.h"
#include "adopter/Graph/OpNames.h"
#include "adopter/Graph/TorchTypes.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/Support/FileSystem.h"

using namespace clang;

namespace adopter::graph {

namespace {
constexpr int MaxDepth = 8;
constexpr int64_t MaxUnroll = 256;

/// Strip what does not change which object is constructed.
const Expr *peelCtor(const Expr *E) {
  while (E) {
    const Expr *Prev = E;
    E = E->IgnoreParenImpCasts();
    if (const auto *EWC = dyn_cast<ExprWithCleanups>(E))
      E = EWC->getSubExpr();
    else if (const auto *MTE = dyn_cast<MaterializeTemporaryExpr>(E))
      E = MTE->getSubExpr();
    else if (const auto *BTE = dyn_cast<CXXBindTemporaryExpr>(E))
      E = BTE->getSubExpr();
    else if (const auto *FC = dyn_cast<CXXFunctionalCastExpr>(E))
      E = FC->getSubExpr();
    else if (const auto *CE = dyn_cast<CXXConstructExpr>(E);
             CE && CE->getNumArgs() == 1 &&
             CE->getConstructor()->isCopyOrMoveConstructor())
      E = CE->getArg(0);
    if (E == Prev)
      break;
  }
  return E;
}

void setAttr(std::vector<dsl::Arg> &Attrs, const std::string &Key,
             dsl::Value V) {
  for (dsl::Arg &A : Attrs)
    if (A.Key == Key) {
      A.Val = std::move(V);
      return;
    }
  Attrs.push_back({Key, std::move(V)});
}

bool hasAttr(const std::vector<dsl::Arg> &Attrs, llvm::StringRef Key) {
  for (const dsl::Arg &A : Attrs)
    if (A.Key == Key)
      return true;
  return false;
}

void eraseAttr(std::vector<dsl::Arg> &Attrs, llvm::StringRef Key) {
  Attrs.erase(std::remove_if(Attrs.begin(), Attrs.end(),
                             [&](const dsl::Arg &A) { return A.Key == Key; }),
              Attrs.end());
}

bool isModuleLike(QualType T) {
  if (TorchTypes::moduleOf(T))
    return true;
  const CXXRecordDecl *RD = TorchTypes::recordOf(T);
  return RD && TorchTypes::containerKind(RD) == ContainerKind::AnyModule;
}

/// `std::shared_ptr<torch::nn::Module>` and the like: a pointer to an
/// abstract module base.
const CXXRecordDecl *sharedPtrPointee(QualType T) {
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      TorchTypes::recordOf(T));
  if (!Spec || Spec->getQualifiedNameAsString() != "std::shared_ptr" ||
      Spec->getTemplateArgs().size() < 1)
    return nullptr;
  const CXXRecordDecl *In =
      TorchTypes::recordOf(Spec->getTemplateArgs()[0].getAsType());
  return TorchTypes::isModuleClass(In) ? In : nullptr;
}

/// `std::vector<torch::nn::Linear>` and the like: the module class of the
/// elements.
const CXXRecordDecl *vectorOfModules(QualType T) {
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      TorchTypes::recordOf(T));
  if (!Spec || Spec->getQualifiedNameAsString() != "std::vector" ||
      Spec->getTemplateArgs().size() < 1 ||
      Spec->getTemplateArgs()[0].getKind() != TemplateArgument::Type)
    return nullptr;
  return TorchTypes::moduleOf(Spec->getTemplateArgs()[0].getAsType());
}

std::vector<const Expr *> writtenArgs(const CXXConstructExpr *CE) {
  std::vector<const Expr *> Args;
  for (const Expr *A : CE->arguments())
    if (!isa<CXXDefaultArgExpr>(A))
      Args.push_back(A);
  return Args;
}

std::vector<const Expr *> writtenArgs(const CallExpr *CE) {
  std::vector<const Expr *> Args;
  for (const Expr *A : CE->arguments())
    if (!isa<CXXDefaultArgExpr>(A))
      Args.push_back(A);
  return Args;
}
} // namespace

struct ConstructionAnalyzer::Frame {
  const CXXRecordDecl *Class = nullptr;
  std::map<const FieldDecl *, dsl::Submodule *> Fields;
  std::map<const VarDecl *, dsl::Submodule> Locals;
  dsl::Submodule *Self = nullptr; // a container subclass being built
  std::vector<dsl::Submodule> *Extra = nullptr; // registered, no field
  ConstEnv Env;
  std::vector<const FunctionDecl *> Stack;
  std::optional<dsl::Submodule> Returned;
  std::string Repeat; // non-empty inside a loop of unknown trip count
};

ConstructionAnalyzer::ConstructionAnalyzer(
    ASTContext &Ctx, std::function<std::string(const CXXRecordDecl *)> DN)
    : Ctx(Ctx), Folder(Ctx), DisplayName(std::move(DN)) {
  llvm::SmallString<256> Cwd;
  if (!llvm::sys::fs::current_path(Cwd))
    CwdPrefix = std::string(Cwd) + "/";
}

dsl::SourceLoc ConstructionAnalyzer::loc(SourceLocation L) const {
  dsl::SourceLoc R;
  if (L.isInvalid())
    return R;
  const SourceManager &SM = Ctx.getSourceManager();
  PresumedLoc P = SM.getPresumedLoc(SM.getFileLoc(L));
  if (P.isInvalid())
    return R;
  R.File = P.getFilename();
  // Paths below the working directory print relative to it, as the user
  // most likely gave them.
  if (!CwdPrefix.empty() && llvm::StringRef(R.File).starts_with(CwdPrefix))
    R.File = R.File.substr(CwdPrefix.size());
  R.Line = P.getLine();
  R.Col = P.getColumn();
  return R;
}

std::string ConstructionAnalyzer::typeName(const CXXRecordDecl *Impl) const {
  if (!Impl)
    return "?";
  if (TorchTypes::isTorchDecl(Impl))
    return TorchTypes::moduleTypeName(Impl);
  return DisplayName(Impl);
}

void ConstructionAnalyzer::optionsChain(const Expr *E,
                                        std::vector<dsl::Arg> &Out,
                                        const ConstEnv &Env, int Depth) {
  E = peelCtor(E);
  if (Depth > 32)
    return;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
    const CXXMethodDecl *MD = MC->getMethodDecl();
    if (MD && MD->getParent()->getName().ends_with("Options")) {
      optionsChain(MC->getImplicitObjectArgument(), Out, Env, Depth + 1);
      std::vector<const Expr *> Args = writtenArgs(MC);
      if (Args.empty())
        return;
      dsl::Value V = Args.size() == 1 ? Folder.fold(Args[0], &Env) : [&] {
        std::vector<dsl::Value> L;
        for (const Expr *A : Args)
          L.push_back(Folder.fold(A, &Env));
        return dsl::Value::list(std::move(L));
      }();
      std::string Key = MD->getNameAsString();
      for (dsl::Arg &A : Out)
        if (A.Key == Key) {
          A.Val = V;
          return;
        }
      Out.push_back({Key, V});
      return;
    }
  }
  if (const auto *CE = dyn_cast<CXXConstructExpr>(E)) {
    const CXXConstructorDecl *Ctor = CE->getConstructor();
    std::vector<const Expr *> Args = writtenArgs(CE);
    for (size_t I = 0; I < Args.size(); ++I) {
      std::string Key = I < Ctor->getNumParams()
                            ? Ctor->getParamDecl(I)->getNameAsString()
                            : "";
      Out.push_back({Key, Folder.fold(Args[I], &Env)});
    }
    return;
  }
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      if (VD->hasLocalStorage() && VD->getInit() && !isa<ParmVarDecl>(VD)) {
        optionsChain(VD->getInit(), Out, Env, Depth + 1);
        return;
      }
  Out.push_back({"options", Folder.fold(E, &Env)});
}

std::vector<dsl::Arg>
ConstructionAnalyzer::optionsFromArgs(const CXXRecordDecl *Impl,
                                      llvm::ArrayRef<const Expr *> Args,
                                      const ConstEnv &Env) {
  std::vector<dsl::Arg> Out;
  if (Args.empty())
    return Out;
  if (Args.size() == 1) {
    const CXXRecordDecl *AR = TorchTypes::recordOf(Args[0]->getType());
    if (AR && AR->getName().ends_with("Options")) {
      optionsChain(Args[0], Out, Env);
      return Out;
    }
  }
  // Name positional arguments after the parameters of the options class the
  // module is built from (LinearOptions(in_features, out_features)), else
  // after the module's own constructor.
  std::vector<std::string> Names;
  auto NamesOf = [&](const CXXRecordDecl *R) {
    if (!R || !R->hasDefinition())
      return false;
    for (const CXXConstructorDecl *C : R->getDefinition()->ctors()) {
      if (C->isCopyOrMoveConstructor() || C->getNumParams() < Args.size() ||
          C->getMinRequiredArguments() > Args.size())
        continue;
      Names.clear();
      for (unsigned I = 0; I < Args.size(); ++I)
        Names.push_back(C->getParamDecl(I)->getNameAsString());
      return true;
    }
    return false;
  };
  // The options class: the parameter of a one-argument constructor of the
  // module or of a base it inherits constructors from (DropoutImpl).
  const CXXRecordDecl *OptRD = nullptr;
  std::function<void(const CXXRecordDecl *, int)> FindOpt =
      [&](const CXXRecordDecl *R, int Depth) {
        if (!R || !R->hasDefinition() || OptRD || Depth > 4)
          return;
        R = R->getDefinition();
        for (const CXXConstructorDecl *C : R->ctors())
          if (C->getNumParams() == 1)
            if (const CXXRecordDecl *P =
                    TorchTypes::recordOf(C->getParamDecl(0)->getType()))
              if (P->getName().ends_with("Options"))
                OptRD = P;
        for (const CXXBaseSpecifier &B : R->bases())
          FindOpt(B.getType()->getAsCXXRecordDecl(), Depth + 1);
      };
  FindOpt(Impl, 0);
  if (!NamesOf(OptRD))
    NamesOf(Impl);
  for (size_t I = 0; I < Args.size(); ++I) {
    std::string Key = I < Names.size() ? Names[I] : "";
    const Expr *A = peelCtor(Args[I]);
    dsl::Value V;
    if (const auto *DRE = dyn_cast<DeclRefExpr>(A->IgnoreParenImpCasts());
        DRE && isa<FunctionDecl>(DRE->getDecl())) {
      std::string Op = OpNames::forFunction(cast<FunctionDecl>(DRE->getDecl()));
      V = dsl::Value::ident(
          Op.empty() ? DRE->getDecl()->getQualifiedNameAsString() : Op);
    } else if (isa<LambdaExpr>(A)) {
      V = dsl::Value::ident("lambda");
    } else {
      V = Folder.fold(Args[I], &Env);
    }
    Out.push_back({Key, V});
  }
  return Out;
}

dsl::Submodule ConstructionAnalyzer::construct(const Expr *E,
                                               const ConstEnv &Env) {
  Frame F;
  F.Env = Env;
  return constructIn(E, &F);
}

dsl::Submodule ConstructionAnalyzer::fromFunctionCall(const CallExpr *CE,
                                                      Frame *Caller) {
  dsl::Submodule R;
  const FunctionDecl *FD = CE->getDirectCallee();
  const FunctionDecl *Def = FD ? FD->getDefinition() : nullptr;
  if (!Def || !Def->hasBody() ||
      (Caller && std::count(Caller->Stack.begin(), Caller->Stack.end(), Def)) ||
      (Caller && Caller->Stack.size() >= MaxDepth)) {
    R.Type = typeName(TorchTypes::moduleOf(CE->getType()));
    R.Attrs.push_back({"text", dsl::Value::symbol(Folder.text(CE))});
    return R;
  }
  Frame F;
  if (Caller)
    F.Stack = Caller->Stack;
  F.Stack.push_back(Def);
  for (unsigned I = 0; I < Def->getNumParams() && I < CE->getNumArgs(); ++I)
    F.Env[Def->getParamDecl(I)] =
        Folder.fold(CE->getArg(I), Caller ? &Caller->Env : nullptr);
  walkStmt(Def->getBody(), F, (int)F.Stack.size());
  if (F.Returned)
    R = *F.Returned;
  else
    R.Type = typeName(TorchTypes::moduleOf(CE->getType()));
  setAttr(R.Attrs, "built_by",
          dsl::Value::string(FD->getQualifiedNameAsString()));
  return R;
}

dsl::Submodule ConstructionAnalyzer::constructIn(const Expr *E, Frame *F) {
  dsl::Submodule R;
  if (!E)
    return R;
  const ConstEnv &Env = F ? F->Env : ConstEnv();
  E = peelCtor(E);
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
    const CXXMethodDecl *MD = MC->getMethodDecl();
    if (MD && MD->getName() == "register_module" && MC->getNumArgs() >= 2) {
      R = constructIn(MC->getArg(1), F);
      setAttr(R.Attrs, "registered", Folder.fold(MC->getArg(0), &Env));
      return R;
    }
    // `torch::nn::Linear(2, 3).ptr()`: the module itself.
    if (MD && MD->getIdentifier() &&
        (MD->getName() == "ptr" || MD->getName() == "get") &&
        TorchTypes::moduleOf(MC->getImplicitObjectArgument()->getType()))
      return constructIn(MC->getImplicitObjectArgument(), F);
  }
  // A member or local variable already built (`register_module("m", m)`).
  if (F && (isa<DeclRefExpr>(E) || isa<MemberExpr>(E)))
    if (dsl::Submodule *T = target(E, *F)) {
      dsl::Submodule Copy = *T;
      eraseAttr(Copy.Attrs, "unregistered");
      return Copy;
    }
  if (const auto *CE = dyn_cast<CXXConstructExpr>(E)) {
    const CXXConstructorDecl *Ctor = CE->getConstructor();
    std::vector<const Expr *> Args = writtenArgs(CE);
    const CXXRecordDecl *Rec = TorchTypes::recordOf(CE->getType());
    if (Args.size() == 1 && Ctor->getNumParams() >= 1 &&
        Ctor->getParamDecl(0)->getType()->isNullPtrType()) {
      R.Attrs.push_back({"null", dsl::Value::none()});
      return R;
    }
    if (Args.size() == 1 && (sharedPtrPointee(Args[0]->getType()) ||
                             TorchTypes::recordOf(Args[0]->getType()) == Rec))
      return constructIn(Args[0], F);
    if (Rec && TorchTypes::containerKind(Rec) == ContainerKind::AnyModule) {
      R.Type = "torch::nn::AnyModule";
      R.HasOptions = true;
      if (!Args.empty()) {
        dsl::Submodule In = constructIn(Args[0], F);
        In.Name = "module";
        R.Elements.push_back(std::move(In));
      }
      return R;
    }
    const CXXRecordDecl *Impl = TorchTypes::moduleOf(CE->getType());
    R.Type = typeName(Impl);
    R.HasOptions = true;
    ContainerKind CK = TorchTypes::isTorchDecl(Impl)
                           ? TorchTypes::containerKind(Impl)
                           : ContainerKind::None;
    if (CK == ContainerKind::Sequential || CK == ContainerKind::ModuleList ||
        CK == ContainerKind::ModuleDict) {
      R.HasOptions = false;
      for (const Expr *A : Args) {
        const Expr *PA = peelCtor(A);
        // ModuleDict(items) with `items` a local list of pairs.
        if (const auto *DRE = dyn_cast<DeclRefExpr>(PA))
          if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
              VD && VD->hasLocalStorage() && VD->getInit() &&
              !isa<ParmVarDecl>(VD))
            PA = peelCtor(VD->getInit());
        const InitListExpr *ILE = nullptr;
        if (const auto *SIL = dyn_cast<CXXStdInitializerListExpr>(PA))
          ILE = dyn_cast<InitListExpr>(peelCtor(SIL->getSubExpr()));
        if (const auto *C2 = dyn_cast<CXXConstructExpr>(PA);
            C2 && writtenArgs(C2).size() == 1)
          if (const auto *SIL =
                  dyn_cast<CXXStdInitializerListExpr>(peelCtor(C2->getArg(0))))
            ILE = dyn_cast<InitListExpr>(peelCtor(SIL->getSubExpr()));
        if (!ILE) {
          dsl::Submodule El = constructIn(A, F);
          El.Name = std::to_string(R.Elements.size());
          El.Loc = loc(A->getBeginLoc());
          R.Elements.push_back(std::move(El));
          continue;
        }
        for (const Expr *Init : ILE->inits()) {
          const Expr *PI = peelCtor(Init);
          const Expr *NameE = nullptr, *ModE = PI;
          if (const auto *PC = dyn_cast<CXXConstructExpr>(PI);
              PC && PC->getNumArgs() == 2) {
            NameE = PC->getArg(0);
            ModE = PC->getArg(1);
          } else if (const auto *PL = dyn_cast<InitListExpr>(PI);
                     PL && PL->getNumInits() == 2) {
            NameE = PL->getInit(0);
            ModE = PL->getInit(1);
          }
          dsl::Submodule El = constructIn(ModE, F);
          dsl::Value N = NameE ? Folder.fold(NameE, &Env) : dsl::Value();
          El.Name = N.K == dsl::Value::Kind::String
                        ? N.Text
                        : std::to_string(R.Elements.size());
          El.Loc = loc(Init->getBeginLoc());
          R.Elements.push_back(std::move(El));
        }
      }
      return R;
    }
    R.Options = optionsFromArgs(Impl, Args, Env);
    return R;
  }
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    const FunctionDecl *FD = Call->getDirectCallee();
    if (FD && FD->getName() == "make_shared" && FD->isInStdNamespace()) {
      const CXXRecordDecl *Impl = TorchTypes::recordOf(Call->getType());
      if (const CXXRecordDecl *P = sharedPtrPointee(Call->getType()))
        Impl = P;
      R.Type = typeName(Impl);
      R.HasOptions = true;
      R.Options = optionsFromArgs(Impl, writtenArgs(Call), Env);
      return R;
    }
    // A helper that builds and returns a module: a free function, or a
    // method of the class being built (`_make_layer(64, 2)`).
    const auto *MC = dyn_cast<CXXMemberCallExpr>(Call);
    bool OwnMethod =
        MC && F && isa<CXXThisExpr>(peelCtor(MC->getImplicitObjectArgument()));
    if (FD && !TorchTypes::isTorchDecl(FD) && !FD->isInStdNamespace() &&
        (!isa<CXXMethodDecl>(FD) || OwnMethod ||
         cast<CXXMethodDecl>(FD)->isStatic()))
      return fromFunctionCall(Call, F);
  }
  R.Type = typeName(TorchTypes::moduleOf(E->getType()));
  R.Attrs.push_back({"text", dsl::Value::symbol(Folder.text(E))});
  return R;
}

dsl::Submodule *ConstructionAnalyzer::target(const Expr *E, Frame &F) {
  E = peelCtor(E);
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(E);
      OC && (OC->getOperator() == OO_Arrow || OC->getOperator() == OO_Star) &&
      OC->getNumArgs() >= 1)
    return target(OC->getArg(0), F);
  if (const auto *UO = dyn_cast<UnaryOperator>(E);
      UO && UO->getOpcode() == UO_Deref)
    return target(UO->getSubExpr(), F);
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E))
    if (const CXXMethodDecl *MD = MC->getMethodDecl();
        MD && MD->getIdentifier() &&
        (MD->getName() == "ptr" || MD->getName() == "get"))
      return target(MC->getImplicitObjectArgument(), F);
  if (isa<CXXThisExpr>(E))
    return F.Self;
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    if (const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl())) {
      auto It = F.Fields.find(FD);
      if (It != F.Fields.end() && isa<CXXThisExpr>(peelCtor(ME->getBase())))
        return It->second;
    }
    return nullptr;
  }
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl())) {
      auto It = F.Locals.find(VD);
      if (It != F.Locals.end())
        return &It->second;
    }
  return nullptr;
}

void ConstructionAnalyzer::assign(dsl::Submodule &Dst, const Expr *Src,
                                  Frame &F) {
  dsl::Submodule S = constructIn(Src, &F);
  if (hasAttr(S.Attrs, "null") && !S.HasOptions && S.Type.empty()) {
    if (Dst.Type.empty() || !Dst.HasOptions)
      setAttr(Dst.Attrs, "null", dsl::Value::none());
    return;
  }
  eraseAttr(Dst.Attrs, "null");
  if (!S.Type.empty() && S.Type != "?")
    Dst.Type = S.Type;
  Dst.HasOptions = S.HasOptions;
  Dst.Options = std::move(S.Options);
  Dst.Elements = std::move(S.Elements);
  for (dsl::Arg &A : S.Attrs)
    setAttr(Dst.Attrs, A.Key, A.Val);
}

void ConstructionAnalyzer::appendElement(dsl::Submodule &C,
                                         const CXXMemberCallExpr *Call,
                                         Frame &F) {
  std::vector<const Expr *> Args = writtenArgs(Call);
  if (Args.empty())
    return;
  const Expr *ModE = Args.back();
  dsl::Submodule El = constructIn(ModE, &F);
  if (Args.size() >= 2) {
    dsl::Value N = Folder.fold(Args[0], &F.Env);
    El.Name = N.K == dsl::Value::Kind::String ? N.Text : Folder.text(Args[0]);
  } else {
    El.Name = std::to_string(C.Elements.size());
  }
  if (!F.Repeat.empty()) {
    El.Name = "*";
    setAttr(El.Attrs, "repeat", dsl::Value::symbol(F.Repeat));
  }
  if (El.Loc.Line == 0)
    El.Loc = loc(ModE->getBeginLoc());
  C.Elements.push_back(std::move(El));
}

void ConstructionAnalyzer::walkFunction(const FunctionDecl *FD, Frame &F,
                                        int Depth) {
  const FunctionDecl *Def = FD ? FD->getDefinition() : nullptr;
  if (!Def || !Def->hasBody() || Depth > MaxDepth ||
      std::count(F.Stack.begin(), F.Stack.end(), Def))
    return;
  F.Stack.push_back(Def);
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(Def))
    for (const CXXCtorInitializer *Init : Ctor->inits()) {
      if (!Init->isWritten())
        continue;
      if (const FieldDecl *FDl = Init->getMember()) {
        auto It = F.Fields.find(FDl);
        if (It != F.Fields.end())
          assign(*It->second, Init->getInit(), F);
        else
          walkExpr(Init->getInit(), F, Depth);
      } else if (Init->getInit()) {
        walkExpr(Init->getInit(), F, Depth);
      }
    }
  walkStmt(Def->getBody(), F, Depth);
  F.Stack.pop_back();
}

void ConstructionAnalyzer::walkStmt(const Stmt *S, Frame &F, int Depth) {
  if (!S)
    return;
  if (const auto *CS = dyn_cast<CompoundStmt>(S)) {
    for (const Stmt *C : CS->body())
      walkStmt(C, F, Depth);
    return;
  }
  if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    for (const Decl *D : DS->decls()) {
      const auto *VD = dyn_cast<VarDecl>(D);
      if (!VD)
        continue;
      if (isModuleLike(VD->getType())) {
        dsl::Submodule M;
        M.Name = VD->getNameAsString();
        M.Type = typeName(TorchTypes::moduleOf(VD->getType()));
        M.Loc = loc(VD->getLocation());
        if (VD->getInit())
          assign(M, VD->getInit(), F);
        F.Locals[VD] = std::move(M);
        continue;
      }
      if (VD->getInit()) {
        dsl::Value V = Folder.fold(VD->getInit(), &F.Env);
        if (V.K == dsl::Value::Kind::Int || V.K == dsl::Value::Kind::Float ||
            V.K == dsl::Value::Kind::Bool)
          F.Env[VD] = V;
        walkExpr(VD->getInit(), F, Depth);
      }
    }
    return;
  }
  if (const auto *RS = dyn_cast<ReturnStmt>(S)) {
    if (RS->getRetValue() && isModuleLike(RS->getRetValue()->getType()))
      F.Returned = constructIn(RS->getRetValue(), &F);
    return;
  }
  if (const auto *IS = dyn_cast<IfStmt>(S)) {
    dsl::Value C = IS->getCond() ? Folder.fold(IS->getCond(), &F.Env)
                                 : dsl::Value::boolean(true);
    if (C.K == dsl::Value::Kind::Bool) {
      walkStmt(C.Bool ? IS->getThen() : IS->getElse(), F, Depth);
      return;
    }
    walkStmt(IS->getThen(), F, Depth);
    walkStmt(IS->getElse(), F, Depth);
    return;
  }
  if (const auto *FS = dyn_cast<ForStmt>(S)) {
    // for (int i = A; i < B; ++i) with A and B known: unroll.
    const VarDecl *IV = nullptr;
    if (auto Iters = Folder.tripValues(FS, F.Env, IV, MaxUnroll)) {
      for (int64_t I : *Iters) {
        F.Env[IV] = dsl::Value::integer(I);
        walkStmt(FS->getBody(), F, Depth);
      }
      F.Env.erase(IV);
      return;
    }
    std::string Saved = F.Repeat;
    F.Repeat = FS->getCond() ? Folder.text(FS->getCond()) : "loop";
    walkStmt(FS->getBody(), F, Depth);
    F.Repeat = Saved;
    return;
  }
  if (const auto *RF = dyn_cast<CXXForRangeStmt>(S)) {
    dsl::Value Range = Folder.fold(RF->getRangeInit(), &F.Env);
    bool Known = Range.K == dsl::Value::Kind::List;
    for (const dsl::Value &V : Range.Elems)
      Known &= V.K == dsl::Value::Kind::Int || V.K == dsl::Value::Kind::Float;
    if (Known) {
      for (const dsl::Value &V : Range.Elems) {
        F.Env[RF->getLoopVariable()] = V;
        walkStmt(RF->getBody(), F, Depth);
      }
      F.Env.erase(RF->getLoopVariable());
      return;
    }
    std::string Saved = F.Repeat;
    F.Repeat = "each " + Folder.text(RF->getRangeInit());
    walkStmt(RF->getBody(), F, Depth);
    F.Repeat = Saved;
    return;
  }
  if (isa<WhileStmt>(S) || isa<DoStmt>(S)) {
    std::string Saved = F.Repeat;
    F.Repeat = "loop";
    for (const Stmt *C : S->children())
      walkStmt(C, F, Depth);
    F.Repeat = Saved;
    return;
  }
  if (const auto *E = dyn_cast<Expr>(S)) {
    walkExpr(E, F, Depth);
    return;
  }
  for (const Stmt *C : S->children())
    walkStmt(C, F, Depth);
}

void ConstructionAnalyzer::walkExpr(const Expr *E, Frame &F, int Depth) {
  if (!E)
    return;
  E = peelCtor(E);
  // Assignment to a member or a local module variable.
  const Expr *LHS = nullptr, *RHS = nullptr;
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(E);
      OC && OC->getOperator() == OO_Equal && OC->getNumArgs() == 2) {
    LHS = OC->getArg(0);
    RHS = OC->getArg(1);
  } else if (const auto *BO = dyn_cast<BinaryOperator>(E);
             BO && BO->getOpcode() == BO_Assign) {
    LHS = BO->getLHS();
    RHS = BO->getRHS();
  }
  if (LHS) {
    if (dsl::Submodule *Dst = target(LHS, F)) {
      assign(*Dst, RHS, F);
      return;
    }
    walkExpr(RHS, F, Depth);
    return;
  }
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
    const CXXMethodDecl *MD = MC->getMethodDecl();
    llvm::StringRef Name = MD && MD->getIdentifier() ? MD->getName() : "";
    const Expr *Obj = MC->getImplicitObjectArgument();
    if (Name == "register_module" && MC->getNumArgs() >= 2) {
      dsl::Value RegName = Folder.fold(MC->getArg(0), &F.Env);
      if (dsl::Submodule *T = target(MC->getArg(1), F)) {
        setAttr(T->Attrs, "registered", RegName);
        if (F.Extra && F.Locals.size() &&
            std::any_of(F.Locals.begin(), F.Locals.end(),
                        [&](auto &P) { return &P.second == T; })) {
          // A local registered under a name, not stored in a field.
          dsl::Submodule M = *T;
          M.Name =
              RegName.K == dsl::Value::Kind::String ? RegName.Text : M.Name;
          setAttr(M.Attrs, "field", dsl::Value::boolean(false));
          F.Extra->push_back(std::move(M));
        }
        return;
      }
      if (F.Extra) {
        dsl::Submodule M = constructIn(MC->getArg(1), &F);
        M.Name = RegName.K == dsl::Value::Kind::String
                     ? RegName.Text
                     : Folder.text(MC->getArg(0));
        M.Loc = loc(MC->getBeginLoc());
        setAttr(M.Attrs, "registered", RegName);
        setAttr(M.Attrs, "field", dsl::Value::boolean(false));
        F.Extra->push_back(std::move(M));
      }
      return;
    }
    if (Name == "push_back" || Name == "emplace_back" || Name == "insert" ||
        Name == "update") {
      if (dsl::Submodule *C = target(Obj, F)) {
        appendElement(*C, MC, F);
        return;
      }
    }
    // A call of an own method (reset(), build_layers()): follow it.
    if (MD && F.Class && isa<CXXThisExpr>(peelCtor(Obj)) &&
        !TorchTypes::isTorchDecl(MD)) {
      Frame Sub = F;
      Sub.Locals.clear();
      for (unsigned I = 0; I < MD->getNumParams() && I < MC->getNumArgs(); ++I)
        Sub.Env[MD->getParamDecl(I)] = Folder.fold(MC->getArg(I), &F.Env);
      walkFunction(MD, Sub, Depth + 1);
      F.Stack = Sub.Stack;
      return;
    }
  }
  for (const Stmt *C : E->children())
    if (const auto *CE = dyn_cast_or_null<Expr>(C))
      walkExpr(CE, F, Depth);
}

std::vector<dsl::Submodule>
ConstructionAnalyzer::members(const CXXRecordDecl *RD) {
  std::vector<dsl::Submodule> Result, Extra;
  RD = RD->getDefinition();
  if (!RD)
    return Result;
  Frame F;
  F.Class = RD;
  F.Extra = &Extra;
  std::vector<const FieldDecl *> Fields;
  for (const FieldDecl *FD : RD->fields())
    if (isModuleLike(FD->getType()) || sharedPtrPointee(FD->getType()) ||
        vectorOfModules(FD->getType()))
      Fields.push_back(FD);
  Result.reserve(Fields.size());
  for (const FieldDecl *FD : Fields) {
    dsl::Submodule M;
    M.Name = FD->getNameAsString();
    const CXXRecordDecl *Rec = TorchTypes::recordOf(FD->getType());
    if (Rec && TorchTypes::containerKind(Rec) == ContainerKind::AnyModule)
      M.Type = "torch::nn::AnyModule";
    else if (const CXXRecordDecl *El = vectorOfModules(FD->getType()))
      M.Type = "std::vector<" + typeName(El) + ">";
    else
      M.Type = typeName(TorchTypes::moduleOf(FD->getType()));
    if (const CXXRecordDecl *Base = sharedPtrPointee(FD->getType()))
      if (TorchTypes::isTorchDecl(Base) || Base->isAbstract())
        M.Attrs.push_back({"declared", dsl::Value::string(M.Type)});
    M.Loc = loc(FD->getLocation());
    Result.push_back(std::move(M));
    F.Fields[FD] = &Result.back();
  }
  for (const FieldDecl *FD : Fields)
    if (FD->hasInClassInitializer() && FD->getInClassInitializer())
      assign(*F.Fields[FD], FD->getInClassInitializer(), F);
  // A Sequential/ModuleList subclass appends to itself.
  dsl::Submodule Self;
  ContainerKind CK = TorchTypes::containerKind(RD);
  if (CK == ContainerKind::Sequential || CK == ContainerKind::ModuleList)
    F.Self = &Self;
  for (const CXXConstructorDecl *Ctor : RD->ctors()) {
    const FunctionDecl *Def = Ctor->getDefinition();
    if (!Def || Ctor->isImplicit() || Ctor->isCopyOrMoveConstructor())
      continue;
    F.Env.clear();
    walkFunction(Def, F, 0);
  }
  for (dsl::Submodule &M : Result) {
    bool Null = hasAttr(M.Attrs, "null");
    if (!hasAttr(M.Attrs, "registered") && !Null &&
        !llvm::StringRef(M.Type).starts_with("std::vector<"))
      M.Attrs.push_back({"unregistered", dsl::Value::none()});
    // A registered name equal to the member name says nothing new.
    if (const dsl::Value *R = M.attr("registered");
        R && R->K == dsl::Value::Kind::String && R->Text == M.Name)
      eraseAttr(M.Attrs, "registered"),
          setAttr(M.Attrs, "registered", dsl::Value::none());
  }
  for (dsl::Submodule &E : Self.Elements)
    Result.push_back(std::move(E));
  for (dsl::Submodule &E : Extra)
    Result.push_back(std::move(E));
  return Result;
}

} // namespace adopter::graph
