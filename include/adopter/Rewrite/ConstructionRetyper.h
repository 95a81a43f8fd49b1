//===- ConstructionRetyper.h - `rewrite: retype` edits ----------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// The edits of a rule whose replacement is a drop-in type (`rewrite:
// retype`, optimizer-adam): the finding is one construction that
// initializes a variable (`torch::optim::Adam opt(params, opts);`, `auto
// opt = torch::optim::AdamW(...)`, `std::make_unique<torch::optim::Adam>(
// ...)`), and every place the variable's declaration spells the constructed
// type (its declared type, a temporary's type, make_unique's template
// argument) spells the rule's new type instead. Arguments, options and
// every other line stay as they are. A type spelled through an alias, or
// not spelled at all, is refused with the reason; a use elsewhere that needs
// the old type (a parameter `torch::optim::Adam &`) makes the rewritten
// file fail to compile, which `adopter apply` reports and does not write.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_REWRITE_CONSTRUCTIONRETYPER_H
#define ADOPTER_REWRITE_CONSTRUCTIONRETYPER_H

#include "adopter/Match/Finding.h"
#include "adopter/Rewrite/AstIndex.h"
#include "adopter/Rewrite/EditSynthesizer.h"

namespace adopter::rewrite {

class ConstructionRetyper {
public:
  explicit ConstructionRetyper(const AstIndex &Index) : Index(Index) {}

  /// True when this translation unit holds the construction of \p F.
  bool holds(const match::Finding &F) const;
  /// The edits that spell \p F's new type, or why there are none. \p At is
  /// set to the declaration (where the kernel header is to be included).
  SiteEdits retype(const match::Finding &F, clang::SourceLocation &At) const;

private:
  const AstIndex &Index;
};

} // namespace adopter::rewrite

#endif // ADOPTER_REWRITE_CONSTRUCTIONRETYPER_H
