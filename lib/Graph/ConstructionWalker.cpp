//===- ConstructionWalker.cpp - Walk the code that builds modules ---------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// The statement side of ConstructionAnalyzer: constructor init lists and
// bodies, own methods they call (reset()), loops that push_back elements,
// and the members() entry point.
//
//===----------------------------------------------------------------------===//

#include "ConstructionDetail.h"
#include "adopter/DSL/Printer.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/StmtCXX.h"

using namespace clang;

namespace adopter::graph {
using namespace detail;

void ConstructionAnalyzer::walkFunction(const FunctionDecl *FD, Frame &F,
                                        int Depth) {
  const FunctionDecl *Def = FD ? FD->getDefinition() : nullptr;
  if (!Def || !Def->hasBody() || Depth > MaxDepth ||
      std::count(F.Stack.begin(), F.Stack.end(), Def))
    return;
  F.Stack.push_back(Def);
  // A return, break or condition inside the callee ends with it; its
  // elements are appended under the caller's condition.
  std::string SavedWhen = F.When;
  bool SavedInSwitch = F.InSwitch, SavedLeft = F.LeftSometimes,
       SavedReturned = F.ReturnedSometimes;
  F.InSwitch = F.LeftSometimes = F.ReturnedSometimes = false;
  F.Jumped = Frame::Jump::None; // another constructor may have thrown
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
  // A throw ends the caller too (no module is built on that path).
  if (F.Jumped != Frame::Jump::Throw)
    F.Jumped = Frame::Jump::None;
  F.When = std::move(SavedWhen);
  F.InSwitch = SavedInSwitch;
  F.LeftSometimes = SavedLeft;
  F.ReturnedSometimes = SavedReturned;
  F.Stack.pop_back();
}

/// A `throw`, or a call of a function that does not return (TORCH_CHECK's
/// torchCheckFail, abort()).
static bool throws(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *EWC = dyn_cast<ExprWithCleanups>(E))
    E = EWC->getSubExpr()->IgnoreParenImpCasts();
  if (isa<CXXThrowExpr>(E))
    return true;
  const auto *CE = dyn_cast<CallExpr>(E);
  const FunctionDecl *FD = CE ? CE->getDirectCallee() : nullptr;
  return FD && FD->isNoReturn();
}

void ConstructionAnalyzer::walkBranches(const IfStmt *IS, Frame &F, int Depth) {
  using J = Frame::Jump;
  std::string Cond = IS->getCond() ? Folder.text(IS->getCond()) : "cond";
  std::string Saved = F.When;
  auto Conj = [&](const std::string &C) {
    return Saved.empty() ? C : "(" + Saved + ") && " + C;
  };
  std::string ThenStart = Conj(Cond),
              ElseStart = Conj(dsl::negatedCondition(Cond));
  F.When = ThenStart;
  walkStmt(IS->getThen(), F, Depth);
  std::string ThenEnd = F.When;
  J JT = std::exchange(F.Jumped, J::None);
  F.When = ElseStart;
  walkStmt(IS->getElse(), F, Depth);
  std::string ElseEnd = F.When;
  J JE = std::exchange(F.Jumped, J::None);
  if (JT != J::None && JE != J::None) {
    // Neither path reaches what follows.
    F.Jumped = JT == J::Throw ? JE : JE == J::Throw ? JT : std::min(JT, JE);
    F.When = Saved;
    return;
  }
  for (J K : {JT, JE}) {
    if ((K == J::Break && !F.InSwitch) || K == J::Return)
      F.LeftSometimes = true;
    if (K == J::Return)
      F.ReturnedSometimes = true;
  }
  if (JT == J::None && JE == J::None) {
    F.When = ThenEnd == ThenStart && ElseEnd == ElseStart
                 ? Saved
                 : "(" + ThenEnd + ") || (" + ElseEnd + ")";
    return;
  }
  // One path goes on. The other throwing builds no module, so the
  // condition holds wherever one is built.
  bool ThenGoesOn = JT == J::None;
  const std::string &End = ThenGoesOn ? ThenEnd : ElseEnd;
  const std::string &Start = ThenGoesOn ? ThenStart : ElseStart;
  J Other = ThenGoesOn ? JE : JT;
  F.When = Other == J::Throw && End == Start ? Saved : End;
  if (Other == J::Throw && End == Start)
    F.settle(End, Saved);
}

