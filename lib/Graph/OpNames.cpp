//===- OpNames.cpp - Normalized op names for every spelling ---------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/Graph/OpNames.h"
#include "adopter/Graph/TorchTypes.h"
#include "adopter/Rules/OpSignatures.h"
#include "llvm/ADT/StringSwitch.h"

using namespace clang;

namespace adopter::graph {

std::string OpNames::canonical(llvm::StringRef Base) {
  bool InPlace = Base.ends_with("_") && !Base.ends_with("__");
  llvm::StringRef Core = InPlace ? Base.drop_back() : Base;
  std::string C = llvm::StringSwitch<std::string>(Core)
                      .Case("multiply", "mul")
                      .Case("divide", "div")
                      .Case("true_divide", "div")
                      .Case("subtract", "sub")
                      .Case("swapaxes", "transpose")
                      .Case("swapdims", "transpose")
                      .Case("absolute", "abs")
                      .Case("negative", "neg")
                      .Case("greater", "gt")
                      .Case("less", "lt")
                      .Case("concat", "cat")
                      .Case("concatenate", "cat")
                      .Default(Core.str());
  return InPlace ? C + "_" : C;
}

std::string OpNames::forFunction(const FunctionDecl *FD) {
  if (!FD || !FD->getIdentifier() || !TorchTypes::isTorchDecl(FD))
    return "";
  // Only free functions (and static helpers) of the torch/at namespaces.
  if (isa<CXXMethodDecl>(FD))
    return "";
  std::string Q = FD->getQualifiedNameAsString();
  llvm::StringRef QS(Q);
  if (!(QS.starts_with("torch::") || QS.starts_with("at::")))
    return "";
  // Internal namespaces are not user-facing ops.
  if (QS.contains("::detail::") || QS.contains("::native::") ||
      QS.contains("::_ops::") || QS.contains("::impl::"))
    return "";
  return "aten::" + canonical(FD->getName());
}

std::string OpNames::forTensorMethod(llvm::StringRef Method) {
  return "aten::" + canonical(Method);
}

std::string OpNames::forOperator(OverloadedOperatorKind K, unsigned NumArgs) {
  bool Unary = NumArgs == 1;
  switch (K) {
  case OO_Plus:
    return Unary ? "aten::positive" : "aten::add";
  case OO_Minus:
    return Unary ? "aten::neg" : "aten::sub";
  case OO_Star:
    return Unary ? "" : "aten::mul";
  case OO_Slash:
    return "aten::div";
  case OO_Percent:
    return "aten::remainder";
  case OO_PlusEqual:
    return "aten::add_";
  case OO_MinusEqual:
    return "aten::sub_";
  case OO_StarEqual:
    return "aten::mul_";
  case OO_SlashEqual:
    return "aten::div_";
  case OO_EqualEqual:
    return "aten::eq";
  case OO_ExclaimEqual:
    return "aten::ne";
  case OO_Less:
    return "aten::lt";
  case OO_Greater:
    return "aten::gt";
  case OO_LessEqual:
    return "aten::le";
  case OO_GreaterEqual:
    return "aten::ge";
  case OO_Amp:
    return "aten::bitwise_and";
  case OO_Pipe:
    return "aten::bitwise_or";
  case OO_Caret:
    return "aten::bitwise_xor";
  case OO_Tilde:
    return "aten::bitwise_not";
  case OO_Exclaim:
    return "aten::logical_not";
  case OO_Subscript:
    return "aten::select";
  default:
    return "";
  }
}

std::string OpNames::forStatelessModule(llvm::StringRef TypeName) {
  return rules::OpSignatures::statelessModuleOp(TypeName);
}

bool OpNames::isInPlace(llvm::StringRef OpName) {
  return OpName.ends_with("_") && !OpName.ends_with("__");
}

} // namespace adopter::graph
