//===- FlowBuilder.cpp - SSA data flow of forward(): statements -----------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/Graph/FlowBuilder.h"
#include "adopter/Graph/FlowScope.h"
#include "adopter/Graph/TorchTypes.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;

namespace adopter::graph {

FlowBuilder::FlowBuilder(ASTContext &Ctx, ConstructionAnalyzer &CA,
                         ModuleInfoProvider Info)
    : Ctx(Ctx), CA(CA), Folder(Ctx), Info(std::move(Info)) {}

dsl::Method FlowBuilder::build(const CXXRecordDecl *Class,
                               const CXXMethodDecl *MD,
                               std::vector<const CXXMethodDecl *> *CalledOut) {
  dsl::Method M;
  Counter = 0;
  Called = CalledOut;
  RootClass = Class;
  M.Name = MD->getNameAsString();
  const FunctionDecl *Def = MD->getDefinition();
  if (!Def)
    Def = MD->getTemplateInstantiationPattern();
  M.Loc = CA.loc(Def ? Def->getLocation() : MD->getLocation());
  Scope Sc;
  Sc.Block = &M.Body;
  Sc.This.K = FV::Kind::Module;
  Sc.This.Class = Class;
  if (Def)
    Sc.Stack.push_back(Def);
  const FunctionDecl *Params = Def ? Def : MD;
  for (unsigned I = 0; I < Params->getNumParams(); ++I) {
    const ParmVarDecl *P = Params->getParamDecl(I);
    std::string N =
        P->getName().empty() ? "arg" + std::to_string(I) : P->getNameAsString();
    M.Params.push_back(N);
    if (TorchTypes::isTensor(P->getType()))
      Sc.bind(P, FV::tensor(N));
    else
      Sc.bind(P, FV::constant(dsl::Value::symbol(N)));
  }
  if (Def && Def->hasBody())
    exec(Def->getBody(), Sc);
  return M;
}

dsl::Method FlowBuilder::buildFunction(const FunctionDecl *FD,
                                       std::deque<dsl::Submodule> &Out) {
  dsl::Method M;
  Counter = 0;
  Called = nullptr;
  RootClass = nullptr;
  Locals = &Out;
  FinalLocals = CA.finalLocals(FD);
  M.Name = FD->getNameAsString();
  M.Loc = CA.loc(FD->getLocation());
  Scope Sc;
  Sc.Block = &M.Body;
  Sc.Stack.push_back(FD);
  for (unsigned I = 0; I < FD->getNumParams(); ++I) {
    const ParmVarDecl *P = FD->getParamDecl(I);
    std::string N =
        P->getName().empty() ? "arg" + std::to_string(I) : P->getNameAsString();
    M.Params.push_back(N);
    if (TorchTypes::isTensor(P->getType()))
      Sc.bind(P, FV::tensor(N));
    else if (TorchTypes::moduleOf(P->getType()))
      Sc.bind(P, localModule(P, nullptr, Sc));
    else
      Sc.bind(P, FV::constant(dsl::Value::symbol(N)));
  }
  if (FD->hasBody())
    exec(FD->getBody(), Sc);
  Locals = nullptr;
  FinalLocals.clear();
  return M;
}

dsl::Method FlowBuilder::buildSequentialForward(const dsl::Submodule &S) {
  dsl::Method M;
  Counter = 0;
  Called = nullptr;
  RootClass = nullptr;
  M.Name = S.Name + ".forward";
  M.Loc = S.Loc;
  M.Params.push_back("input");
  Scope Sc;
  Sc.Block = &M.Body;
  FV Seq;
  Seq.K = FV::Kind::Module;
  Seq.Name = S.Name;
  Seq.Sub = &S;
  FV Out = callSequential(Seq, {{"", dsl::Value::ref("input")}},
                          FV::tensor("input"), S.Type, nullptr, Sc);
  dsl::Op R;
  R.K = dsl::Op::Kind::Return;
  R.Loc = S.Loc;
  if (Out.K == FV::Kind::Tensor)
    R.Args.push_back({"", dsl::Value::ref(Out.Name)});
  M.Body.push_back(std::move(R));
  return M;
}

FlowBuilder::FV FlowBuilder::localModule(const VarDecl *VD, const Expr *Init,
                                         Scope &Sc) {
  const CXXRecordDecl *Class = TorchTypes::moduleOf(VD->getType());
  dsl::Submodule S;
  if (Init && !isa<ParmVarDecl>(VD))
    S = CA.construct(Init, Sc.Consts);
  // Elements appended later in the function (push_back, also under an
  // unknown condition), and runs fused later (fuse_conv_bn,
  // fuse_linear_bn) count: a
  // factory's Sequential is known as returned.
  if (auto It = FinalLocals.find(VD); It != FinalLocals.end()) {
    const std::vector<dsl::Submodule> &Final = It->second.Elements;
    bool Fused = llvm::any_of(Final, [](const dsl::Submodule &E) {
      return E.attr("conv_bn") || E.attr("linear_bn");
    });
    if (Final.size() > S.Elements.size() ||
        (Fused && Final.size() == S.Elements.size()))
      S.Elements = Final;
  }
  if (S.Type.empty()) {
    S.Type = Info.DisplayName(Class);
    S.Loc = CA.loc(VD->getLocation());
  }
  if (!S.Loc.isValid())
    S.Loc = CA.loc(VD->getLocation());
  S.Name = VD->getNameAsString();
  S.Attrs.push_back({isa<ParmVarDecl>(VD) ? "param" : "local", dsl::Value()});
  Locals->push_back(std::move(S));
  FV M;
  M.K = FV::Kind::Module;
  M.Name = VD->getNameAsString();
  M.Class = Class;
  M.Sub = &Locals->back();
  if (const CXXRecordDecl *C = Info.ByName(M.Sub->Type))
    M.Class = C;
  return M;
}

bool FlowBuilder::optimizerConstruction(const VarDecl *VD, Scope &Sc) {
  const Expr *Init = VD->getInit();
  if (!Init)
    return false;
  // The optimizer type, through std::unique_ptr / std::shared_ptr.
  QualType T = VD->getType().getNonReferenceType();
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  bool SmartPtr = false;
  if (const auto *Spec =
          dyn_cast_or_null<ClassTemplateSpecializationDecl>(RD)) {
    StringRef N = Spec->getName();
    if ((N == "unique_ptr" || N == "shared_ptr") && Spec->isInStdNamespace() &&
        Spec->getTemplateArgs().size() >= 1) {
      RD = Spec->getTemplateArgs()[0].getAsType()->getAsCXXRecordDecl();
      SmartPtr = true;
    }
  }
  // `std::shared_ptr<Optimizer> opt = std::make_shared<Adam>(...)`: the
  // type constructed is make_shared's template argument.
  bool Made = false;
  if (const auto *Call = dyn_cast<CallExpr>(ValueFolder::peel(Init)))
    if (const FunctionDecl *Callee = Call->getDirectCallee())
      if (const TemplateArgumentList *TA =
              Callee->getTemplateSpecializationArgs();
          TA && TA->size() >= 1 &&
          TA->get(0).getKind() == TemplateArgument::Type &&
          (Callee->getName() == "make_shared" ||
           Callee->getName() == "make_unique") &&
          Callee->isInStdNamespace())
        if (const CXXRecordDecl *MadeRD =
                TA->get(0).getAsType()->getAsCXXRecordDecl()) {
          RD = MadeRD;
          Made = true;
        }
  if (!RD)
    return false;
  std::string Q = RD->getQualifiedNameAsString();
  if (!StringRef(Q).starts_with("torch::optim::") || !RD->hasDefinition())
    return false;
  // The constructor arguments: a construct expression, or make_unique's.
  const Expr *E = ValueFolder::peel(Init);
  std::vector<const Expr *> CtorArgs;
  const Expr *At = E;
  // A smart pointer holds an optimizer built by make_unique/make_shared;
  // one built otherwise (`std::unique_ptr<Adam> p;`, a factory's result)
  // is not a construction seen here. A plain call is one only when it is
  // make_unique/make_shared: `auto o = make_optimizer(m)` is a factory.
  if ((SmartPtr && !Made) || (isa<CallExpr>(E) && !Made))
    return false;
  if (const auto *CE = dyn_cast<CXXConstructExpr>(E)) {
    // `Adam opt = Adam(...)`: the copy of a temporary.
    if (CE->getNumArgs() == 1)
      if (const auto *Inner =
              dyn_cast<CXXConstructExpr>(ValueFolder::peel(CE->getArg(0))))
        CE = Inner;
    for (const Expr *A : CE->arguments())
      CtorArgs.push_back(A);
  } else if (const auto *Call = dyn_cast<CallExpr>(E)) {
    for (const Expr *A : Call->arguments())
      CtorArgs.push_back(A);
  } else {
    return false;
  }
  std::vector<dsl::Arg> Args;
  for (size_t I = 0; I < CtorArgs.size(); ++I) {
    if (isa<CXXDefaultArgExpr>(CtorArgs[I]))
      continue;
    if (I == 0) {
      Args.push_back({"params", dsl::Value::symbol(Folder.text(CtorArgs[I]))});
      continue;
    }
    for (dsl::Arg &A : CA.options(CtorArgs[I], Sc.Consts))
      Args.push_back(std::move(A));
  }
  FV R = emit(Q, std::move(Args), At, Sc);
  Sc.bind(VD, R);
  return true;
}

void FlowBuilder::exec(const Stmt *S, Scope &Sc) {
  if (!S)
    return;
  const SourceManager &SM = Ctx.getSourceManager();
  // TORCH_CHECK, AT_ASSERT and friends: checks, not data flow.
  if (S->getBeginLoc().isMacroID() && SM.isInSystemMacro(S->getBeginLoc()))
    return;
  if (const auto *CS = dyn_cast<CompoundStmt>(S)) {
    for (const Stmt *C : CS->body())
      exec(C, Sc);
    return;
  }
  if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    for (const Decl *D : DS->decls()) {
      if (const auto *DD = dyn_cast<DecompositionDecl>(D)) {
        FV Init = DD->getInit() ? eval(DD->getInit(), Sc) : FV();
        auto Bindings = DD->bindings();
        if (Init.K == FV::Kind::Tuple && Init.Elems.size() == Bindings.size()) {
          for (size_t I = 0; I < Bindings.size(); ++I)
            Sc.bind(Bindings[I], Init.Elems[I]);
          continue;
        }
        if (Init.K == FV::Kind::Tensor) {
          FV U = emit("prim::unpack", {{"", dsl::Value::ref(Init.Name)}},
                      DD->getInit(), Sc, {}, Bindings.size());
          for (size_t I = 0; I < Bindings.size() && I < U.Elems.size(); ++I)
            Sc.bind(Bindings[I], U.Elems[I]);
          continue;
        }
        for (const BindingDecl *B : Bindings)
          Sc.bind(B, FV::constant(dsl::Value::symbol(B->getNameAsString())));
        continue;
      }
      const auto *VD = dyn_cast<VarDecl>(D);
      if (!VD)
        continue;
      if (Locals && TorchTypes::moduleOf(VD->getType())) {
        Sc.bind(VD, localModule(VD, VD->getInit(), Sc));
        continue;
      }
      if (Locals && optimizerConstruction(VD, Sc))
        continue;
      if (const Expr *Init = VD->getInit()) {
        FV V = eval(Init, Sc);
        if (V.K == FV::Kind::None && !TorchTypes::isTensor(VD->getType()))
          V = FV::constant(Folder.fold(Init, &Sc.Consts));
        Sc.bind(VD, V);
      } else {
        Sc.bind(VD, FV());
      }
    }
    return;
  }
  if (const auto *RS = dyn_cast<ReturnStmt>(S)) {
    FV V = RS->getRetValue() ? eval(RS->getRetValue(), Sc) : FV();
    // A factory returning a container built in the return statement: the
    // container is a local of the function, named `returned`.
    if (Locals && !Sc.Inlined && RS->getRetValue() &&
        TorchTypes::moduleOf(RS->getRetValue()->getType()) &&
        (V.K != FV::Kind::Module || V.Name.empty())) {
      dsl::Submodule S = CA.construct(RS->getRetValue(), Sc.Consts);
      if (!S.Elements.empty()) {
        S.Name = "returned";
        S.Attrs.push_back({"returned", dsl::Value()});
        if (!S.Loc.isValid())
          S.Loc = CA.loc(RS->getRetValue()->getBeginLoc());
        Locals->push_back(std::move(S));
        V = FV();
        V.K = FV::Kind::Module;
        V.Name = "returned";
        V.Sub = &Locals->back();
      }
    }
    if (Sc.Inlined) {
      Sc.Returns.push_back(V);
      return;
    }
    dsl::Op R;
    R.K = dsl::Op::Kind::Return;
    R.Loc = CA.loc(RS->getBeginLoc());
    if (V.K == FV::Kind::Tuple)
      for (const FV &E : V.Elems)
        R.Args.push_back(toArg(E, nullptr, Sc));
    else if (V.K != FV::Kind::None)
      R.Args.push_back(toArg(V, RS->getRetValue(), Sc));
    Sc.Block->push_back(std::move(R));
    return;
  }
  if (const auto *IS = dyn_cast<IfStmt>(S))
    return execIf(IS, Sc);
  if (const auto *SS = dyn_cast<SwitchStmt>(S))
    return execSwitch(SS, Sc);
  if (const auto *FS = dyn_cast<ForStmt>(S))
    return execFor(FS, Sc);
  if (const auto *RF = dyn_cast<CXXForRangeStmt>(S))
    return execRangeFor(RF, Sc);
  if (const auto *WS = dyn_cast<WhileStmt>(S)) {
    dsl::Value C = Folder.fold(WS->getCond(), &Sc.Consts);
    return execLoopBody(WS->getBody(), C, WS->getBeginLoc(), Sc, nullptr);
  }
  if (const auto *DS = dyn_cast<DoStmt>(S)) {
    dsl::Value C = Folder.fold(DS->getCond(), &Sc.Consts);
    return execLoopBody(DS->getBody(), C, DS->getBeginLoc(), Sc, nullptr);
  }
  if (const auto *E = dyn_cast<Expr>(S)) {
    eval(E, Sc);
    return;
  }
  for (const Stmt *C : S->children())
    exec(C, Sc);
}