void ConstructionAnalyzer::walkSwitch(const SwitchStmt *SS, Frame &F,
                                      int Depth) {
  using J = Frame::Jump;
  std::string Cond = SS->getCond() ? Folder.text(SS->getCond()) : "value";
  std::string Saved = F.When, CaseStart;
  auto Conj = [&](const std::string &C) {
    return Saved.empty() ? C : "(" + Saved + ") && " + C;
  };
  bool SavedInSwitch = std::exchange(F.InSwitch, true);
  // Some case leaves the enclosing loop or function, or may: what follows
  // the switch is reached only on the paths that complete it (`Completes`,
  // their disjunction; unset while none does). A case that throws builds
  // no module and conditions nothing.
  bool Leaves = false;
  std::optional<std::string> Completes;
  J Left = J::Throw; // how the switch is left where no path completes it
  auto GoOn = [&](const std::string &When) {
    Completes = Completes ? disjoined(*Completes, When) : When;
  };
  auto EndCase = [&] {
    if (F.Jumped == J::None || F.Jumped == J::Break) {
      if (!CaseStart.empty() && F.When != CaseStart)
        Leaves = true; // left under a condition inside the case
      GoOn(F.When);
    } else if (F.Jumped != J::Throw) {
      Leaves = true;
      Left = F.Jumped;
    }
  };
  std::vector<const Stmt *> Stmts;
  if (const auto *Body = dyn_cast_or_null<CompoundStmt>(SS->getBody()))
    Stmts.assign(Body->body_begin(), Body->body_end());
  else if (SS->getBody())
    Stmts.push_back(SS->getBody());
  // The default is taken where no case is: `kind != 0 && kind != 1`;
  // without one, that path completes the switch.
  std::string Default;
  bool HasDefault = false;
  for (const SwitchCase *SC = SS->getSwitchCaseList(); SC;
       SC = SC->getNextSwitchCase())
    if (const auto *CS = dyn_cast<CaseStmt>(SC))
      Default = Cond + " != " + Folder.text(CS->getLHS()) +
                (Default.empty() ? "" : " && ") + Default;
    else
      HasDefault = true;
  if (Default.empty())
    Default = "true";
  if (!HasDefault)
    GoOn(Conj(Default));
  for (const Stmt *C : Stmts) {
    // `case 0: case 1:` is taken for either.
    std::string Label;
    while (const auto *SC = dyn_cast_or_null<SwitchCase>(C)) {
      const auto *CS = dyn_cast<CaseStmt>(SC);
      std::string One =
          CS ? Cond + " == " + Folder.text(CS->getLHS()) : Default;
      Label = Label.empty() ? One : Label + " || " + One;
      C = SC->getSubStmt();
    }
    if (!Label.empty()) {
      // Reached by the switch (or by falling through: one condition named).
      if (!CaseStart.empty())
        EndCase();
      F.Jumped = J::None;
      F.When = CaseStart = Conj(
          Label.find(" || ") == std::string::npos ? Label : "(" + Label + ")");
    }
    if (F.Jumped == J::None)
      walkStmt(C, F, Depth);
  }
  EndCase();
  F.InSwitch = SavedInSwitch;
  if (!Completes) {
    // No path goes on past the switch.
    F.Jumped = Left;
    F.When = Saved;
    return;
  }
  F.Jumped = J::None;
  if (Leaves) {
    F.When = *Completes;
    return;
  }
  F.settle(*Completes, Saved);
  F.When = Saved;
}

