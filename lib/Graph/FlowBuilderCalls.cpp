//===- FlowBuilderCalls.cpp - SSA data flow of forward(): calls -----------===//
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
#include "clang/Basic/SourceManager.h"

using namespace clang;

namespace adopter::graph {

namespace {
std::vector<const Expr *> argList(const CallExpr *CE, unsigned From = 0) {
  std::vector<const Expr *> A;
  for (unsigned I = From; I < CE->getNumArgs(); ++I)
    if (!isa<CXXDefaultArgExpr>(CE->getArg(I)))
      A.push_back(CE->getArg(I));
  return A;
}

bool isUserCode(const Decl *D, const SourceManager &SM) {
  return D && !SM.isInSystemHeader(SM.getFileLoc(D->getLocation())) &&
         !TorchTypes::isTorchDecl(D);
}

bool tensorish(QualType T) {
  if (TorchTypes::isTensor(T))
    return true;
  if (const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
          TorchTypes::recordOf(T)))
    for (const TemplateArgument &A : Spec->getTemplateArgs().asArray()) {
      // std::tuple<Tensor, Tensor> holds its types in a pack.
      llvm::ArrayRef<TemplateArgument> Args =
          A.getKind() == TemplateArgument::Pack ? A.pack_elements()
                                                : llvm::ArrayRef(A);
      for (const TemplateArgument &X : Args)
        if (X.getKind() == TemplateArgument::Type &&
            TorchTypes::isTensor(X.getAsType()))
          return true;
    }
  return false;
}
} // namespace

FlowBuilder::FV FlowBuilder::eval(const Expr *E, Scope &Sc) {
  if (!E)
    return FV();
  E = ValueFolder::peel(E);
  if (const auto *FC = dyn_cast<CXXFunctionalCastExpr>(E))
    return eval(FC->getSubExpr(), Sc);
  if (isa<CXXThisExpr>(E))
    return Sc.This;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    if (const FV *V = Sc.lookup(DRE->getDecl()))
      return *V;
    if (TorchTypes::isTensor(E->getType()))
      return opaque(E, Sc);
    return FV::constant(Folder.fold(E, &Sc.Consts));
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    const Expr *Base = ValueFolder::peel(ME->getBase());
    if (const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl())) {
      FV B = eval(Base, Sc);
      // An element of a ModuleDict iterated as (key, module) pairs.
      if (B.K == FV::Kind::Module &&
          !TorchTypes::isModuleClass(
              dyn_cast<CXXRecordDecl>(FD->getParent()))) {
        if (FD->getName() == "second")
          return B;
        if (FD->getName() == "first")
          return FV::constant(dsl::Value::symbol(Folder.text(E)));
      }
      if (B.K == FV::Kind::Module)
        return memberOf(B, FD, Sc);
    }
    if (TorchTypes::isTensor(E->getType()))
      return opaque(E, Sc);
    return FV::constant(Folder.fold(E, &Sc.Consts));
  }
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(E))
    return evalOperatorCall(OC, Sc);
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E))
    return evalMemberCall(MC, Sc);
  if (const auto *CE = dyn_cast<CallExpr>(E))
    return evalCall(CE, Sc);
  if (const auto *CO = dyn_cast<ConditionalOperator>(E)) {
    dsl::Value CV = Folder.fold(CO->getCond(), &Sc.Consts);
    if (CV.K == dsl::Value::Kind::Bool)
      return eval(CV.Bool ? CO->getTrueExpr() : CO->getFalseExpr(), Sc);
    if (!tensorish(E->getType()))
      return FV::constant(Folder.fold(E, &Sc.Consts));
    FV Cond = eval(CO->getCond(), Sc);
    dsl::Op If;
    If.K = dsl::Op::Kind::If;
    If.Loc = CA.loc(CO->getBeginLoc());
    If.Args.push_back(toArg(Cond, CO->getCond(), Sc));
    If.Regions.resize(2);
    FV Arms[2];
    for (int I = 0; I < 2; ++I) {
      Scope Sub = Sc.child(&If.Regions[I]);
      Arms[I] = eval(I == 0 ? CO->getTrueExpr() : CO->getFalseExpr(), Sub);
    }
    Sc.Block->push_back(std::move(If));
    return emitPhi({Arms[0], Arms[1]}, CA.loc(CO->getExprLoc()), Sc);
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
    if (BO->getOpcode() == BO_Comma) {
      eval(BO->getLHS(), Sc);
      return eval(BO->getRHS(), Sc);
    }
    if (BO->isAssignmentOp()) {
      FV R = eval(BO->getRHS(), Sc);
      if (BO->getOpcode() == BO_Assign)
        rebind(BO->getLHS(), R, Sc);
      else
        rebind(BO->getLHS(), FV::constant(Folder.fold(BO, &Sc.Consts)), Sc);
      return R;
    }
    return FV::constant(Folder.fold(E, &Sc.Consts));
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
    if (UO->getOpcode() == UO_Deref || UO->getOpcode() == UO_AddrOf)
      return eval(UO->getSubExpr(), Sc);
    return FV::constant(Folder.fold(E, &Sc.Consts));
  }
  if (const auto *ILE = dyn_cast<InitListExpr>(E)) {
    if (tensorish(E->getType()) || ILE->getNumInits() > 1) {
      FV T;
      T.K = FV::Kind::Tuple;
      for (const Expr *I : ILE->inits())
        T.Elems.push_back(eval(I, Sc));
      return T;
    }
  }
  if (const auto *SIL = dyn_cast<CXXStdInitializerListExpr>(E))
    return eval(SIL->getSubExpr(), Sc);
  if (const auto *CE = dyn_cast<CXXConstructExpr>(E)) {
    if (tensorish(E->getType()) && !TorchTypes::isTensor(E->getType()) &&
        (CE->getNumArgs() == 0 || isa<CXXDefaultArgExpr>(CE->getArg(0)))) {
      FV T;
      T.K = FV::Kind::Tuple; // an empty std::vector<Tensor>
      return T;
    }
    // std::tuple<Tensor, Tensor>{a, b}, std::vector<Tensor>{a, b}
    if (tensorish(E->getType()) && !TorchTypes::isTensor(E->getType()) &&
        CE->getNumArgs() >= 1) {
      FV T;
      T.K = FV::Kind::Tuple;
      for (const Expr *A : CE->arguments())
        T.Elems.push_back(eval(A, Sc));
      if (T.Elems.size() == 1 && T.Elems[0].K == FV::Kind::Tuple)
        return T.Elems[0];
      return T;
    }
  }
  if (isa<LambdaExpr>(E))
    return FV::constant(dsl::Value::ident("lambda"));
  if (tensorish(E->getType()))
    return opaque(E, Sc);
  return FV::constant(Folder.fold(E, &Sc.Consts));
}

