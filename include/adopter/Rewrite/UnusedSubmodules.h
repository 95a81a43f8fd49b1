//===- UnusedSubmodules.h - Submodules rewrites leave unused ----*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// A rewrite can take the last call of a submodule away: `act(fc(x))`
// becomes `fc(x)` with fc built as the fused Linear + GELU, and `act` is
// still declared, constructed and registered for nothing. Such a member is
// removed (its declaration and its construction) only when that keeps
// every parameter and buffer name of the model:
//  - the module holds none: a parameter-free torch::nn module (activations,
//    dropout, pooling, Identity, Flatten), or a user module class that
//    derives from torch::nn::Module (or Cloneable) alone, registers nothing,
//    has no module or tensor members and constructors with empty bodies;
//  - the class is defined in the main file (no other translation unit can
//    name the member) and has no code under a preprocessor condition;
//  - every reference to the member but its construction lies inside an
//    edit of the chosen rewrites (at least one does), and no edit's new text
//    names it;
//  - the member is declared alone (`torch::nn::GELU act{nullptr};`) and
//    constructed at most once: by a statement of a constructor body (`act =
//    register_module("act", torch::nn::GELU());`) or an entry of a
//    constructor's initializer list, from arguments without side effects;
//    declaration and statement each stand on lines of their own.
// Anything else keeps the member, as before the rewrite, and says why.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_REWRITE_UNUSEDSUBMODULES_H
#define ADOPTER_REWRITE_UNUSEDSUBMODULES_H

#include "adopter/Rewrite/AstIndex.h"
#include "adopter/Rewrite/EditSynthesizer.h"
#include "clang/Tooling/Core/Replacement.h"
#include <map>
#include <string>
#include <vector>

namespace adopter::rewrite {

/// One member to remove.
struct SubmoduleRemoval {
  std::string Member; ///< its name
  std::string Type;   ///< its module type as written (`torch::nn::GELU`)
  std::string Where;  ///< `file:line:col` of its declaration
  std::vector<clang::tooling::Replacement> Edits;
  /// The findings (keys of the sites) whose edits take its calls away.
  std::vector<size_t> Owners;
  /// Why it stays although unused (then Edits is empty); "" when removed.
  std::string KeptWhy;
};

class UnusedSubmodules {
public:
  UnusedSubmodules(const AstIndex &Index, const std::vector<clang::Decl *> &Top)
      : Index(Index), Top(Top) {}

  /// The members \p Sites (the rewritten ones: those without an error)
  /// leave unused: with the edits that remove them, or why they stay.
  std::vector<SubmoduleRemoval>
  find(const std::map<size_t, SiteEdits> &Sites) const;

private:
  const AstIndex &Index;
  const std::vector<clang::Decl *> &Top;
};

} // namespace adopter::rewrite

#endif // ADOPTER_REWRITE_UNUSEDSUBMODULES_H