void FlowBuilder::mergeVars(
    Scope &Sc, const std::map<const ValueDecl *, FV> &Before,
    const std::vector<std::map<const ValueDecl *, FV>> &Paths,
    SourceLocation L) {
  // Every variable bound to different tensors on different paths gets a
  // prim::phi of them. Variables declared inside a branch are out of scope
  // after it and get none.
  std::map<const ValueDecl *, bool> Keys;
  for (const auto &P : Paths)
    for (const auto &KV : P)
      if (Before.count(KV.first))
        Keys[KV.first] = true;
  for (const auto &K : Keys) {
    std::vector<std::string> Names;
    bool Differs = false;
    FV First;
    for (size_t I = 0; I < Paths.size(); ++I) {
      auto It = Paths[I].find(K.first);
      FV V;
      if (It != Paths[I].end())
        V = It->second;
      else if (auto B = Before.find(K.first); B != Before.end())
        V = B->second;
      if (I == 0)
        First = V;
      else if (V.K != First.K || V.Name != First.Name)
        Differs = true;
      if (V.K == FV::Kind::Tensor)
        Names.push_back(V.Name);
    }
    if (!Differs) {
      if (Before.count(K.first) || First.K != FV::Kind::None)
        Sc.bind(K.first, First);
      continue;
    }
    if (Names.empty())
      continue;
    std::vector<FV> Vals;
    for (const std::string &N : Names)
      Vals.push_back(FV::tensor(N));
    Sc.bind(K.first, emitPhi(Vals, CA.loc(L), Sc));
  }
}

