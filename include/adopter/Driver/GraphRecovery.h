//===- GraphRecovery.h - Run the recovery over a set of files ---*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Parses each file with Clang (LibTooling) and recovers its modules into one
// dsl::Graph. A module class reached from several files (a shared header) is
// recovered once. Only user code is traversed: declarations from system
// headers and from a precompiled header are skipped, which keeps a run on a
// file that includes <torch/torch.h> through a PCH under a second.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_DRIVER_GRAPHRECOVERY_H
#define ADOPTER_DRIVER_GRAPHRECOVERY_H

#include "adopter/DSL/Model.h"
#include "adopter/Driver/CompilationSetup.h"
#include "adopter/Driver/RecoveryCache.h"
#include "clang/Lex/Preprocessor.h"
#include <functional>
#include <set>

namespace adopter::driver {

struct RecoveryResult {
  dsl::Graph Graph;
  /// Files whose compilation had errors (the graph holds what did parse).
  std::set<std::string> FailedFiles;
  /// Files with no module class at all.
  std::vector<std::string> FilesWithoutModules;
  /// `major.minor` of the LibTorch the files include (from
  /// TORCH_VERSION_MAJOR/MINOR), empty when they include none.
  std::string TorchVersion;
  /// Translation units read from the cache instead of parsed.
  unsigned CacheHits = 0;
};

struct RecoveryOptions {
  /// Translation units parsed at once (each on its own thread). Results are
  /// merged in the order of the files whatever the number.
  unsigned Jobs = 1;
  /// When set, graphs are read from and stored into it (RecoveryCache.h).
  RecoveryCache *Cache = nullptr;
};

/// Called before each file is parsed: its 1-based index, the total, the file.
using RecoveryProgress =
    std::function<void(size_t Index, size_t Total, const std::string &File)>;

class GraphRecovery {
public:
  static RecoveryResult run(const CompilationSetup &Setup,
                            RecoveryProgress Progress = nullptr,
                            const RecoveryOptions &Opts = {});

  /// `major.minor` of the LibTorch whose headers \p PP has read (from
  /// TORCH_VERSION_MAJOR/MINOR); empty when it has read none.
  static std::string torchVersion(const clang::Preprocessor &PP);
};

} // namespace adopter::driver

#endif // ADOPTER_DRIVER_GRAPHRECOVERY_H
