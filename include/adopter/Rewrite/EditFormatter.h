//===- EditFormatter.h - Reformat the lines apply changed -------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// `adopter apply --format`: the new text of a rewrite (one call for a chain
// that spanned a line, often longer than the file's column limit) is laid
// out by clang-format in the file's style (the nearest .clang-format, else
// LLVM), on the changed lines only, as clang-apply-replacements --format
// does. Every other line keeps its bytes.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_REWRITE_EDITFORMATTER_H
#define ADOPTER_REWRITE_EDITFORMATTER_H

#include "adopter/Rewrite/FileWriter.h"
#include "clang/Tooling/Core/Replacement.h"
#include "llvm/Support/Error.h"
#include <map>
#include <string>
#include <vector>

namespace adopter::rewrite {

class EditFormatter {
public:
  /// Reformats the changed lines of each file of \p Changes (absolute path
  /// -> old and new contents): \p Edits, the edits that made them, become
  /// the formatted edits and each change's new contents their result.
  /// \p FallbackStyle serves files without a .clang-format.
  static llvm::Error format(std::map<std::string, FileChange> &Changes,
                            std::vector<clang::tooling::Replacement> &Edits,
                            llvm::StringRef FallbackStyle = "LLVM");
};

} // namespace adopter::rewrite

#endif // ADOPTER_REWRITE_EDITFORMATTER_H