FlowBuilder::FV FlowBuilder::evalOperatorCall(const CXXOperatorCallExpr *OC,
                                              Scope &Sc) {
  OverloadedOperatorKind K = OC->getOperator();
  if (K == OO_Call) {
    FV Callee = eval(OC->getArg(0), Sc);
    if (Callee.K == FV::Kind::Module) {
      std::vector<FV> Args;
      for (const Expr *A : argList(OC, 1))
        Args.push_back(eval(A, Sc));
      return callModule(Callee, Args, OC, Sc);
    }
    // A lambda (`auto shape = [&](const Tensor &t) {...}; shape(q_lin(x))`):
    // its body runs here, seeing the caller's variables it captures.
    const CXXRecordDecl *Closure =
        OC->getArg(0)->getType()->getAsCXXRecordDecl();
    const auto *Op = dyn_cast_or_null<CXXMethodDecl>(OC->getDirectCallee());
    if (Closure && Closure->isLambda() && Op && Op->getDefinition()) {
      std::vector<FV> Args;
      for (const Expr *A : argList(OC, 1))
        Args.push_back(eval(A, Sc));
      const Expr *Obj = ValueFolder::peel(OC->getArg(0));
      std::string Token = "lambda";
      if (const auto *DRE = dyn_cast<DeclRefExpr>(Obj))
        Token = DRE->getDecl()->getNameAsString();
      std::string Where;
      if (!Sc.Stack.empty())
        if (const auto *ND = dyn_cast<NamedDecl>(Sc.Stack.back()))
          Where = ND->getQualifiedNameAsString() + "::";
      const Scope *Saved = Captures;
      Captures = &Sc;
      FV R = inlineCall(Op, Sc.This, Args, Token, Where + Token, OC, Sc);
      Captures = Saved;
      return R;
    }
    return opaque(OC, Sc, tensorish(OC->getType()));
  }
  if (K == OO_Arrow || (K == OO_Star && OC->getNumArgs() == 1)) {
    FV V = eval(OC->getArg(0), Sc);
    if (V.K == FV::Kind::Module)
      return V;
  }
  if (K == OO_Subscript && OC->getNumArgs() == 2) {
    FV Base = eval(OC->getArg(0), Sc);
    dsl::Value Idx = Folder.fold(OC->getArg(1), &Sc.Consts);
    if (Base.K == FV::Kind::Module)
      return element(Base, Idx);
    if (Base.K == FV::Kind::Tuple && Idx.K == dsl::Value::Kind::Int &&
        Idx.Int >= 0 && (size_t)Idx.Int < Base.Elems.size())
      return Base.Elems[Idx.Int];
    if (Base.K == FV::Kind::Tensor) {
      std::string Op = TorchTypes::isTensor(OC->getArg(0)->getType())
                           ? "aten::select"
                           : "prim::getitem";
      FV IV = eval(OC->getArg(1), Sc);
      return emit(
          Op, {{"", dsl::Value::ref(Base.Name)}, toArg(IV, OC->getArg(1), Sc)},
          OC, Sc);
    }
  }
  if (K == OO_Equal && OC->getNumArgs() == 2) {
    FV R = eval(OC->getArg(1), Sc);
    rebind(OC->getArg(0), R, Sc);
    return R;
  }
  bool AnyTensor = false;
  for (const Expr *A : OC->arguments())
    AnyTensor |= TorchTypes::isTensor(A->getType());
  std::string Op = OpNames::forOperator(K, OC->getNumArgs());
  if (!AnyTensor || Op.empty()) {
    if (tensorish(OC->getType()))
      return opaque(OC, Sc);
    return FV::constant(Folder.fold(OC, &Sc.Consts));
  }
  std::vector<dsl::Arg> Args = argsOf(argList(OC), Sc);
  std::vector<dsl::Arg> Attrs;
  bool InPlace = OpNames::isInPlace(Op);
  if (InPlace)
    Attrs.push_back({"inplace", dsl::Value::none()});
  FV R = emit(Op, std::move(Args), OC, Sc, std::move(Attrs));
  if (InPlace)
    rebind(OC->getArg(0), R, Sc);
  return R;
}

