//===- FlowBuilderExpr.cpp - SSA data flow of forward(): expressions ------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/Graph/FlowBuilder.h"
#include "adopter/Graph/FlowScope.h"
#include "adopter/Graph/OpNames.h"
#include "adopter/Graph/TorchTypes.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/StringSwitch.h"
#include <optional>

using namespace clang;

namespace adopter::graph {

namespace {
std::string join(const std::string &Prefix, const std::string &Name) {
  return Prefix.empty() ? Name : Prefix + "." + Name;
}

/// Collects the variables an opaque expression reads.
struct RefCollector : RecursiveASTVisitor<RefCollector> {
  std::vector<const ValueDecl *> Decls;
  bool VisitDeclRefExpr(DeclRefExpr *DRE) {
    Decls.push_back(DRE->getDecl());
    return true;
  }
  bool VisitMemberExpr(MemberExpr *ME) {
    if (isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()))
      Decls.push_back(ME->getMemberDecl());
    return true;
  }
};
} // namespace

dsl::Arg FlowBuilder::toArg(const FV &V, const Expr *E, Scope &Sc) {
  switch (V.K) {
  case FV::Kind::Tensor:
    return {"", dsl::Value::ref(V.Name)};
  case FV::Kind::Const:
    return {"", V.C};
  case FV::Kind::Module:
    return {"", dsl::Value::ident(V.Name.empty() ? "this" : V.Name)};
  case FV::Kind::Tuple: {
    std::vector<dsl::Value> L;
    for (const FV &X : V.Elems)
      L.push_back(toArg(X, nullptr, Sc).Val);
    return {"", dsl::Value::list(std::move(L))};
  }
  case FV::Kind::None:
    break;
  }
  if (E)
    return {"", Folder.fold(E, &Sc.Consts)};
  return {"", dsl::Value::ident("none")};
}

FlowBuilder::FV FlowBuilder::emit(const std::string &Name,
                                  std::vector<dsl::Arg> Args, const Expr *At,
                                  Scope &Sc, std::vector<dsl::Arg> Attrs,
                                  unsigned NumResults) {
  dsl::Op Op;
  Op.Name = Name;
  Op.Args = std::move(Args);
  Op.Attrs = std::move(Attrs);
  Op.Loc = At ? CA.loc(At->getExprLoc()) : NoCallLoc;
  FV R;
  if (NumResults == 1) {
    Op.Results.push_back(fresh());
    R = FV::tensor(Op.Results[0]);
  } else if (NumResults > 1) {
    R.K = FV::Kind::Tuple;
    for (unsigned I = 0; I < NumResults; ++I) {
      Op.Results.push_back(fresh());
      R.Elems.push_back(FV::tensor(Op.Results.back()));
    }
  }
  Sc.Block->push_back(std::move(Op));
  return R;
}

std::vector<dsl::Arg> FlowBuilder::argsOf(llvm::ArrayRef<const Expr *> Args,
                                          Scope &Sc) {
  std::vector<dsl::Arg> Out;
  for (const Expr *A : Args) {
    if (isa<CXXDefaultArgExpr>(A))
      continue;
    // Options structs become keyword arguments: F::SoftmaxFuncOptions(-1).
    const CXXRecordDecl *AR = TorchTypes::recordOf(A->getType());
    if (AR && AR->getName().ends_with("Options") &&
        !TorchTypes::isTensor(A->getType())) {
      for (dsl::Arg &K : CA.options(A, Sc.Consts))
        Out.push_back(std::move(K));
      continue;
    }
    FV V = eval(A, Sc);
    Out.push_back(toArg(V, A, Sc));
  }
  return Out;
}

void FlowBuilder::rebind(const Expr *Target, const FV &V, Scope &Sc) {
  Target = ValueFolder::peel(Target);
  if (const auto *DRE = dyn_cast<DeclRefExpr>(Target))
    Sc.bind(DRE->getDecl(), V);
  else if (const auto *ME = dyn_cast<MemberExpr>(Target))
    if (isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()))
      Sc.Members[join(Sc.This.Name, ME->getMemberDecl()->getNameAsString())] =
          V.Name;
}

