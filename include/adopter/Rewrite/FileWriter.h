//===- FileWriter.h - Write edited files all or nothing ---------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Writes the files `adopter apply` changed. First every file is checked (it
// still holds what was analysed, it is writable), then each new content is
// written to a temporary file beside it, and only when all of them are
// written are they renamed over the originals. An interrupted run leaves
// each file either old or new; a failed check writes nothing.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_REWRITE_FILEWRITER_H
#define ADOPTER_REWRITE_FILEWRITER_H

#include "llvm/Support/Error.h"
#include <map>
#include <string>

namespace adopter::rewrite {

struct FileChange {
  std::string Old; ///< the contents that were analysed
  std::string New;
};

class FileWriter {
public:
  /// Writes every change (absolute path -> change), or none of them.
  static llvm::Error write(const std::map<std::string, FileChange> &Changes);
};

} // namespace adopter::rewrite

#endif // ADOPTER_REWRITE_FILEWRITER_H