void ConstructionAnalyzer::walkLoop(const Stmt *Body, const VarDecl *IV,
                                    const std::vector<dsl::Value> *Iters,
                                    const std::string &Repeat, Frame &F,
                                    int Depth,
                                    std::optional<dsl::Value> Count) {
  using J = Frame::Jump;
  std::string Saved = F.When, SavedRepeat = F.Repeat;
  std::optional<dsl::Value> SavedCount = F.Count;
  bool SavedInSwitch = std::exchange(F.InSwitch, false),
       SavedLeft = std::exchange(F.LeftSometimes, false),
       SavedReturned = std::exchange(F.ReturnedSometimes, false);
  // Where the next iteration starts: after a break or return under a
  // condition, only where it was not taken.
  std::string Next = Saved;
  auto Iteration = [&] {
    F.When = Next;
    walkStmt(Body, F, Depth);
    J K = F.Jumped;
    if (K == J::Continue || K == J::Break)
      F.Jumped = J::None;
    if (F.LeftSometimes)
      Next = F.When;
    return K == J::None || K == J::Continue;
  };
  if (Iters) {
    std::string SavedUnrolled = F.Unrolled;
    for (const dsl::Value &V : *Iters) {
      F.Env[IV] = V;
      F.Unrolled = (SavedUnrolled.empty() ? "" : SavedUnrolled + ", ") +
                   IV->getNameAsString() + " = " + dsl::toString(V);
      if (!Iteration())
        break;
    }
    F.Env.erase(IV);
    F.Unrolled = SavedUnrolled;
  } else {
    // Inside another loop of unknown trip count an element's count is the
    // product of both: not recorded.
    F.Count = SavedRepeat.empty() ? std::move(Count) : std::nullopt;
    F.Repeat = Repeat;
    Iteration();
  }
  bool Returned = F.ReturnedSometimes;
  F.When = Returned ? Next : Saved;
  F.Repeat = SavedRepeat;
  F.Count = SavedCount;
  F.InSwitch = SavedInSwitch;
  F.LeftSometimes = SavedLeft || Returned;
  F.ReturnedSometimes = SavedReturned || Returned;
}

