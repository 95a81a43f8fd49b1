//===- UnifiedDiff.h - A unified diff of two texts ---------------*- C++
//-*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// `adopter apply -n` prints what it would change as a unified diff (what
// `diff -u` and `patch -p0` read), computed line by line with Myers'
// algorithm.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_REWRITE_UNIFIEDDIFF_H
#define ADOPTER_REWRITE_UNIFIEDDIFF_H

#include "llvm/ADT/StringRef.h"
#include <string>

namespace adopter::rewrite {

class UnifiedDiff {
public:
  /// The diff of \p Old into \p New, both named \p Name, with \p Context
  /// lines around each change; empty when the texts are equal.
  static std::string diff(llvm::StringRef Name, llvm::StringRef Old,
                          llvm::StringRef New, unsigned Context = 3);
};

} // namespace adopter::rewrite

#endif // ADOPTER_REWRITE_UNIFIEDDIFF_H
