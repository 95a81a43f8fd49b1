//===- PureExpression.cpp - Expressions free of side effects -------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/Rewrite/PureExpression.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"
#include <set>
#include <string>
#include <utility>

using namespace clang;

namespace adopter::rewrite {

namespace {

/// Tensor methods that only compute a new tensor (or a view, or a size)
/// from their object and arguments: moving such a call to a later
/// statement cannot change what the program does. (They may throw, on bad
/// shapes, as the original would have.)
bool isPureTensorMethodName(llvm::StringRef Name) {
  static const std::set<std::string> Pure = {
      "reshape", "view", "flatten", "transpose", "permute", "contiguous",
      "size", "dim", "unsqueeze", "squeeze", "narrow", "select", "t", "float",
      "to", "type_as", "expand", "view_as", "numel", "slice", "reshape_as",
      "detach", "clone", "index", "eq", "ne", "logical_not", "options", "sizes",
      "dtype", "scalar_type", "device", "defined", "requires_grad",
      "is_floating_point", "is_contiguous", "is_cuda",
      // Arithmetic and reductions that compute a new tensor (none draws
      // random numbers: `bernoulli`, `multinomial` are not here).
      "triu", "tril", "masked_fill", "expand_as", "repeat", "bool", "long",
      "int", "half", "double", "bfloat16", "sqrt", "rsqrt", "pow", "exp", "log",
      "abs", "neg", "sigmoid", "tanh", "mean", "sum", "amax", "amin", "softmax",
      "log_softmax", "matmul", "mul", "div", "add", "sub", "lt", "le", "gt",
      "ge", "logical_and", "logical_or", "chunk", "split", "unbind", "cumsum"};
  return Pure.count(Name.str()) > 0;
}

/// \p M is such a method of at::Tensor.
bool isPureTensorMethod(const CXXMethodDecl *M) {
  const CXXRecordDecl *RD = M ? M->getParent() : nullptr;
  if (!RD || !M->getIdentifier())
    return false;
  std::string Class = RD->getQualifiedNameAsString();
  return (Class == "at::Tensor" || Class == "at::TensorBase") &&
         isPureTensorMethodName(M->getName());
}

/// An options class of LibTorch's modules (`torch::nn::LinearOptions`,
/// `F::DropoutFuncOptions`): a value whose setters only set fields.
bool isOptionsClass(const CXXRecordDecl *RD) {
  // (A std::string: a StringRef to the temporary name would dangle.)
  const std::string Name = RD->getQualifiedNameAsString();
  return llvm::StringRef(Name).starts_with("torch::nn::") &&
         llvm::StringRef(Name).ends_with("Options");
}

/// A tensor operator that computes a new tensor (`a * b`, `mask == 0`,
/// `-x`, `~m`), not one that assigns (`+=`) or indexes.
bool isPureTensorOperator(const CXXOperatorCallExpr *OC) {
  switch (OC->getOperator()) {
  case OO_Plus:
  case OO_Minus:
  case OO_Star:
  case OO_Slash:
  case OO_Percent:
  case OO_EqualEqual:
  case OO_ExclaimEqual:
  case OO_Less:
  case OO_Greater:
  case OO_LessEqual:
  case OO_GreaterEqual:
  case OO_Amp:
  case OO_Pipe:
  case OO_Caret:
  case OO_Tilde:
  case OO_Exclaim:
    break;
  default:
    return false;
  }
  const FunctionDecl *FD = OC->getDirectCallee();
  const DeclContext *DC = FD ? FD->getDeclContext() : nullptr;
  if (const auto *RD = dyn_cast_or_null<CXXRecordDecl>(DC))
    return RD->getQualifiedNameAsString() == "at::Tensor" ||
           RD->getQualifiedNameAsString() == "at::TensorBase";
  const auto *NS = dyn_cast_or_null<NamespaceDecl>(DC);
  return NS && (NS->getName() == "at" || NS->getName() == "c10") &&
         NS->getParent()->isTranslationUnit();
}

/// \p E reads values and computes new ones without side effects a reorder
/// could show: no call other than the pure tensor methods and operators
/// above, a module's is_training(), the math functions of <cmath>, constexpr
/// functions without arguments (`std::numeric_limits<float>::infinity()`),
/// LibTorch's factories of determined contents (`torch::full({}, v,
/// q.options())`) and the setters of a temporary options object
/// (`F::NLLLossFuncOptions() .ignore_index(pad)`), whose operands are pure in
/// turn.
bool pureExpr(const Expr *E, ASTContext &Ctx, unsigned Depth);

/// \p FD is a function of the project (defined here, not virtual) whose body
/// only declares locals from values computed without side effects and
/// returns one (BERT's `transpose_for_scores(x)`, a lambda `shape(t)`
/// viewing its argument as heads, DistilBERT's `ln_options(dim, w, b)`
/// building an options object): a call computes a value, nothing else.
bool pureBody(const FunctionDecl *FD, ASTContext &Ctx, unsigned Depth) {
  const FunctionDecl *Def = nullptr;
  if (!FD || !FD->hasBody(Def) || !Def ||
      Ctx.getSourceManager().isInSystemHeader(Def->getLocation()))
    return false;
  if (const auto *MD = dyn_cast<CXXMethodDecl>(FD); MD && MD->isVirtual())
    return false;
  const auto *Body = dyn_cast_or_null<CompoundStmt>(Def->getBody());
  if (!Body || Body->body_empty() || !isa<ReturnStmt>(Body->body_back()))
    return false;
  for (const Stmt *St : Body->body()) {
    if (const auto *R = dyn_cast<ReturnStmt>(St)) {
      if (St != Body->body_back() || !R->getRetValue() ||
          !pureExpr(R->getRetValue(), Ctx, Depth + 1))
        return false;
      continue;
    }
    const auto *DS = dyn_cast<DeclStmt>(St);
    if (!DS)
      return false;
    for (const Decl *D : DS->decls()) {
      const auto *V = dyn_cast<VarDecl>(D);
      if (!V || V->isStaticLocal() || !V->getInit() ||
          !pureExpr(V->getInit(), Ctx, Depth + 1))
        return false;
    }
  }
  return true;
}

bool pureExpr(const Expr *E, ASTContext &Ctx, unsigned Depth) {
  if (!E || Depth > 32)
    return false;
  // `(a == 0).view(...)`: temporaries inside parentheses inside temporaries.
  for (const Expr *Bare = nullptr; Bare != E;)
    Bare = std::exchange(E, E->IgnoreImplicit()->IgnoreParens());
  if (!E->HasSideEffects(Ctx))
    return true;
  auto Operands = [&](auto Range) {
    for (const Expr *A : Range)
      if (!isa<CXXDefaultArgExpr>(A) && !pureExpr(A, Ctx, Depth + 1))
        return false;
    return true;
  };
  // A call of a function of the project that only computes a value.
  if (const auto *C = dyn_cast<CallExpr>(E);
      C && pureBody(C->getDirectCallee(), Ctx, Depth)) {
    const auto *MC = dyn_cast<CXXMemberCallExpr>(C);
    return (!MC || pureExpr(MC->getImplicitObjectArgument(), Ctx, Depth + 1)) &&
           Operands(C->arguments());
  }
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
    const CXXMethodDecl *M = MC->getMethodDecl();
    if (!M || !M->getIdentifier())
      return false;
    const Expr *Obj = MC->getImplicitObjectArgument();
    bool TensorMethod = isPureTensorMethod(M);
    // A setter of an options object built in this very expression
    // (`Options({16}).weight(w).eps(1e-3)`: each setter returns the object
    // the one before it set).
    const Expr *Inner = Obj->IgnoreImplicit()->IgnoreParens();
    const auto *Chained = dyn_cast<CXXMemberCallExpr>(Inner);
    bool OptionsSetter =
        isOptionsClass(M->getParent()) &&
        (Inner->isPRValue() ||
         (Chained && Chained->getMethodDecl() &&
          isOptionsClass(Chained->getMethodDecl()->getParent())));
    // A module's training flag (`is_training()`, a const getter of
    // torch::nn::Module): a read, as of a variable.
    bool TrainingFlag =
        M->getName() == "is_training" && M->isConst() &&
        M->getParent()->getQualifiedNameAsString() == "torch::nn::Module";
    return (TensorMethod || OptionsSetter || TrainingFlag) &&
           pureExpr(Obj, Ctx, Depth + 1) && Operands(MC->arguments());
  }
  if (const auto *CE = dyn_cast<CXXConstructExpr>(E))
    return Operands(CE->arguments());
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(E))
    return isPureTensorOperator(OC) && Operands(OC->arguments());
  // Arithmetic on such values, and the math functions of <cmath>.
  if (const auto *BO = dyn_cast<BinaryOperator>(E))
    return !BO->isAssignmentOp() && pureExpr(BO->getLHS(), Ctx, Depth + 1) &&
           pureExpr(BO->getRHS(), Ctx, Depth + 1);
  if (const auto *UO = dyn_cast<UnaryOperator>(E))
    return !UO->isIncrementDecrementOp() &&
           pureExpr(UO->getSubExpr(), Ctx, Depth + 1);
  if (const auto *C = dyn_cast<CallExpr>(E)) {
    static const std::set<std::string> Math = {"sqrt", "pow",  "exp", "log",
                                               "abs",  "fabs", "min", "max"};
    const FunctionDecl *FD = C->getDirectCallee();
    if (!isa<CXXMemberCallExpr>(C) && !isa<CXXOperatorCallExpr>(C) && FD &&
        FD->getIdentifier() && Math.count(FD->getName().str()) &&
        (FD->isInStdNamespace() || FD->getDeclContext()->isTranslationUnit() ||
         FD->getDeclContext()->isExternCContext()))
      return Operands(C->arguments());
    if (FD && FD->isConstexpr() && C->getNumArgs() == 0 &&
        !isa<CXXMemberCallExpr>(C) && !isa<CXXOperatorCallExpr>(C))
      return true;
    // LibTorch's factories of determined contents (no random numbers, no
    // uninitialised memory): a new tensor, nothing else changes.
    static const std::set<std::string> Factories = {
        "torch::full",      "torch::zeros",     "torch::ones",
        "torch::arange",    "torch::full_like", "torch::zeros_like",
        "torch::ones_like", "at::full",         "at::zeros",
        "at::ones",         "at::arange",       "at::full_like",
        "at::zeros_like",   "at::ones_like"};
    if (FD && !isa<CXXMemberCallExpr>(C) && !isa<CXXOperatorCallExpr>(C) &&
        Factories.count(FD->getQualifiedNameAsString()))
      return Operands(C->arguments());
  }
  if (const auto *IL = dyn_cast<InitListExpr>(E))
    return Operands(IL->inits());
  if (const auto *SIL = dyn_cast<CXXStdInitializerListExpr>(E))
    return pureExpr(SIL->getSubExpr(), Ctx, Depth + 1);
  if (const auto *C = dyn_cast<CastExpr>(E))
    return pureExpr(C->getSubExpr(), Ctx, Depth + 1);
  if (const auto *MT = dyn_cast<MaterializeTemporaryExpr>(E))
    return pureExpr(MT->getSubExpr(), Ctx, Depth + 1);
  return false;
}

} // namespace

bool PureExpression::expr(const Expr *E, ASTContext &Ctx) {
  return pureExpr(E, Ctx, 0);
}

bool PureExpression::userCall(const CallExpr *CE, ASTContext &Ctx) {
  return pureBody(CE->getDirectCallee(), Ctx, 0);
}

bool PureExpression::tensorMethod(const CXXMethodDecl *M) {
  return isPureTensorMethod(M);
}

bool PureExpression::optionsClass(const CXXRecordDecl *RD) {
  return isOptionsClass(RD);
}

bool PureExpression::tensorOperator(const CXXOperatorCallExpr *OC) {
  return isPureTensorOperator(OC);
}

} // namespace adopter::rewrite