FlowBuilder::FV FlowBuilder::emitPhi(const std::vector<FV> &Vals,
                                     const dsl::SourceLoc &L, Scope &Sc) {
  dsl::Op Phi;
  Phi.Name = "prim::phi";
  Phi.Results.push_back(fresh());
  for (const FV &V : Vals)
    if (V.K == FV::Kind::Tensor)
      Phi.Args.push_back({"", dsl::Value::ref(V.Name)});
  Phi.Loc = L;
  FV R = FV::tensor(Phi.Results[0]);
  Sc.Block->push_back(std::move(Phi));
  return R;
}

void FlowBuilder::execIf(const IfStmt *IS, Scope &Sc) {
  if (IS->isConstexpr() || !IS->getCond()) {
    exec(IS->getThen(), Sc);
    return;
  }
  dsl::Value CV = Folder.fold(IS->getCond(), &Sc.Consts);
  if (CV.K == dsl::Value::Kind::Bool) {
    exec(CV.Bool ? IS->getThen() : IS->getElse(), Sc);
    return;
  }
  FV Cond = eval(IS->getCond(), Sc);
  dsl::Op If;
  If.K = dsl::Op::Kind::If;
  If.Loc = CA.loc(IS->getBeginLoc());
  If.Args.push_back(toArg(Cond, IS->getCond(), Sc));
  If.Regions.resize(2);
  auto Before = Sc.Vars;
  std::vector<std::map<const ValueDecl *, FV>> Paths;
  for (int I = 0; I < 2; ++I) {
    const Stmt *Branch = I == 0 ? IS->getThen() : IS->getElse();
    Scope Sub = Sc.child(&If.Regions[I]);
    exec(Branch, Sub);
    Sc.Returns = Sub.Returns;
    Paths.push_back(Sub.Vars);
  }
  Sc.Block->push_back(std::move(If));
  mergeVars(Sc, Before, Paths, IS->getBeginLoc());
}

