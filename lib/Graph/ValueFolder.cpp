//===- ValueFolder.cpp - Fold C++ expressions into DSL values -------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/Graph/ValueFolder.h"
#include "adopter/Graph/TorchTypes.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/StringExtras.h"
#include <algorithm>
#include <cmath>

using namespace clang;

namespace adopter::graph {

const Expr *ValueFolder::stripTemporaries(const Expr *E) {
  while (E) {
    const Expr *Prev = E;
    E = E->IgnoreParenImpCasts();
    if (const auto *EWC = dyn_cast<ExprWithCleanups>(E))
      E = EWC->getSubExpr();
    else if (const auto *MTE = dyn_cast<MaterializeTemporaryExpr>(E))
      E = MTE->getSubExpr();
    else if (const auto *BTE = dyn_cast<CXXBindTemporaryExpr>(E))
      E = BTE->getSubExpr();
    if (E == Prev)
      break;
  }
  return E;
}

const Expr *ValueFolder::peel(const Expr *E) {
  while (E) {
    const Expr *Prev = E;
    E = stripTemporaries(E);
    if (const auto *CE = dyn_cast<CXXConstructExpr>(E);
        CE && !isa<CXXTemporaryObjectExpr>(CE) && CE->getNumArgs() >= 1 &&
        std::all_of(CE->arg_begin() + 1, CE->arg_end(),
                    [](const Expr *A) { return isa<CXXDefaultArgExpr>(A); }) &&
        (CE->getConstructor()->isCopyOrMoveConstructor() ||
         CE->getConstructor()->isConvertingConstructor(false)) &&
        !CE->isListInitialization())
      E = CE->getArg(0);
    if (E == Prev)
      break;
  }
  return E;
}

std::string ValueFolder::text(const Expr *E) const {
  const SourceManager &SM = Ctx.getSourceManager();
  CharSourceRange R = Lexer::makeFileCharRange(
      CharSourceRange::getTokenRange(E->getSourceRange()), SM,
      Ctx.getLangOpts());
  StringRef Raw;
  if (R.isValid())
    Raw = Lexer::getSourceText(R, SM, Ctx.getLangOpts());
  if (Raw.empty()) {
    // Inside a macro expansion or a template: print the expression.
    std::string S;
    llvm::raw_string_ostream OS(S);
    E->printPretty(OS, nullptr, PrintingPolicy(Ctx.getLangOpts()));
    return OS.str();
  }
  std::string Out;
  bool Space = false;
  for (char C : Raw) {
    if (isspace((unsigned char)C)) {
      Space = !Out.empty();
      continue;
    }
    if (Space)
      Out += ' ';
    Space = false;
    Out += C;
  }
  return Out;
}

std::optional<dsl::Value> ValueFolder::foldNumeric(const Expr *E,
                                                   const ConstEnv *Env) const {
  // An enumerator used as a number (`{kNormDim}` for an int64_t) folds to
  // its value: evaluate before peeling the conversion away.
  if (const auto *ICE = dyn_cast<ImplicitCastExpr>(E->IgnoreParens());
      ICE && ICE->getType()->isIntegerType() &&
      ICE->getSubExpr()->getType()->isEnumeralType() &&
      !ICE->isValueDependent()) {
    Expr::EvalResult Res;
    if (ICE->EvaluateAsRValue(Res, Ctx) && Res.Val.isInt())
      return ICE->getType()->isBooleanType()
                 ? dsl::Value::boolean(Res.Val.getInt().getBoolValue())
                 : dsl::Value::integer(Res.Val.getInt().getSExtValue());
  }
  E = peel(E);
  if (Env)
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
      auto It = Env->find(DRE->getDecl());
      if (It != Env->end())
        return It->second;
    }
  // Math on constants that Clang does not constant-evaluate:
  // `std::sqrt(2.0 / M_PI)`, `1.0 / std::sqrt(2.0)`.
  if (const auto *CE = dyn_cast<CallExpr>(E))
    if (const FunctionDecl *FD = CE->getDirectCallee();
        FD && FD->getIdentifier() &&
        (FD->isInStdNamespace() ||
         FD->getDeclContext()->getRedeclContext()->isTranslationUnit()) &&
        (CE->getNumArgs() == 1 || CE->getNumArgs() == 2)) {
      std::vector<double> Args;
      for (const Expr *A : CE->arguments()) {
        auto V = foldNumeric(A, Env);
        if (!V ||
            (V->K != dsl::Value::Kind::Int && V->K != dsl::Value::Kind::Float))
          return std::nullopt;
        Args.push_back(V->K == dsl::Value::Kind::Int ? V->Int : V->Float);
      }
      llvm::StringRef N = FD->getName();
      std::optional<double> R;
      if (Args.size() == 1) {
        double X = Args[0];
        if (N == "sqrt" || N == "sqrtf")
          R = std::sqrt(X);
        else if (N == "exp" || N == "expf")
          R = std::exp(X);
        else if (N == "log" || N == "logf")
          R = std::log(X);
        else if (N == "tanh" || N == "tanhf")
          R = std::tanh(X);
        else if (N == "erf" || N == "erff")
          R = std::erf(X);
      } else if (N == "pow" || N == "powf")
        R = std::pow(Args[0], Args[1]);
      if (R)
        return dsl::Value::floating(*R);
    }
  {
    if (const auto *UO = dyn_cast<UnaryOperator>(E);
        UO && UO->getOpcode() == UO_Minus)
      if (auto V = foldNumeric(UO->getSubExpr(), Env)) {
        if (V->K == dsl::Value::Kind::Int)
          return dsl::Value::integer(-V->Int);
        if (V->K == dsl::Value::Kind::Float)
          return dsl::Value::floating(-V->Float);
      }
    if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
      auto L = foldNumeric(BO->getLHS(), Env);
      auto R = foldNumeric(BO->getRHS(), Env);
      auto IsNum = [](const std::optional<dsl::Value> &V) {
        return V && (V->K == dsl::Value::Kind::Int ||
                     V->K == dsl::Value::Kind::Float);
      };
      if (IsNum(L) && IsNum(R)) {
        bool Int = L->K == dsl::Value::Kind::Int &&
                   R->K == dsl::Value::Kind::Int &&
                   E->getType()->isIntegralOrEnumerationType();
        double A = L->K == dsl::Value::Kind::Int ? L->Int : L->Float;
        double B = R->K == dsl::Value::Kind::Int ? R->Int : R->Float;
        switch (BO->getOpcode()) {
        case BO_Add:
          return Int ? dsl::Value::integer(L->Int + R->Int)
                     : dsl::Value::floating(A + B);
        case BO_Sub:
          return Int ? dsl::Value::integer(L->Int - R->Int)
                     : dsl::Value::floating(A - B);
        case BO_Mul:
          return Int ? dsl::Value::integer(L->Int * R->Int)
                     : dsl::Value::floating(A * B);
        case BO_Div:
          if (Int && R->Int != 0)
            return dsl::Value::integer(L->Int / R->Int);
          if (!Int)
            return dsl::Value::floating(A / B);
          break;
        case BO_Rem:
          if (Int && R->Int != 0)
            return dsl::Value::integer(L->Int % R->Int);
          break;
        case BO_LT:
          return dsl::Value::boolean(A < B);
        case BO_GT:
          return dsl::Value::boolean(A > B);
        case BO_LE:
          return dsl::Value::boolean(A <= B);
        case BO_GE:
          return dsl::Value::boolean(A >= B);
        case BO_EQ:
          return dsl::Value::boolean(A == B);
        case BO_NE:
          return dsl::Value::boolean(A != B);
        default:
          break;
        }
      }
    }
  }
  if (E->isValueDependent() || E->isTypeDependent())
    return std::nullopt;
  QualType T = E->getType();
  if (!T->isArithmeticType() && !T->isEnumeralType())
    return std::nullopt;
  Expr::EvalResult Res;
  if (!E->EvaluateAsRValue(Res, Ctx) || Res.HasSideEffects)
    return foldConstVar(E);
  const APValue &V = Res.Val;
  if (T->isBooleanType() && V.isInt())
    return dsl::Value::boolean(V.getInt().getBoolValue());
  if (V.isInt() && !T->isEnumeralType())
    return dsl::Value::integer(V.getInt().getSExtValue());
  if (V.isFloat())
    return dsl::Value::floating(V.getFloat().convertToDouble());
  return std::nullopt;
}