void ConstructionAnalyzer::walkStmt(const Stmt *S, Frame &F, int Depth) {
  if (!S)
    return;
  if (const auto *CS = dyn_cast<CompoundStmt>(S)) {
    for (const Stmt *C : CS->body()) {
      walkStmt(C, F, Depth);
      if (F.Jumped != Frame::Jump::None)
        break;
    }
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
        dsl::Submodule &Local = F.Locals[VD] = std::move(M);
        // Declared again (in a loop): a new variable.
        F.Assigned.erase(&Local);
        if (VD->getInit())
          assign(Local, VD->getInit(), F);
        // Its declaration holds wherever it can be named.
        if (auto It = F.Assigned.find(&Local);
            It != F.Assigned.end() && It->second == F.When) {
          It->second.clear();
          eraseAttr(Local.Attrs, "when");
        }
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
    F.Jumped = Frame::Jump::Return;
    return;
  }
  if (isa<ContinueStmt>(S)) {
    F.Jumped = Frame::Jump::Continue;
    return;
  }
  if (isa<BreakStmt>(S)) {
    F.Jumped = Frame::Jump::Break;
    return;
  }
  if (isa<GotoStmt>(S) || isa<IndirectGotoStmt>(S)) {
    // Not followed: what comes after is taken as not reached.
    F.Jumped = Frame::Jump::Return;
    return;
  }
  if (const auto *SS = dyn_cast<SwitchStmt>(S)) {
    walkSwitch(SS, F, Depth);
    return;
  }
  if (const auto *IS = dyn_cast<IfStmt>(S)) {
    dsl::Value C = IS->getCond() ? Folder.fold(IS->getCond(), &F.Env)
                                 : dsl::Value::boolean(true);
    if (C.K == dsl::Value::Kind::Bool)
      walkStmt(C.Bool ? IS->getThen() : IS->getElse(), F, Depth);
    else
      walkBranches(IS, F, Depth);
    return;
  }
  if (const auto *FS = dyn_cast<ForStmt>(S)) {
    // for (int i = A; i < B; ++i) with A and B known: unroll.
    const VarDecl *IV = nullptr;
    if (auto Iters = Folder.tripValues(FS, F.Env, IV, MaxUnroll)) {
      std::vector<dsl::Value> Values;
      for (int64_t I : *Iters)
        Values.push_back(dsl::Value::integer(I));
      walkLoop(FS->getBody(), IV, &Values, "", F, Depth);
      return;
    }
    walkLoop(FS->getBody(), nullptr, nullptr,
             FS->getCond() ? Folder.text(FS->getCond()) : "loop", F, Depth,
             Folder.tripCount(FS, F.Env));
    return;
  }
  if (const auto *RF = dyn_cast<CXXForRangeStmt>(S)) {
    dsl::Value Range = Folder.fold(RF->getRangeInit(), &F.Env);
    bool Known = Range.K == dsl::Value::Kind::List;
    for (const dsl::Value &V : Range.Elems)
      Known &= V.K == dsl::Value::Kind::Int || V.K == dsl::Value::Kind::Float;
    walkLoop(RF->getBody(), RF->getLoopVariable(),
             Known ? &Range.Elems : nullptr,
             "each " + Folder.text(RF->getRangeInit()), F, Depth);
    return;
  }
  if (const auto *WS = dyn_cast<WhileStmt>(S)) {
    walkExpr(WS->getCond(), F, Depth);
    walkLoop(WS->getBody(), nullptr, nullptr, "loop", F, Depth);
    return;
  }
  if (const auto *DS = dyn_cast<DoStmt>(S)) {
    walkLoop(DS->getBody(), nullptr, nullptr, "loop", F, Depth);
    walkExpr(DS->getCond(), F, Depth);
    return;
  }
  if (const auto *E = dyn_cast<Expr>(S)) {
    walkExpr(E, F, Depth);
    if (throws(E))
      F.Jumped = Frame::Jump::Throw;
    return;
  }
  for (const Stmt *C : S->children()) {
    walkStmt(C, F, Depth);
    if (F.Jumped != Frame::Jump::None)
      break;
  }
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
  // `adopter::nn::fuse_conv_bn(*seq)`, `fuse_linear_bn(*seq)`: the
  // elements built so far.
  if (auto [Seq, Kind] = fusedSequentialArg(E); Seq)
    if (dsl::Submodule *T = target(Seq, F)) {
      markFusedRuns(*T, Kind);
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
          // A local registered under a name, not stored in a field: there
          // where it is registered and holds a module.
          dsl::Submodule M = *T;
          M.Name =
              RegName.K == dsl::Value::Kind::String ? RegName.Text : M.Name;
          setAttr(M.Attrs, "field", dsl::Value::boolean(false));
          F.placeRegistered(M);
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
        F.placeRegistered(M);
        F.Extra->push_back(std::move(M));
      }
      return;
    }
    if (Name == "register_parameter" && F.Params &&
        isa<CXXThisExpr>(peelCtor(Obj))) {
      registerParameter(MC, F);
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
      // The callee's assignments to members (its locals are gone).
      for (const auto &KV : Sub.Assigned)
        if (KV.first == F.Self || llvm::any_of(F.Fields, [&](auto &P) {
              return P.second == KV.first;
            }))
          F.Assigned[KV.first] = KV.second;
      return;
    }
  }
  for (const Stmt *C : E->children())
    if (const auto *CE = dyn_cast_or_null<Expr>(C))
      walkExpr(CE, F, Depth);
}

/// The size list of the tensor factory \p E makes its value with
/// (`torch::ones({n})`, `torch::randn({a, b}) * 0.02`, `torch::empty({n})
/// .normal_()`), or null where it is not such an expression.
static const Expr *factorySizes(const Expr *E) {
  for (int Depth = 0; E && Depth < 16; ++Depth) {
    E = peelCtor(E);
    if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(E)) {
      // A tensor scaled or shifted by a number keeps its shape.
      OverloadedOperatorKind K = OC->getOperator();
      if (K != OO_Star && K != OO_Slash && K != OO_Plus && K != OO_Minus)
        return nullptr;
      const Expr *T = nullptr;
      for (const Expr *A : OC->arguments())
        if (TorchTypes::isTensor(A->getType()))
          T = T ? nullptr : A; // two tensors broadcast: not followed
      E = T;
      continue;
    }
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
      const CXXMethodDecl *MD = MC->getMethodDecl();
      llvm::StringRef N = MD && MD->getIdentifier() ? MD->getName() : "";
      if (!llvm::is_contained({"mul", "mul_", "div", "div_", "add", "add_",
                               "sub", "sub_", "normal_", "uniform_", "fill_",
                               "zero_", "to", "clone", "detach", "contiguous",
                               "requires_grad_", "set_requires_grad"},
                              N))
        return nullptr;
      E = MC->getImplicitObjectArgument();
      continue;
    }
    const auto *CE = dyn_cast<CallExpr>(E);
    const FunctionDecl *FD = CE ? CE->getDirectCallee() : nullptr;
    if (!FD || !FD->getIdentifier() || !TorchTypes::isTorchDecl(FD) ||
        CE->getNumArgs() == 0)
      return nullptr;
    if (llvm::is_contained({"ones", "zeros", "empty", "rand", "randn", "full"},
                           FD->getName()))
      return CE->getArg(0);
    // torch::nn::init::normal_(t, ...) and the like return their tensor.
    if (!FD->getName().ends_with("_"))
      return nullptr;
    E = CE->getArg(0);
  }
  return nullptr;
}