FlowBuilder::FV FlowBuilder::opaque(const Expr *E, Scope &Sc, bool HasResult) {
  RefCollector RC;
  RC.TraverseStmt(const_cast<Expr *>(E));
  std::vector<dsl::Arg> Args;
  std::vector<std::string> Seen;
  for (const ValueDecl *D : RC.Decls) {
    FV V;
    if (const FV *B = Sc.lookup(D))
      V = *B;
    else if (const auto *FD = dyn_cast<FieldDecl>(D))
      V = memberOf(Sc.This, FD, Sc);
    if (V.K != FV::Kind::Tensor || std::count(Seen.begin(), Seen.end(), V.Name))
      continue;
    Seen.push_back(V.Name);
    Args.push_back({"", dsl::Value::ref(V.Name)});
  }
  // A call with no tensor in and none out (`if (child)`, `is_empty()`) is no
  // data flow: leave it out rather than print noise.
  if (!HasResult && Args.empty())
    return FV();
  return emit("opaque", std::move(Args), E, Sc,
              {{"text", dsl::Value::symbol(Folder.text(E))}},
              HasResult ? 1 : 0);
}

FlowBuilder::FV FlowBuilder::memberOf(const FV &Obj, const FieldDecl *FD,
                                      Scope &Sc) {
  if (Obj.K != FV::Kind::Module)
    return FV();
  std::string Path = join(Obj.Name, FD->getNameAsString());
  const dsl::Submodule *Known = nullptr;
  if (Obj.Class)
    for (const dsl::Submodule &S : Info.Members(Obj.Class))
      if (S.Name == FD->getName())
        Known = &S;
  if (Known || TorchTypes::moduleOf(FD->getType()) ||
      TorchTypes::containerKind(TorchTypes::recordOf(FD->getType())) ==
          ContainerKind::AnyModule) {
    FV M;
    M.K = FV::Kind::Module;
    M.Name = Path;
    M.Class = TorchTypes::moduleOf(FD->getType());
    if (Obj.Class)
      for (const dsl::Submodule &S : Info.Members(Obj.Class))
        if (S.Name == FD->getName()) {
          M.Sub = &S;
          if (const CXXRecordDecl *C = Info.ByName(S.Type))
            M.Class = C;
        }
    return M;
  }
  if (TorchTypes::isTensor(FD->getType())) {
    auto It = Sc.Members.find(Path);
    if (It != Sc.Members.end())
      return FV::tensor(It->second);
    dsl::Op Op;
    Op.Name = "prim::member";
    Op.Results.push_back(fresh());
    Op.Attrs.push_back({"name", dsl::Value::string(Path)});
    Op.Loc = CA.loc(FD->getLocation());
    Sc.Members[Path] = Op.Results[0];
    Sc.Block->push_back(std::move(Op));
    return FV::tensor(Sc.Members[Path]);
  }
  return FV::constant(dsl::Value::symbol(Path));
}

FlowBuilder::FV FlowBuilder::element(const FV &C, const dsl::Value &Key) {
  FV M;
  M.K = FV::Kind::Module;
  std::string K = Key.K == dsl::Value::Kind::Int      ? std::to_string(Key.Int)
                  : Key.K == dsl::Value::Kind::String ? Key.Text
                                                      : "*";
  M.Name = join(C.Name, K);
  if (C.Sub) {
    for (const dsl::Submodule &E : C.Sub->Elements)
      if (E.Name == K || (E.Name == "*" && !M.Sub))
        M.Sub = &E;
    // A negative index counts from the end.
    if (!M.Sub && Key.K == dsl::Value::Kind::Int && Key.Int < 0 &&
        (int64_t)C.Sub->Elements.size() >= -Key.Int) {
      M.Sub = &C.Sub->Elements[C.Sub->Elements.size() + Key.Int];
      M.Name = join(C.Name, M.Sub->Name);
    }
  }
  if (M.Sub)
    M.Class = Info.ByName(M.Sub->Type);
  return M;
}