std::optional<dsl::Value> ValueFolder::foldConstVar(const Expr *E) const {
  // A const variable whose initializer Clang does not constant-evaluate
  // (`const double kSqrt2OverPi = std::sqrt(2.0 / M_PI);`, initialised at
  // run time) holds the value its initializer folds to: it cannot change
  // afterwards. The initializer folds without the caller's ConstEnv, which
  // describes the point of use, not the declaration.
  const auto *DRE = dyn_cast<DeclRefExpr>(E);
  const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  if (!VD || isa<ParmVarDecl>(VD) || VarDepth >= 8)
    return std::nullopt;
  QualType T = VD->getType();
  const Expr *Init = VD->getAnyInitializer();
  if (!Init || !T.isConstQualified() || T.isVolatileQualified() ||
      !T->isArithmeticType())
    return std::nullopt;
  ++VarDepth;
  auto V = foldNumeric(Init, nullptr);
  --VarDepth;
  if (!V)
    return std::nullopt;
  if (T->isBooleanType())
    return V->K == dsl::Value::Kind::Bool ? V : std::nullopt;
  if (T->isRealFloatingType() && V->K == dsl::Value::Kind::Int)
    return dsl::Value::floating(static_cast<double>(V->Int));
  if (T->isRealFloatingType() && V->K == dsl::Value::Kind::Float)
    return V;
  if (T->isIntegerType() && V->K == dsl::Value::Kind::Int)
    return V;
  return std::nullopt;
}