void ConstructionAnalyzer::registerParameter(const CXXMemberCallExpr *MC,
                                             Frame &F) {
  std::vector<const Expr *> Args = writtenArgs(MC);
  if (Args.size() < 2)
    return;
  dsl::Submodule P;
  dsl::Value Name = Folder.fold(Args[0], &F.Env);
  P.Name =
      Name.K == dsl::Value::Kind::String ? Name.Text : Folder.text(Args[0]);
  P.Type = "torch::Tensor";
  P.HasOptions = true;
  const Expr *Sizes = factorySizes(Args[1]);
  dsl::Value Shape = Sizes ? Folder.fold(Sizes, &F.Env)
                           : dsl::Value::symbol(Folder.text(Args[1]));
  // One size (`torch::zeros(n)`) is a list of one.
  if (Shape.K == dsl::Value::Kind::Int ||
      (Sizes && Shape.K == dsl::Value::Kind::Symbol &&
       ValueFolder::peel(Sizes)->getType()->isIntegerType()))
    Shape = dsl::Value::list({Shape});
  P.Options.push_back({"shape", Shape});
  setAttr(P.Attrs, "parameter", dsl::Value::none());
  if (Args.size() >= 3) {
    dsl::Value Grad = Folder.fold(Args[2], &F.Env);
    if (Grad.K != dsl::Value::Kind::Bool || !Grad.Bool)
      setAttr(P.Attrs, "requires_grad", Grad);
  }
  setAttrs(P.Attrs, F.place());
  // A name computed in an unrolled loop (`"w" + std::to_string(i)`): one
  // registration per iteration, each saying which.
  if (Name.K != dsl::Value::Kind::String && !F.Unrolled.empty())
    setAttr(P.Attrs, "unrolled", dsl::Value::string(F.Unrolled));
  P.Loc = loc(MC->getBeginLoc());
  // Registered again (by another constructor): the later record stands.
  auto Iteration = [](const dsl::Submodule &R) {
    const dsl::Value *U = R.attr("unrolled");
    return U ? U->Text : std::string();
  };
  llvm::erase_if(*F.Params, [&](const dsl::Submodule &O) {
    return O.Name == P.Name && Iteration(O) == Iteration(P);
  });
  F.Params->push_back(std::move(P));
}

std::map<const VarDecl *, dsl::Submodule>
ConstructionAnalyzer::finalLocals(const FunctionDecl *FD) {
  Frame F;
  walkFunction(FD, F, 0);
  return std::move(F.Locals);
}

std::vector<dsl::Submodule>
ConstructionAnalyzer::members(const CXXRecordDecl *RD,
                              std::vector<dsl::Submodule> *Params) {
  std::vector<dsl::Submodule> Result, Extra;
  RD = RD->getDefinition();
  if (!RD)
    return Result;
  Frame F;
  F.Class = RD;
  F.Extra = &Extra;
  F.Params = Params;
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
  // Each constructor starts from the default member initializers.
  const auto InClass = F.Assigned;
  for (const CXXConstructorDecl *Ctor : RD->ctors()) {
    const FunctionDecl *Def = Ctor->getDefinition();
    if (!Def || Ctor->isImplicit() || Ctor->isCopyOrMoveConstructor())
      continue;
    F.Env.clear();
    F.Assigned = InClass;
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
