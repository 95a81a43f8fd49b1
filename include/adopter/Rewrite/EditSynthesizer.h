//===- EditSynthesizer.h - The source edits of selected findings -*- C++ -*-=//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Turns the selected findings of one translation unit into source edits
// (`clang::tooling::Replacement`s on absolute paths), or into the reason a
// finding cannot be rewritten yet. What it writes for a rule whose
// replacement is a module (`module:` + `replaces: [$var]`):
//   - the member's declared type becomes the new module type; a member that
//     shares its declaration with others (`Linear a{nullptr}, b{nullptr};`)
//     gets a declaration of its own, in place;
//   - every construction of the member that spells its type
//     (`register_module("fc", torch::nn::Linear(16, 64))`, an initializer
//     list, an in-class initializer) spells the new type, with the same
//     arguments: the new module takes the options of the one it replaces and
//     keeps its parameter names, so checkpoints still load;
//   - the chain, when it is one expression, becomes the rule's `call:` with
//     `{new}` the member and each `%var` the source text of that input;
//   - the kernel header is included once, in sorted position.
// It never edits inside a macro expansion or outside the user's files.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_REWRITE_EDITSYNTHESIZER_H
#define ADOPTER_REWRITE_EDITSYNTHESIZER_H

#include "adopter/Match/Finding.h"
#include "adopter/Rewrite/AstIndex.h"
#include "clang/Tooling/Core/Replacement.h"
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace adopter::rewrite {

/// The edits of one finding, or why there are none.
struct SiteEdits {
  std::vector<clang::tooling::Replacement> Edits;
  /// Why the finding cannot be rewritten; empty when Edits apply it.
  std::string Error;
};

class EditSynthesizer {
public:
  explicit EditSynthesizer(const AstIndex &Index) : Index(Index) {}

  /// Edits for each of \p Findings whose ops this translation unit holds
  /// (by index into \p Findings); findings of other translation units are
  /// left out. Findings that retype members of one declaration share the
  /// edit of that declaration.
  std::map<size_t, SiteEdits>
  synthesize(const std::vector<const match::Finding *> &Findings) const;

private:
  const AstIndex &Index;
};

} // namespace adopter::rewrite

#endif // ADOPTER_REWRITE_EDITSYNTHESIZER_H