std::optional<int64_t> ValueFolder::foldInt(const Expr *E,
                                            const ConstEnv *Env) const {
  auto V = foldNumeric(E, Env);
  if (V && V->K == dsl::Value::Kind::Int)
    return V->Int;
  return std::nullopt;
}

std::string ValueFolder::userMacro(const Expr *E, unsigned Depth) const {
  if (!E || Depth > 8)
    return "";
  const SourceManager &SM = Ctx.getSourceManager();
  for (SourceLocation L = E->getBeginLoc(); L.isMacroID();
       L = SM.getImmediateMacroCallerLoc(L))
    if (SM.isMacroBodyExpansion(L) &&
        !SM.isInSystemHeader(SM.getSpellingLoc(L)))
      return Lexer::getImmediateMacroName(L, SM, Ctx.getLangOpts()).str();
  // A constant folds through its initializer (`constexpr double kSlope =
  // SLOPE;`), and so does the macro.
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      if (const Expr *Init = VD->getAnyInitializer())
        if (std::string M = userMacro(Init, Depth + 1); !M.empty())
          return M;
  for (const Stmt *C : E->children())
    if (const auto *CE = dyn_cast_or_null<Expr>(C))
      if (std::string M = userMacro(CE, Depth); !M.empty())
        return M;
  return "";
}

dsl::Value ValueFolder::fold(const Expr *E, const ConstEnv *Env) const {
  dsl::Value V = foldValue(E, Env);
  // A symbol is written as its text, which names the macro itself.
  if (V.K != dsl::Value::Kind::Symbol && V.K != dsl::Value::Kind::None &&
      V.Macro.empty())
    V.Macro = userMacro(E);
  return V;
}

