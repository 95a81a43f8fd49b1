//===- MemberAssignments.h - Assignments of one member ----------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Used by EditSynthesizer.cpp only; kept apart to keep that file short.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_LIB_REWRITE_MEMBERASSIGNMENTS_H
#define ADOPTER_LIB_REWRITE_MEMBERASSIGNMENTS_H

#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include <vector>

namespace adopter::rewrite {

/// Assignments `member = E` in a function body.
class MemberAssignments : public clang::RecursiveASTVisitor<MemberAssignments> {
public:
  explicit MemberAssignments(const clang::FieldDecl *F) : F(F) {}
  bool VisitCXXOperatorCallExpr(clang::CXXOperatorCallExpr *E) {
    if (E->getOperator() == clang::OO_Equal && E->getNumArgs() == 2)
      if (const auto *M =
              llvm::dyn_cast<clang::MemberExpr>(E->getArg(0)->IgnoreImplicit()))
        if (M->getMemberDecl() == F)
          Found.push_back(E->getArg(1));
    return true;
  }
  const clang::FieldDecl *F;
  std::vector<const clang::Expr *> Found;
};

} // namespace adopter::rewrite

#endif // ADOPTER_LIB_REWRITE_MEMBERASSIGNMENTS_H