void FlowBuilder::execSwitch(const SwitchStmt *SS, Scope &Sc) {
  // Which cases run is not modelled: the body is one path that may or may
  // not be taken, and every value it changes meets its old value in a phi.
  FV Cond = eval(SS->getCond(), Sc);
  dsl::Op If;
  If.K = dsl::Op::Kind::If;
  If.Loc = CA.loc(SS->getBeginLoc());
  If.Args.push_back(toArg(Cond, SS->getCond(), Sc));
  If.Attrs.push_back({"switch", dsl::Value::none()});
  If.Regions.resize(2);
  auto Before = Sc.Vars;
  Scope Sub = Sc.child(&If.Regions[0]);
  exec(SS->getBody(), Sub);
  Sc.Returns = Sub.Returns;
  Sc.Block->push_back(std::move(If));
  mergeVars(Sc, Before, {Sub.Vars, Before}, SS->getBeginLoc());
}

void FlowBuilder::execLoopBody(const Stmt *Body, dsl::Value Cond,
                               SourceLocation L, Scope &Sc,
                               const std::function<void(Scope &)> &Bind) {
  dsl::Op Loop;
  Loop.K = dsl::Op::Kind::Loop;
  Loop.Loc = CA.loc(L);
  Loop.Args.push_back({"", std::move(Cond)});
  Loop.Regions.resize(1);
  auto Before = Sc.Vars;
  Scope Sub = Sc.child(&Loop.Regions[0]);
  if (Bind)
    Bind(Sub);
  exec(Body, Sub);
  Sc.Returns = Sub.Returns;
  Sc.Block->push_back(std::move(Loop));
  // After the loop a variable is its value before or after the body.
  std::map<const ValueDecl *, FV> After;
  for (const auto &KV : Sub.Vars)
    if (Before.count(KV.first))
      After.insert(KV);
  mergeVars(Sc, Before, {Before, After}, L);
}

