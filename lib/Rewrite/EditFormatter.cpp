//===- EditFormatter.cpp - Reformat the lines apply changed ---------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/Rewrite/EditFormatter.h"
#include "clang/Format/Format.h"

using namespace clang;
using clang::tooling::Replacement;
using clang::tooling::Replacements;

namespace adopter::rewrite {

llvm::Error EditFormatter::format(std::map<std::string, FileChange> &Changes,
                                  std::vector<Replacement> &Edits,
                                  llvm::StringRef FallbackStyle) {
  std::map<std::string, Replacements> ByFile;
  for (const Replacement &R : Edits) {
    std::string Path(R.getFilePath());
    if (llvm::Error E = ByFile[Path].add(R))
      return llvm::createStringError("cannot format the edits of '" + Path +
                                     "': " + llvm::toString(std::move(E)));
  }
  std::vector<Replacement> Out;
  for (auto &[Path, Reps] : ByFile) {
    auto C = Changes.find(Path);
    if (C == Changes.end()) {
      Out.insert(Out.end(), Reps.begin(), Reps.end());
      continue;
    }
    llvm::Expected<format::FormatStyle> Style =
        format::getStyle("file", Path, FallbackStyle, C->second.Old);
    if (!Style)
      return llvm::createStringError("cannot read the format style for '" +
                                     Path +
                                     "': " + llvm::toString(Style.takeError()));
    llvm::Expected<Replacements> F =
        format::formatReplacements(C->second.Old, Reps, *Style);
    if (!F)
      return llvm::createStringError("cannot format '" + Path +
                                     "': " + llvm::toString(F.takeError()));
    llvm::Expected<std::string> New =
        tooling::applyAllReplacements(C->second.Old, *F);
    if (!New)
      return llvm::createStringError("cannot format '" + Path +
                                     "': " + llvm::toString(New.takeError()));
    C->second.New = std::move(*New);
    Out.insert(Out.end(), F->begin(), F->end());
  }
  Edits = std::move(Out);
  return llvm::Error::success();
}

} // namespace adopter::rewrite