FlowBuilder::FV FlowBuilder::callModule(const FV &M,
                                        const std::vector<FV> &Args,
                                        const Expr *Call, Scope &Sc) {
  std::string Type =
      M.Sub ? M.Sub->Type : (M.Class ? Info.DisplayName(M.Class) : "");
  std::vector<dsl::Arg> As;
  for (const FV &A : Args)
    As.push_back(toArg(A, nullptr, Sc));
  std::string Token = M.Name.empty() ? "this" : M.Name;
  // AnyModule: call what it holds.
  if (Type == "torch::nn::AnyModule" && M.Sub && !M.Sub->Elements.empty()) {
    FV In = M;
    In.Sub = &M.Sub->Elements[0];
    In.Class = Info.ByName(In.Sub->Type);
    return callModule(In, Args, Call, Sc);
  }
  // A user module with its own forward: follow it.
  if (M.Class && !TorchTypes::isTorchDecl(M.Class)) {
    const CXXMethodDecl *Fwd = nullptr;
    for (const CXXMethodDecl *MD : M.Class->methods())
      if (MD->getName() == "forward" && MD->getNumParams() >= Args.size() &&
          MD->getMinRequiredArguments() <= Args.size())
        Fwd = MD;
    if (Fwd)
      return inlineCall(Fwd, M, Args, Token,
                        Info.DisplayName(M.Class) + "::forward", Call, Sc);
  }
  // Sequential (LibTorch's or a subclass without its own forward).
  if (Type == "torch::nn::Sequential" ||
      (M.Class &&
       TorchTypes::containerKind(M.Class) == ContainerKind::Sequential)) {
    FV S = asSequential(M);
    // Elements not known (built where adopter cannot see, or passed in):
    // a call of the whole container, never a pass-through.
    if (!S.Sub || S.Sub->Elements.empty())
      return emit(Token, std::move(As), Call, Sc,
                  {{"elements", dsl::Value::ident("unknown")}});
    return callSequential(S, As, Args.empty() ? FV() : Args[0],
                          Type.empty() ? "torch::nn::Sequential" : Type, Call,
                          Sc);
  }
  // Functional elements: the function they wrap.
  if (Type == "torch::nn::Functional" && M.Sub && !M.Sub->Options.empty()) {
    const dsl::Value &Fn = M.Sub->Options[0].Val;
    std::vector<dsl::Arg> FA = As;
    for (size_t I = 1; I < M.Sub->Options.size(); ++I)
      FA.push_back(M.Sub->Options[I]);
    std::string Op = Fn.K == dsl::Value::Kind::Ident &&
                             llvm::StringRef(Fn.Text).starts_with("aten::")
                         ? Fn.Text
                         : "opaque";
    return emit(Op, std::move(FA), Call, Sc,
                {{"via", dsl::Value::ident(Token)}});
  }
  // Stateless builtins normalize to their op.
  std::string Op = OpNames::forStatelessModule(Type);
  if (!Op.empty())
    return emit(Op, std::move(As), Call, Sc,
                {{"via", dsl::Value::ident(Token)}});
  return emit(Token, std::move(As), Call, Sc);
}

FlowBuilder::FV FlowBuilder::asSequential(const FV &M) {
  if (!M.Class || TorchTypes::isTorchDecl(M.Class) ||
      (M.Sub && !M.Sub->Elements.empty()))
    return M;
  FV S = M;
  dsl::Submodule D;
  D.Name = M.Name;
  D.Type = Info.DisplayName(M.Class);
  D.Elements = Info.Members(M.Class);
  Synth.push_back(std::move(D));
  S.Sub = &Synth.back();
  return S;
}