void FlowBuilder::execFor(const ForStmt *FS, Scope &Sc) {
  const VarDecl *IV = nullptr;
  if (auto Iters = Folder.tripValues(FS, Sc.Consts, IV, 64)) {
    for (int64_t I : *Iters) {
      Sc.bind(IV, FV::constant(dsl::Value::integer(I)));
      exec(FS->getBody(), Sc);
    }
    return;
  }
  if (FS->getInit())
    exec(FS->getInit(), Sc);
  dsl::Value C = FS->getCond() ? dsl::Value::symbol(Folder.text(FS->getCond()))
                               : dsl::Value::boolean(true);
  execLoopBody(FS->getBody(), C, FS->getBeginLoc(), Sc, [&](Scope &Sub) {
    if (IV)
      Sub.bind(IV, FV::constant(dsl::Value::symbol(IV->getNameAsString())));
  });
}

void FlowBuilder::execRangeFor(const CXXForRangeStmt *RF, Scope &Sc) {
  FV Range = eval(RF->getRangeInit(), Sc);
  const VarDecl *LV = RF->getLoopVariable();
  std::vector<FV> Items;
  bool Known = false;
  if (Range.K == FV::Kind::Module && Range.Sub) {
    Known = !Range.Sub->Elements.empty();
    for (const dsl::Submodule &E : Range.Sub->Elements) {
      if (E.Name == "*")
        Known = false;
      Items.push_back(element(Range, dsl::Value::string(E.Name)));
    }
  } else if (Range.K == FV::Kind::Tuple) {
    Known = true;
    Items = Range.Elems;
  } else if (Range.K == FV::Kind::Const &&
             Range.C.K == dsl::Value::Kind::List) {
    Known = true;
    for (const dsl::Value &V : Range.C.Elems)
      Items.push_back(FV::constant(V));
  }
  if (Known && Items.size() <= 64) {
    for (const FV &It : Items) {
      Sc.bind(LV, It);
      exec(RF->getBody(), Sc);
    }
    return;
  }
  dsl::Value C = Range.K == FV::Kind::Tensor
                     ? dsl::Value::ref(Range.Name)
                     : dsl::Value::symbol(Folder.text(RF->getRangeInit()));
  execLoopBody(RF->getBody(), C, RF->getBeginLoc(), Sc, [&](Scope &Sub) {
    if (Range.K == FV::Kind::Module) {
      FV Any = Range;
      Any.Name = Range.Name.empty() ? "*" : Range.Name + ".*";
      Any.Sub = nullptr;
      if (Range.Sub)
        for (const dsl::Submodule &E : Range.Sub->Elements)
          if (E.Name == "*")
            Any.Sub = &E;
      Any.Class = Any.Sub ? Info.ByName(Any.Sub->Type) : nullptr;
      Sub.bind(LV, Any);
    } else {
      Sub.bind(LV, FV::constant(dsl::Value::symbol(LV->getNameAsString())));
    }
  });
}