dsl::Value ValueFolder::foldValue(const Expr *E, const ConstEnv *Env) const {
  if (!E)
    return dsl::Value::none();
  const Expr *P = peel(E);
  if (auto N = foldNumeric(E, Env))
    return *N;
  if (const auto *SL = dyn_cast<StringLiteral>(P))
    return dsl::Value::string(SL->getString().str());
  if (isa<CXXNullPtrLiteralExpr>(P))
    return dsl::Value::ident("nullptr");
  // Brace lists and initializer lists: {768}, std::vector<int64_t>{3, 3}.
  const InitListExpr *ILE = dyn_cast<InitListExpr>(P);
  if (const auto *SIL = dyn_cast<CXXStdInitializerListExpr>(P))
    ILE = dyn_cast<InitListExpr>(peel(SIL->getSubExpr()));
  auto NumWritten = [](const CXXConstructExpr *CE) {
    unsigned N = 0;
    for (const Expr *A : CE->arguments())
      N += !isa<CXXDefaultArgExpr>(A);
    return N;
  };
  if (const auto *CE = dyn_cast<CXXConstructExpr>(P);
      CE && CE->isListInitialization() && NumWritten(CE) == 1)
    if (const auto *SIL =
            dyn_cast<CXXStdInitializerListExpr>(peel(CE->getArg(0))))
      ILE = dyn_cast<InitListExpr>(peel(SIL->getSubExpr()));
  if (const auto *CE = dyn_cast<CXXConstructExpr>(P);
      CE && NumWritten(CE) == 1 && !ILE)
    if (isa<CXXStdInitializerListExpr>(peel(CE->getArg(0))) ||
        isa<InitListExpr>(peel(CE->getArg(0))))
      return fold(CE->getArg(0), Env);
  if (ILE) {
    // The semantic form: its elements carry the conversions to the element
    // type (an enumerator converted to int64_t folds to its value).
    if (const InitListExpr *Sem = ILE->getSemanticForm())
      ILE = Sem;
    std::vector<dsl::Value> Elems;
    for (const Expr *Init : ILE->inits())
      Elems.push_back(fold(Init, Env));
    return dsl::Value::list(std::move(Elems));
  }
  // String building: "block" + std::to_string(i).
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(P);
      OC && OC->getOperator() == OO_Plus && OC->getNumArgs() == 2) {
    dsl::Value L = fold(OC->getArg(0), Env), R = fold(OC->getArg(1), Env);
    if (L.K == dsl::Value::Kind::String && R.K == dsl::Value::Kind::String)
      return dsl::Value::string(L.Text + R.Text);
  }
  if (const auto *CE = dyn_cast<CallExpr>(P))
    if (const FunctionDecl *FD = CE->getDirectCallee();
        FD && FD->isInStdNamespace() && FD->getName() == "to_string" &&
        CE->getNumArgs() == 1)
      if (auto I = foldInt(CE->getArg(0), Env))
        return dsl::Value::string(std::to_string(*I));
  // Names of enumerators, torch enum tags (torch::kMean) and functions.
  if (const auto *DRE = dyn_cast<DeclRefExpr>(P)) {
    const ValueDecl *D = DRE->getDecl();
    if (isa<EnumConstantDecl>(D) || isa<FunctionDecl>(D))
      return dsl::Value::ident(D->getQualifiedNameAsString());
    // LibTorch's enum tags: `torch::kMean` is a const object of an empty
    // struct type, not an enumerator.
    if (const auto *VD = dyn_cast<VarDecl>(D))
      if (VD->getType()->isRecordType() && VD->getType().isConstQualified() &&
          VD->hasGlobalStorage() && TorchTypes::isTorchDecl(VD))
        return dsl::Value::ident(D->getQualifiedNameAsString());
  }
  return dsl::Value::symbol(text(E));
}

} // namespace adopter::graph

