//===- SpelledConstructions.h - Constructions that spell a type -*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Used by EditSynthesizer.cpp only; kept apart to keep that file short.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_LIB_REWRITE_SPELLEDCONSTRUCTIONS_H
#define ADOPTER_LIB_REWRITE_SPELLEDCONSTRUCTIONS_H

#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include <vector>

namespace adopter::rewrite {

/// The construction expressions inside E that spell the holder type T.
class SpelledConstructions
    : public clang::RecursiveASTVisitor<SpelledConstructions> {
public:
  SpelledConstructions(clang::QualType T)
      : T(T.getCanonicalType().getUnqualifiedType()) {}
  bool VisitCXXTemporaryObjectExpr(clang::CXXTemporaryObjectExpr *E) {
    add(E->getType(), E->getTypeSourceInfo(),
        E->getParenOrBraceRange().getEnd(), E);
    return true;
  }
  bool VisitCXXFunctionalCastExpr(clang::CXXFunctionalCastExpr *E) {
    add(E->getType(), E->getTypeInfoAsWritten(), E->getRParenLoc(), E);
    return true;
  }
  void add(clang::QualType Ty, clang::TypeSourceInfo *TSI,
           clang::SourceLocation Close, const clang::Expr *E) {
    if (TSI && Ty.getCanonicalType().getUnqualifiedType() == T) {
      Found.push_back(TSI->getTypeLoc().getSourceRange());
      Closes.push_back(Close);
      Exprs.push_back(E);
    }
  }
  clang::QualType T;
  std::vector<clang::SourceRange> Found;
  /// The closing parenthesis of each, where extra arguments go.
  std::vector<clang::SourceLocation> Closes;
  /// The constructions themselves.
  std::vector<const clang::Expr *> Exprs;
};

/// E, without implicit nodes, is `nullptr` or a holder built from nullptr.
inline bool isNull(const clang::Expr *E) {
  E = E->IgnoreImplicit();
  if (llvm::isa<clang::CXXNullPtrLiteralExpr>(E))
    return true;
  if (const auto *C = llvm::dyn_cast<clang::CXXConstructExpr>(E))
    return C->getNumArgs() == 1 && isNull(C->getArg(0));
  if (const auto *C = llvm::dyn_cast<clang::InitListExpr>(E))
    return C->getNumInits() == 1 && isNull(C->getInit(0));
  return false;
}

} // namespace adopter::rewrite

#endif // ADOPTER_LIB_REWRITE_SPELLEDCONSTRUCTIONS_H