FlowBuilder::FV FlowBuilder::evalMemberCall(const CXXMemberCallExpr *MC,
                                            Scope &Sc) {
  const CXXMethodDecl *MD = MC->getMethodDecl();
  const Expr *ObjE = MC->getImplicitObjectArgument();
  if (!MD || !ObjE)
    return opaque(MC, Sc, tensorish(MC->getType()));
  std::string Name = MD->getIdentifier() ? MD->getNameAsString() : "";
  if (TorchTypes::isTensor(ObjE->getType()) && TorchTypes::isTorchDecl(MD)) {
    FV Self = eval(ObjE, Sc);
    if (!tensorish(MC->getType()))
      return FV::constant(Folder.fold(MC, &Sc.Consts));
    std::vector<dsl::Arg> Args;
    Args.push_back(toArg(Self, ObjE, Sc));
    for (dsl::Arg &A : argsOf(argList(MC), Sc))
      Args.push_back(std::move(A));
    std::string Op = OpNames::forTensorMethod(Name);
    std::vector<dsl::Arg> Attrs;
    bool InPlace = OpNames::isInPlace(Op);
    if (InPlace)
      Attrs.push_back({"inplace", dsl::Value::none()});
    FV R = emit(Op, std::move(Args), MC, Sc, std::move(Attrs));
    if (InPlace)
      rebind(ObjE, R, Sc);
    return R;
  }
  FV Obj = eval(ObjE, Sc);
  // A std::vector<Tensor> being filled: track its elements.
  if (Obj.K == FV::Kind::Tuple &&
      (Name == "push_back" || Name == "emplace_back") &&
      MC->getNumArgs() == 1) {
    Obj.Elems.push_back(eval(MC->getArg(0), Sc));
    rebind(ObjE, Obj, Sc);
    return FV();
  }
  if (Obj.K == FV::Kind::Module) {
    // SequentialImpl::forward(x) from a Sequential subclass.
    if (Name == "forward" && TorchTypes::isTorchDecl(MD) && Obj.Class &&
        !TorchTypes::isTorchDecl(Obj.Class) &&
        TorchTypes::containerKind(Obj.Class) == ContainerKind::Sequential) {
      std::vector<FV> Args;
      for (const Expr *A : argList(MC))
        Args.push_back(eval(A, Sc));
      std::vector<dsl::Arg> As;
      for (const FV &A : Args)
        As.push_back(toArg(A, nullptr, Sc));
      return callSequential(
          asSequential(Obj), As, Args.empty() ? FV() : Args[0],
          MD->getParent()->getQualifiedNameAsString(), MC, Sc);
    }
    if (Name == "forward") {
      std::vector<FV> Args;
      for (const Expr *A : argList(MC))
        Args.push_back(eval(A, Sc));
      return callModule(Obj, Args, MC, Sc);
    }
    // Views of a container that iterate like it: items(), values(),
    // children().
    if ((Name == "items" || Name == "values" || Name == "children") &&
        Obj.Sub && !Obj.Sub->Elements.empty())
      return Obj;
    if (Name == "as" || Name == "get" || Name == "ptr" || Name == "at" ||
        Name == "value") {
      std::vector<const Expr *> A = argList(MC);
      FV R = Obj;
      if (!A.empty())
        R = element(Obj, Folder.fold(A[0], &Sc.Consts));
      if (const CXXRecordDecl *C = TorchTypes::moduleOf(MC->getType()))
        if (!R.Class ||
            TorchTypes::isTorchDecl(R.Class) == TorchTypes::isTorchDecl(C))
          R.Class = C;
      return R;
    }
    if (Name == "is_training")
      return FV::constant(dsl::Value::symbol("is_training()"));
    // A method of a user module (own or a submodule's): follow it.
    if (!TorchTypes::isTorchDecl(MD) &&
        isUserCode(MD, Ctx.getSourceManager())) {
      std::vector<FV> Args;
      for (const Expr *A : argList(MC))
        Args.push_back(eval(A, Sc));
      if (Called && Obj.Name.empty() && Obj.Class == RootClass &&
          !std::count(Called->begin(), Called->end(), MD))
        Called->push_back(MD);
      std::string Cls = Obj.Class ? Info.DisplayName(Obj.Class)
                                  : Info.DisplayName(MD->getParent());
      std::string Token = Obj.Name.empty() ? Name : Obj.Name + "." + Name;
      return inlineCall(MD, Obj, Args, Token, Cls + "::" + Name, MC, Sc);
    }
  }
  return opaque(MC, Sc, tensorish(MC->getType()));
}

