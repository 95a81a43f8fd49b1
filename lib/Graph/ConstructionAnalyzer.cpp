//===- ConstructionAnalyzer.cpp - Recover submodules and options ----------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/Graph/ConstructionAnalyzer.h"
#include "ConstructionDetail.h"
#include "adopter/DSL/Printer.h"
#include "adopter/Graph/OpNames.h"
#include "adopter/Graph/TorchTypes.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

using namespace clang;

namespace adopter::graph {

using namespace detail;

ConstructionAnalyzer::ConstructionAnalyzer(
    ASTContext &Ctx, std::function<std::string(const CXXRecordDecl *)> DN,
    std::string DisplayRoot)
    : Ctx(Ctx), Folder(Ctx), DisplayName(std::move(DN)) {
  // The compile command's directory: the working directory of the file
  // system the compiler read the sources through (a tool running several
  // translation units at once gives each its own; the process's working
  // directory is then not theirs).
  llvm::ErrorOr<std::string> Cwd = Ctx.getSourceManager()
                                       .getFileManager()
                                       .getVirtualFileSystem()
                                       .getCurrentWorkingDirectory();
  if (Cwd)
    CompileDir = *Cwd;
  if (DisplayRoot.empty())
    DisplayRoot = CompileDir;
  if (!DisplayRoot.empty())
    RootPrefix = DisplayRoot + "/";
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
  // Relative to the compile command's directory: make it absolute, then
  // print it relative to the user's working directory when below it.
  if (!llvm::sys::path::is_absolute(R.File) && !CompileDir.empty()) {
    llvm::SmallString<256> Abs(CompileDir);
    llvm::sys::path::append(Abs, R.File);
    R.File = std::string(Abs);
  }
  {
    // `dir/../x.cpp` as `x.cpp`, however the file was named to the compiler.
    llvm::SmallString<256> Clean(R.File);
    llvm::sys::path::remove_dots(Clean, /*remove_dot_dot=*/true);
    R.File = std::string(Clean);
  }
  if (!RootPrefix.empty() && llvm::StringRef(R.File).starts_with(RootPrefix))
    R.File = R.File.substr(RootPrefix.size());
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
  // A helper of the project that only returns the options it builds
  // (`Conv3dOptions conv3x3x3(int64_t in, int64_t out) { return
  // Conv3dOptions(in, out, 3).padding(1); }`): its return expression, its
  // parameters bound to the call's arguments as folded here.
  if (const auto *CE = dyn_cast<CallExpr>(E);
      CE && !isa<CXXMemberCallExpr>(CE) && !isa<CXXOperatorCallExpr>(CE))
    if (const FunctionDecl *FD = CE->getDirectCallee();
        FD && FD->hasBody() && FD->getNumParams() == CE->getNumArgs() &&
        !Folder.context().getSourceManager().isInSystemHeader(
            FD->getLocation()))
      if (const auto *Body = dyn_cast<CompoundStmt>(FD->getBody());
          Body && Body->size() == 1)
        if (const auto *Ret = dyn_cast<ReturnStmt>(Body->body_front());
            Ret && Ret->getRetValue()) {
          ConstEnv Params;
          for (unsigned I = 0; I < FD->getNumParams(); ++I) {
            const Expr *A = CE->getArg(I);
            if (const auto *D = dyn_cast<CXXDefaultArgExpr>(A))
              A = D->getExpr();
            Params[FD->getParamDecl(I)] = Folder.fold(A, &Env);
          }
          optionsChain(Ret->getRetValue(), Out, Params, Depth + 1);
          return;
        }
  Out.push_back({"options", Folder.fold(E, &Env)});
}

std::vector<dsl::Arg>
ConstructionAnalyzer::optionsFromArgs(const CXXRecordDecl *Impl,
                                      llvm::ArrayRef<const Expr *> Args,
                                      const ConstEnv &Env) {
  std::vector<dsl::Arg> Out;
  const bool UserClass = Impl && !TorchTypes::isTorchDecl(Impl);
  if (Args.empty() && !UserClass)
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
  const CXXConstructorDecl *Chosen = nullptr;
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
      Chosen = C;
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
  if (!NamesOf(OptRD) && !NamesOf(Impl))
    Chosen = nullptr;
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
  // The parameters of a user module's constructor left to their defaults
  // (`Net(int64_t in = 784)` built as `Net()`) take them: its options are
  // what the constructor receives.
  if (UserClass && Chosen && Chosen->getParent() == Impl->getDefinition())
    for (unsigned I = Args.size(); I < Chosen->getNumParams(); ++I) {
      const ParmVarDecl *P = Chosen->getParamDecl(I);
      if (!P->hasDefaultArg() || P->hasUnparsedDefaultArg() ||
          P->hasUninstantiatedDefaultArg() || !P->getDefaultArg())
        break;
      Out.push_back(
          {P->getNameAsString(), Folder.fold(P->getDefaultArg(), &Env)});
    }
  return Out;
}

void detail::markFusedRuns(dsl::Submodule &Seq, FusedRuns Kind) {
  auto Dims = [](const std::string &Type, llvm::StringRef Stem) {
    llvm::StringRef T(Type);
    if (!T.consume_front("torch::nn::") || !T.consume_front(Stem) ||
        T.size() != 2 || T[1] != 'd' || T[0] < '1' || T[0] > '3')
      return 0;
    return T[0] - '0';
  };
  auto IntOption = [](const dsl::Submodule &M,
                      llvm::StringRef Key) -> std::optional<int64_t> {
    for (const dsl::Arg &A : M.Options)
      if (A.Key == Key && A.Val.K == dsl::Value::Kind::Int)
        return A.Val.Int;
    return std::nullopt;
  };
  auto SamePlace = [](const dsl::Submodule &A, const dsl::Submodule &B) {
    for (const char *K : {"when", "repeat"}) {
      const dsl::Value *X = A.attr(K), *Y = B.attr(K);
      if ((X == nullptr) != (Y == nullptr) || (X && !(*X == *Y)))
        return false;
    }
    return true;
  };
  auto Free = [](const dsl::Submodule &M) {
    for (const char *K : {"conv_bn", "in_conv_bn", "linear_bn", "in_linear_bn"})
      if (hasAttr(M.Attrs, K))
        return false;
    return true;
  };
  // The first element's dimensionality (0: not a run's first element), the
  // option holding its outputs.
  auto First = [&](const dsl::Submodule &M) -> std::pair<int, const char *> {
    if (Kind == FusedRuns::LinearBN)
      return {M.Type == "torch::nn::Linear" ? 1 : 0, "out_features"};
    int D = Dims(M.Type, "Conv");
    return {D ? D : Dims(M.Type, "ConvTranspose"), "out_channels"};
  };
  const char *Head = Kind == FusedRuns::LinearBN ? "linear_bn" : "conv_bn";
  const char *In = Kind == FusedRuns::LinearBN ? "in_linear_bn" : "in_conv_bn";
  std::vector<dsl::Submodule> &Els = Seq.Elements;
  for (size_t I = 0; I + 1 < Els.size(); ++I) {
    dsl::Submodule &W = Els[I], &BN = Els[I + 1];
    auto [D, OutKey] = First(W);
    std::optional<int64_t> Out = IntOption(W, OutKey),
                           Features = IntOption(BN, "num_features");
    if (!D || D != Dims(BN.Type, "BatchNorm") || !Free(W) || !Free(BN) ||
        !SamePlace(W, BN) || (Out && Features && *Out != *Features))
      continue;
    bool Act = false;
    if (I + 2 < Els.size() && Free(Els[I + 2]) && SamePlace(W, Els[I + 2]))
      for (const char *A : {"ReLU", "ReLU6", "SiLU", "LeakyReLU", "Hardtanh"})
        Act |= Els[I + 2].Type == std::string("torch::nn::") + A;
    setAttr(W.Attrs, Head, dsl::Value::integer(Act ? 2 : 1));
    setAttr(BN.Attrs, In, dsl::Value::none());
    if (Act)
      setAttr(Els[I + 2].Attrs, In, dsl::Value::none());
    I += Act ? 2 : 1;
  }
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

void ConstructionAnalyzer::addElements(dsl::Submodule &C, const Expr *A,
                                       Frame *F) {
  const ConstEnv &Env = F ? F->Env : ConstEnv();
  const Expr *PA = peelCtor(A);
  // ModuleDict(items) with `items` a local list of pairs.
  if (const auto *DRE = dyn_cast<DeclRefExpr>(PA))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
        VD && VD->hasLocalStorage() && VD->getInit() && !isa<ParmVarDecl>(VD))
      PA = peelCtor(VD->getInit());
  const InitListExpr *ILE = dyn_cast<InitListExpr>(PA);
  if (const auto *SIL = dyn_cast<CXXStdInitializerListExpr>(PA))
    ILE = dyn_cast<InitListExpr>(peelCtor(SIL->getSubExpr()));
  if (const auto *C2 = dyn_cast<CXXConstructExpr>(PA)) {
    std::vector<const Expr *> W = writtenArgs(C2);
    if (W.size() == 1)
      if (const auto *SIL = dyn_cast<CXXStdInitializerListExpr>(peelCtor(W[0])))
        ILE = dyn_cast<InitListExpr>(peelCtor(SIL->getSubExpr()));
    // An empty list or dict (`OrderedDict<...>{}`) adds nothing.
    if (W.empty() && !isModuleLike(C2->getType()))
      return;
  }
  auto Add = [&](const Expr *NameE, const Expr *ModE, const Expr *At) {
    dsl::Submodule El = constructIn(ModE, F);
    dsl::Value N = NameE ? Folder.fold(NameE, &Env) : dsl::Value();
    El.Name = N.K == dsl::Value::Kind::String
                  ? N.Text
                  : std::to_string(C.Elements.size());
    El.Loc = loc(At->getBeginLoc());
    C.Elements.push_back(std::move(El));
  };
  if (!ILE) {
    Add(nullptr, A, A);
    return;
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
    Add(NameE, ModE, Init);
  }
}

dsl::Submodule ConstructionAnalyzer::constructIn(const Expr *E, Frame *F) {
  dsl::Submodule R;
  if (!E)
    return R;
  const ConstEnv &Env = F ? F->Env : ConstEnv();
  E = peelCtor(E);
  if (auto [Seq, Kind] = fusedSequentialArg(E); Seq) {
    R = constructIn(Seq, F);
    markFusedRuns(R, Kind);
    return R;
  }
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
  // `c ? A : B`: the branch a known condition takes; otherwise A where c
  // holds and B elsewhere (conditional options, or a module known only at
  // run time).
  if (const auto *CO = dyn_cast<ConditionalOperator>(E)) {
    dsl::Value C = Folder.fold(CO->getCond(), &Env);
    if (C.K == dsl::Value::Kind::Bool)
      return constructIn(C.Bool ? CO->getTrueExpr() : CO->getFalseExpr(), F);
    dsl::Submodule Then = constructIn(CO->getTrueExpr(), F);
    R = constructIn(CO->getFalseExpr(), F);
    // Null on one side: the module is there where the other is taken.
    bool ThenNull = isNullModule(Then), ElseNull = isNullModule(R);
    std::string Cond = Folder.text(CO->getCond());
    if (ThenNull && ElseNull)
      return R;
    if (ThenNull || ElseNull) {
      dsl::Submodule &Held = ThenNull ? R : Then;
      std::string When = ThenNull ? dsl::negatedCondition(Cond) : Cond;
      if (F)
        When = conjoined(F->When, When);
      setAttr(Held.Attrs, "when", dsl::Value::symbol(When));
      return std::move(Held);
    }
    mergeAlternative(R, std::move(Then), Cond);
    return R;
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
      for (const Expr *A : Args)
        addElements(R, A, F);
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
  auto Before = F.Assigned.find(&Dst);
  // Where the module assigned here holds: on this path (where `c ? m :
  // nullptr` gives one), or, where another was assigned on another path,
  // on both.
  std::string Holds = F.When;
  if (const dsl::Value *Own = S.attr("when")) {
    Holds = Own->Text;
    eraseAttr(S.Attrs, "when");
  }
  if (isNullModule(S)) {
    if (Before != F.Assigned.end() && !F.When.empty()) {
      // Emptied on this path only.
      Holds = conjoined(Before->second, dsl::negatedCondition(F.When));
      Before->second = Holds;
      setAttr(Dst.Attrs, "when", dsl::Value::symbol(Holds));
    } else if (Dst.Type.empty() || !Dst.HasOptions) {
      setAttr(Dst.Attrs, "null", dsl::Value::none());
    }
    return;
  }
  eraseAttr(Dst.Attrs, "null");
  if (Before != F.Assigned.end() && !Holds.empty() && Before->second != Holds) {
    if (!S.Type.empty() && S.Type != "?")
      mergeAlternative(Dst, std::move(S), Holds);
    Holds = disjoined(Before->second, Holds);
  } else {
    if (!S.Type.empty() && S.Type != "?")
      Dst.Type = S.Type;
    Dst.HasOptions = S.HasOptions;
    Dst.Options = std::move(S.Options);
    Dst.Elements = std::move(S.Elements);
    eraseAttr(Dst.Attrs, "overwritten");
    eraseAttr(Dst.Attrs, "elements");
    for (dsl::Arg &A : S.Attrs)
      setAttr(Dst.Attrs, A.Key, A.Val);
  }
  F.Assigned[&Dst] = Holds;
  if (Holds.empty())
    eraseAttr(Dst.Attrs, "when");
  else
    setAttr(Dst.Attrs, "when", dsl::Value::symbol(Holds));
}

/// An element appended in a loop of unknown trip count or under an unknown
/// condition has no fixed index: it is named `*` and says why.
static void markUnplaced(dsl::Submodule &El,
                         const std::vector<dsl::Arg> &Place) {
  if (Place.empty())
    return;
  El.Name = "*";
  setAttrs(El.Attrs, Place);
}

void ConstructionAnalyzer::appendElement(dsl::Submodule &C,
                                         const CXXMemberCallExpr *Call,
                                         Frame &F) {
  std::vector<const Expr *> Args = writtenArgs(Call);
  if (Args.empty() || hasAttr(C.Attrs, "elements"))
    return; // elements already unknown (an insert at an unknown place)
  const Expr *ModE = Args.back();
  const CXXMethodDecl *MD = Call->getMethodDecl();
  if (MD && MD->getIdentifier() && MD->getName() == "insert" &&
      C.Type == "torch::nn::ModuleList" && Args.size() == 2) {
    // ModuleList::insert(index, module): the elements from index on move up
    // one place and are registered under their new indices. Where the
    // index, or an earlier element's place, is not known, so is the order:
    // the container's elements are then unknown (never a wrong order).
    dsl::Value At = Folder.fold(Args[0], &F.Env);
    bool Placed =
        F.Repeat.empty() && F.When.empty() &&
        std::none_of(C.Elements.begin(), C.Elements.end(),
                     [](const dsl::Submodule &E) { return E.Name == "*"; });
    if (!Placed || At.K != dsl::Value::Kind::Int || At.Int < 0 ||
        At.Int > static_cast<int64_t>(C.Elements.size())) {
      C.Elements.clear();
      setAttr(C.Attrs, "elements", dsl::Value::ident("unknown"));
      return;
    }
    dsl::Submodule El = constructIn(ModE, &F);
    if (El.Loc.Line == 0)
      El.Loc = loc(ModE->getBeginLoc());
    C.Elements.insert(C.Elements.begin() + At.Int, std::move(El));
    for (size_t I = 0; I < C.Elements.size(); ++I)
      C.Elements[I].Name = std::to_string(I);
    return;
  }
  if (Args.size() == 1 && !isModuleLike(ModE->getType())) {
    // update({{"a", m}, ...}), extend(list): several elements at once.
    size_t First = C.Elements.size();
    addElements(C, ModE, &F);
    if (C.Type == "torch::nn::ModuleDict")
      for (size_t I = First; I < C.Elements.size();) {
        // ModuleDict::update overwrites a key it already has, in place; a
        // key that may or may not be overwritten (under a condition, in a
        // loop) holds a module of a type known only at run time. (An
        // element appended under a condition has lost its key: taken as
        // another.)
        auto Old =
            std::find_if(C.Elements.begin(), C.Elements.begin() + First,
                         [&](const dsl::Submodule &E) {
                           return E.Name != "*" && E.Name == C.Elements[I].Name;
                         });
        if (Old == C.Elements.begin() + First) {
          ++I;
          continue;
        }
        if (!F.Repeat.empty() || !F.When.empty()) {
          // Which module the key holds is known only at run time.
          markOverwritten(*Old, F.When.empty() ? F.Repeat : F.When);
        } else {
          *Old = std::move(C.Elements[I]);
        }
        C.Elements.erase(C.Elements.begin() + I);
      }
    for (size_t I = First; I < C.Elements.size(); ++I)
      markUnplaced(C.Elements[I], F.place());
    return;
  }
  dsl::Submodule El = constructIn(ModE, &F);
  if (Args.size() >= 2) {
    dsl::Value N = Folder.fold(Args[0], &F.Env);
    El.Name = N.K == dsl::Value::Kind::String ? N.Text : Folder.text(Args[0]);
  } else {
    El.Name = std::to_string(C.Elements.size());
  }
  markUnplaced(El, F.place());
  if (El.Loc.Line == 0)
    El.Loc = loc(ModE->getBeginLoc());
  C.Elements.push_back(std::move(El));
}

} // namespace adopter::graph