namespace adopter::graph {

std::optional<ValueFolder::CountedLoop>
ValueFolder::countedLoop(const ForStmt *FS, const ConstEnv &Env,
                         const VarDecl *&IV) const {
  CountedLoop L;
  std::optional<int64_t> Start;
  IV = nullptr;
  if (const auto *Init = dyn_cast_or_null<DeclStmt>(FS->getInit()))
    if (Init->isSingleDecl())
      if ((IV = dyn_cast<VarDecl>(Init->getSingleDecl())) && IV->getInit())
        Start = foldInt(IV->getInit(), &Env);
  L.IV = IV;
  const Expr *Inc =
      FS->getInc() ? FS->getInc()->IgnoreParenImpCasts() : nullptr;
  if (const auto *UO = dyn_cast_or_null<UnaryOperator>(Inc))
    L.Step = UO->isIncrementOp() ? 1 : UO->isDecrementOp() ? -1 : 0;
  else if (const auto *CA = dyn_cast_or_null<CompoundAssignOperator>(Inc))
    if (auto V = foldInt(CA->getRHS(), &Env))
      L.Step = CA->getOpcode() == BO_AddAssign   ? *V
               : CA->getOpcode() == BO_SubAssign ? -*V
                                                 : 0;
  L.Cond = dyn_cast_or_null<BinaryOperator>(
      FS->getCond() ? FS->getCond()->IgnoreParenImpCasts() : nullptr);
  if (!L.IV || !Start || L.Step == 0 || !L.Cond)
    return std::nullopt;
  const auto *LV =
      dyn_cast<DeclRefExpr>(L.Cond->getLHS()->IgnoreParenImpCasts());
  if (!LV || LV->getDecl() != L.IV)
    return std::nullopt;
  L.Start = *Start;
  return L;
}

std::optional<std::vector<int64_t>> ValueFolder::tripValues(const ForStmt *FS,
                                                            const ConstEnv &Env,
                                                            const VarDecl *&IV,
                                                            int64_t Max) const {
  // IV names the loop's variable even where the loop is not unrolled.
  std::optional<CountedLoop> L = countedLoop(FS, Env, IV);
  std::optional<int64_t> End =
      L ? foldInt(L->Cond->getRHS(), &Env) : std::nullopt;
  if (!End)
    return std::nullopt;
  std::vector<int64_t> Iters;
  for (int64_t I = L->Start; (int64_t)Iters.size() <= Max; I += L->Step) {
    BinaryOperatorKind Op = L->Cond->getOpcode();
    bool Go = Op == BO_LT   ? I < *End
              : Op == BO_LE ? I <= *End
              : Op == BO_GT ? I > *End
              : Op == BO_GE ? I >= *End
              : Op == BO_NE ? I != *End
                            : false;
    if (!Go)
      return Iters;
    Iters.push_back(I);
  }
  return std::nullopt;
}

std::optional<dsl::Value> ValueFolder::tripCount(const ForStmt *FS,
                                                 const ConstEnv &Env) const {
  const VarDecl *IV;
  std::optional<CountedLoop> L = countedLoop(FS, Env, IV);
  if (!L || L->Step != 1 ||
      (L->Cond->getOpcode() != BO_LT && L->Cond->getOpcode() != BO_LE))
    return std::nullopt;
  // Where the inclusive bound adds one and the start takes away.
  const int64_t Extra = (L->Cond->getOpcode() == BO_LE) - L->Start;
  dsl::Value End = fold(L->Cond->getRHS(), &Env);
  if (End.K == dsl::Value::Kind::Int)
    return dsl::Value::integer(std::max<int64_t>(0, End.Int + Extra));
  if (End.K != dsl::Value::Kind::Symbol && End.K != dsl::Value::Kind::Ident)
    return std::nullopt;
  std::string Text = End.Text;
  if (Extra && !llvm::all_of(Text, [](char C) {
        return llvm::isAlnum(C) || C == '_' || C == '.' || C == ':';
      }))
    Text = "(" + Text + ")";
  if (Extra)
    Text += std::string(Extra > 0 ? " + " : " - ") +
            std::to_string(Extra > 0 ? Extra : -Extra);
  return dsl::Value::symbol(Text);
}

} // namespace adopter::graph