FlowBuilder::FV FlowBuilder::callSequential(const FV &M,
                                            const std::vector<dsl::Arg> &As,
                                            FV Cur, const std::string &Type,
                                            const Expr *Call, Scope &Sc) {
  dsl::Op In;
  In.K = dsl::Op::Kind::Inline;
  In.Name = M.Name.empty() ? "this" : M.Name;
  In.Args = As;
  In.Loc = Call ? CA.loc(Call->getExprLoc()) : M.Sub ? M.Sub->Loc : NoCallLoc;
  In.Attrs.push_back({"scope", dsl::Value::string(Type)});
  In.Regions.resize(1);
  Scope Sub = Sc.child(&In.Regions[0]);
  // An unplaced element (`*`) is named by its place in the list (`*3`), so
  // that each op names the element it runs.
  auto ElementFV = [&](const dsl::Submodule &E, size_t Pos) {
    FV El;
    El.K = FV::Kind::Module;
    El.Name = (M.Name.empty() ? "this" : M.Name) + "." + E.Name;
    if (E.Name == "*")
      El.Name += std::to_string(Pos);
    El.Sub = &E;
    El.Class = Info.ByName(E.Type);
    return El;
  };
  const std::vector<dsl::Submodule> &Els =
      M.Sub ? M.Sub->Elements : std::vector<dsl::Submodule>();
  // Without a call expression (a Sequential analyzed where it is built),
  // each element's op is located at the element's construction.
  dsl::SourceLoc SavedLoc = NoCallLoc;
  auto CallElement = [&](size_t I, const FV &X, Scope &S) {
    if (!Call)
      NoCallLoc = Els[I].Loc;
    return callModule(ElementFV(Els[I], I), {X}, Call, S);
  };
  // Element I, or the run of elements adopter::nn::fuse_conv_bn (or
  // fuse_linear_bn) made one call of conv_bn (linear_bn):
  // ConstructionAnalyzer marks it `conv_bn=K` (`linear_bn=K`): K more
  // elements follow; I moves past it.
  auto Step = [&](size_t &I, const FV &X, Scope &S) {
    bool Linear = false;
    const dsl::Value *Fused = Els[I].attr("conv_bn");
    if (!Fused && (Fused = Els[I].attr("linear_bn")))
      Linear = true;
    if (!Fused || Fused->K != dsl::Value::Kind::Int ||
        I + static_cast<size_t>(Fused->Int) >= Els.size())
      return CallElement(I++, X, S);
    if (!Call)
      NoCallLoc = Els[I].Loc;
    std::vector<dsl::Arg> Args;
    if (X.K == FV::Kind::Tensor)
      Args.push_back({"", dsl::Value::ref(X.Name)});
    std::vector<dsl::Arg> Attrs;
    const char *Keys[] = {Linear ? "fc" : "conv", "bn", "act"};
    for (int64_t K = 0; K <= Fused->Int && K < 3; ++K)
      Attrs.push_back(
          {Keys[K], dsl::Value::ident(ElementFV(Els[I + K], I + K).Name)});
    I += static_cast<size_t>(Fused->Int) + 1;
    return emit(Linear ? "adopter::ops::linear_bn" : "adopter::ops::conv_bn",
                std::move(Args), Call, S, std::move(Attrs));
  };
  auto SameAttr = [](const dsl::Value *A, const dsl::Value *B) {
    return (A == nullptr) == (B == nullptr) && (!A || *A == *B);
  };
  // Elements [B, E) in order; a run appended under one unknown condition
  // becomes an `if` whose other path passes the value through.
  auto Conditional = [&](size_t B, size_t E, FV X, Scope &S) {
    for (size_t I = B; I < E;) {
      const dsl::Value *When = Els[I].attr("when");
      if (!When) {
        X = Step(I, X, S);
        continue;
      }
      dsl::Op If;
      If.K = dsl::Op::Kind::If;
      If.Loc = In.Loc;
      If.Args.push_back({"", *When});
      If.Regions.resize(2);
      Scope IS = S.child(&If.Regions[0]);
      FV Start = X, Body = X;
      while (I < E && SameAttr(When, Els[I].attr("when")))
        Body = Step(I, Body, IS);
      S.Block->push_back(std::move(If));
      X = emitPhi({Body, Start}, In.Loc, S);
    }
    return X;
  };
  // An unplaced element outside any condition repeats an unknown number of
  // times.
  auto RepeatOf = [&](size_t I) -> std::optional<dsl::Value> {
    if (const dsl::Value *R = Els[I].attr("repeat"))
      return *R;
    if (Els[I].Name == "*" && !Els[I].attr("when"))
      return dsl::Value::symbol("repeat");
    return std::nullopt;
  };
  for (size_t I = 0; I < Els.size();) {
    std::optional<dsl::Value> Rep = RepeatOf(I);
    size_t End = I;
    while (End < Els.size() && RepeatOf(End) == Rep)
      ++End;
    if (!Rep) {
      Cur = Conditional(I, End, Cur, Sub);
      I = End;
      continue;
    }
    // A run of elements pushed back in one loop of unknown trip count.
    dsl::Op Loop;
    Loop.K = dsl::Op::Kind::Loop;
    Loop.Loc = In.Loc;
    Loop.Args.push_back({"", *Rep});
    Loop.Regions.resize(1);
    Scope LS = Sub.child(&Loop.Regions[0]);
    FV Start = Cur;
    FV Body = Conditional(I, End, Cur, LS);
    I = End;
    Sub.Block->push_back(std::move(Loop));
    Cur = emitPhi({Start, Body}, In.Loc, Sub);
  }
  NoCallLoc = SavedLoc;
  dsl::Op Y;
  Y.K = dsl::Op::Kind::Yield;
  Y.Loc = In.Loc;
  if (Cur.K == FV::Kind::Tensor)
    Y.Args.push_back({"", dsl::Value::ref(Cur.Name)});
  In.Regions[0].push_back(std::move(Y));
  FV Out;
  if (Cur.K == FV::Kind::Tensor) {
    In.Results.push_back(fresh());
    Out = FV::tensor(In.Results[0]);
  }
  Sc.Block->push_back(std::move(In));
  return Out;
}

} // namespace adopter::graph