FlowBuilder::FV FlowBuilder::evalCall(const CallExpr *CE, Scope &Sc) {
  const FunctionDecl *FD = CE->getDirectCallee();
  if (!FD)
    return opaque(CE, Sc, tensorish(CE->getType()));
  std::string Name = FD->getIdentifier() ? FD->getNameAsString() : "";
  if (FD->isInStdNamespace()) {
    if (Name == "move" || Name == "forward" || Name == "ref" || Name == "cref")
      return CE->getNumArgs() ? eval(CE->getArg(0), Sc) : FV();
    if (Name == "make_tuple" || Name == "tie" || Name == "forward_as_tuple" ||
        Name == "make_pair") {
      FV T;
      T.K = FV::Kind::Tuple;
      for (const Expr *A : CE->arguments())
        T.Elems.push_back(eval(A, Sc));
      return T;
    }
    if (Name == "get" && CE->getNumArgs() == 1) {
      FV T = eval(CE->getArg(0), Sc);
      std::optional<int64_t> I;
      if (const TemplateArgumentList *TA = FD->getTemplateSpecializationArgs())
        if (TA->size() && TA->get(0).getKind() == TemplateArgument::Integral)
          I = TA->get(0).getAsIntegral().getExtValue();
      if (I && T.K == FV::Kind::Tuple && *I < (int64_t)T.Elems.size())
        return T.Elems[*I];
      if (I && T.K == FV::Kind::Tensor)
        return emit(
            "prim::getitem",
            {{"", dsl::Value::ref(T.Name)}, {"", dsl::Value::integer(*I)}}, CE,
            Sc);
    }
    if (!tensorish(CE->getType()))
      return FV::constant(Folder.fold(CE, &Sc.Consts));
    return opaque(CE, Sc);
  }
  std::string Op = OpNames::forFunction(FD);
  if (!Op.empty()) {
    if (!tensorish(CE->getType()))
      return FV::constant(Folder.fold(CE, &Sc.Consts));
    std::vector<dsl::Arg> Args = argsOf(argList(CE), Sc);
    std::vector<dsl::Arg> Attrs;
    bool InPlace = OpNames::isInPlace(Op);
    if (InPlace)
      Attrs.push_back({"inplace", dsl::Value::none()});
    FV R = emit(Op, std::move(Args), CE, Sc, std::move(Attrs));
    if (InPlace && CE->getNumArgs())
      rebind(CE->getArg(0), R, Sc);
    return R;
  }
  if (isUserCode(FD, Ctx.getSourceManager()) && !isa<CXXMethodDecl>(FD) &&
      (tensorish(CE->getType()) || TorchTypes::moduleOf(CE->getType()))) {
    std::vector<FV> Args;
    for (const Expr *A : argList(CE))
      Args.push_back(eval(A, Sc));
    return inlineCall(FD, FV(), Args, FD->getNameAsString(),
                      FD->getQualifiedNameAsString(), CE, Sc);
  }
  if (!tensorish(CE->getType()) && CE->getType()->isArithmeticType())
    return FV::constant(Folder.fold(CE, &Sc.Consts));
  return opaque(CE, Sc,
                tensorish(CE->getType()) || !CE->getType()->isVoidType());
}

} // namespace adopter::graph
