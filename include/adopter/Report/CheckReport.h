//===- CheckReport.h - What `adopter check` reports -------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// The input of the text, JSON and SARIF reporters: the files analysed, the
// findings with selection's decisions, and the per-module partition.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_REPORT_CHECKREPORT_H
#define ADOPTER_REPORT_CHECKREPORT_H

#include "adopter/DSL/Model.h"
#include "adopter/Match/Finding.h"
#include "adopter/Rules/Rule.h"
#include <string>
#include <vector>

namespace adopter::report {

struct FileStatus {
  std::string File;
  bool Parsed = true;
  std::vector<std::string> Errors;
};

/// One module's ops split among packs (selected findings) and LibTorch.
struct ModulePartition {
  std::string Module;
  unsigned TotalOps = 0;
  /// pack -> (rule id -> ops covered)
  std::vector<
      std::pair<std::string, std::vector<std::pair<std::string, unsigned>>>>
      Packs;
  unsigned LibTorchOps = 0;
};

struct CheckReport {
  std::vector<FileStatus> Files;
  std::vector<match::Finding> Findings;
  std::string Target;
  std::vector<const rules::Rule *> Rules; ///< the enabled rules

  /// Computes the partition of every module of \p G among the packs of the
  /// selected findings. An op counts in the module whose own method holds
  /// it (ops of inlined user modules count in those modules).
  static std::vector<ModulePartition>
  partition(const dsl::Graph &G, const std::vector<match::Finding> &F);
};

} // namespace adopter::report

#endif // ADOPTER_REPORT_CHECKREPORT_H
