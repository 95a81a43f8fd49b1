//===- RecoveryCache.h - Recovered graphs cached per translation unit -*- C++
//-*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// `adopter check --cache-dir DIR` keeps, per translation unit, the graph its
// recovery produced (as DSL text: parse(print(G)) == G) together with every
// file the compiler read for it and a content hash of each. A later run whose
// compile command, working directory and adopter binary are the same, and
// whose files all still have the same content, reads the graph back instead
// of parsing the C++ again. Matching always runs afresh: rules and options
// are not part of the cache.
//
// One file per entry, written atomically (temporary file + rename), so that
// concurrent runs sharing a folder never read half an entry. Translation
// units that did not compile are never cached.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_DRIVER_RECOVERYCACHE_H
#define ADOPTER_DRIVER_RECOVERYCACHE_H

#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace adopter::driver {

/// What a translation unit's recovery produced, in the form the cache keeps.
struct CachedUnit {
  std::string GraphText;    ///< its modules, printed as DSL
  std::string TorchVersion; ///< `major.minor` or empty
  bool NoModules = false;   ///< the file declares no module class
};

class RecoveryCache {
public:
  explicit RecoveryCache(std::string Dir) : Dir(std::move(Dir)) {}

  /// Creates the folder when missing; an error when it cannot be used.
  llvm::Error prepare() const;

  /// The key of a translation unit: the adopter binary (version, size and
  /// time of its executable), the display root, and the compile commands
  /// (file, directory, arguments) with the extra arguments.
  static std::string
  key(llvm::ArrayRef<clang::tooling::CompileCommand> Commands,
      llvm::ArrayRef<std::string> ExtraArgs, llvm::StringRef Root);

  /// The entry for \p Key when every file it depends on still has the
  /// content it had when it was stored; nullopt otherwise (missing, stale,
  /// or unreadable entries all count as misses).
  std::optional<CachedUnit> lookup(llvm::StringRef Key);

  /// Stores \p U under \p Key with the content hashes of \p Deps (every
  /// file the compiler read). Thread-safe.
  llvm::Error store(llvm::StringRef Key, const CachedUnit &U,
                    llvm::ArrayRef<std::string> Deps);

  const std::string &dir() const { return Dir; }

private:
  /// Content hash of \p Path, memoized for this run (a precompiled header
  /// or a shared header is hashed once); nullopt when unreadable.
  std::optional<uint64_t> contentHash(llvm::StringRef Path);

  std::string Dir;
  std::mutex Mutex;
  llvm::StringMap<uint64_t> Hashes;
};

} // namespace adopter::driver

#endif // ADOPTER_DRIVER_RECOVERYCACHE_H
