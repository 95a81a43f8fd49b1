//===- UserDecls.h - The top-level declarations of user code ----*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// What every adopter AST consumer traverses: the top-level declarations of
// the user's files. Declarations that come from a PCH are never passed to
// HandleTopLevelDecl, and those of system headers are dropped, so the
// traversal stays in the user's files (under a second with <torch/torch.h>
// through a PCH, against seconds for the whole translation unit).
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_DRIVER_USERDECLS_H
#define ADOPTER_DRIVER_USERDECLS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclGroup.h"
#include "clang/Basic/SourceManager.h"
#include <vector>

namespace adopter::driver {

class UserDecls {
public:
  /// Keeps the declarations of \p DG that are not in a system header.
  void add(clang::DeclGroupRef DG) {
    for (clang::Decl *D : DG) {
      const clang::SourceManager &SM = D->getASTContext().getSourceManager();
      clang::SourceLocation L = SM.getFileLoc(D->getLocation());
      if (L.isValid() && !SM.isInSystemHeader(L))
        Top.push_back(D);
    }
  }
  const std::vector<clang::Decl *> &decls() const { return Top; }

private:
  std::vector<clang::Decl *> Top;
};

} // namespace adopter::driver

#endif // ADOPTER_DRIVER_USERDECLS_H