FlowBuilder::FV FlowBuilder::inlineCall(const FunctionDecl *FD, const FV &This,
                                        const std::vector<FV> &Args,
                                        const std::string &Token,
                                        const std::string &ScopeName,
                                        const Expr *Call, Scope &Sc) {
  const FunctionDecl *Def = FD->getDefinition();
  if (!Def)
    Def = FD->getTemplateInstantiationPattern();
  constexpr size_t MaxDepth = 16;
  // Recursion is followed only while an argument is a known integer (a
  // counter the recursion can end on), and never deeper than MaxDepth.
  bool Counted = std::any_of(Args.begin(), Args.end(), [](const FV &A) {
    return A.K == FV::Kind::Const && A.C.K == dsl::Value::Kind::Int;
  });
  bool Recursive = std::count(Sc.Stack.begin(), Sc.Stack.end(), Def) > 0;
  if (!Def || !Def->hasBody() || Sc.Stack.size() >= MaxDepth ||
      (Recursive && !Counted)) {
    std::vector<dsl::Arg> As;
    for (const FV &A : Args)
      As.push_back(toArg(A, nullptr, Sc));
    std::vector<dsl::Arg> Attrs = {
        {"scope", dsl::Value::string(ScopeName)},
        {"reason",
         dsl::Value::string(Def && Def->hasBody() ? "recursion or depth limit"
                                                  : "no definition")}};
    return emit(Token, std::move(As), Call, Sc, std::move(Attrs));
  }
  dsl::Op In;
  In.K = dsl::Op::Kind::Inline;
  In.Name = Token;
  In.Loc = Call                  ? CA.loc(Call->getExprLoc())
           : NoCallLoc.isValid() ? NoCallLoc
                                 : CA.loc(FD->getLocation());
  for (const FV &A : Args)
    In.Args.push_back(toArg(A, nullptr, Sc));
  dsl::SourceLoc DefLoc = CA.loc(Def->getLocation());
  In.Attrs.push_back({"scope", dsl::Value::string(ScopeName)});
  In.Attrs.push_back({"def", dsl::Value::string(DefLoc.File + ":" +
                                                std::to_string(DefLoc.Line))});
  In.Regions.resize(1);
  Scope Sub;
  // A lambda sees the variables of the scope it is called from (by
  // reference or by copy, both read the same values here).
  if (Captures) {
    Sub.Vars = Captures->Vars;
    Sub.Consts = Captures->Consts;
    Sub.Members = Captures->Members;
    Captures = nullptr;
  }
  Sub.Block = &In.Regions[0];
  Sub.This = This;
  Sub.Stack = Sc.Stack;
  Sub.Stack.push_back(Def);
  Sub.Inlined = true;
  for (unsigned I = 0; I < Def->getNumParams(); ++I) {
    const ParmVarDecl *P = Def->getParamDecl(I);
    if (I < Args.size())
      Sub.bind(P, Args[I]);
    else if (P->hasDefaultArg())
      Sub.bind(P, FV::constant(Folder.fold(P->getDefaultArg(), &Sub.Consts)));
  }
  exec(Def->getBody(), Sub);
  FV Result;
  if (!Sub.Returns.empty())
    Result = Sub.Returns.back();
  // Several returns (early exits): the result is a phi of the tensors.
  if (std::count_if(Sub.Returns.begin(), Sub.Returns.end(),
                    [](const FV &R) { return R.K == FV::Kind::Tensor; }) > 1)
    Result = emitPhi(Sub.Returns, In.Loc, Sub);
  dsl::Op Y;
  Y.K = dsl::Op::Kind::Yield;
  Y.Loc = CA.loc(Def->getBodyRBrace());
  FV Out;
  if (Result.K == FV::Kind::Tensor) {
    Y.Args.push_back({"", dsl::Value::ref(Result.Name)});
    In.Results.push_back(fresh());
    Out = FV::tensor(In.Results.back());
  } else if (Result.K == FV::Kind::Tuple) {
    Out.K = FV::Kind::Tuple;
    for (const FV &E : Result.Elems) {
      if (E.K != FV::Kind::Tensor) {
        Out.Elems.push_back(E);
        continue;
      }
      Y.Args.push_back({"", dsl::Value::ref(E.Name)});
      In.Results.push_back(fresh());
      Out.Elems.push_back(FV::tensor(In.Results.back()));
    }
  } else {
    Out = Result; // a module, a constant, or nothing
  }
  In.Regions[0].push_back(std::move(Y));
  Sc.Block->push_back(std::move(In));
  return Out;
}

} // namespace adopter::graph
