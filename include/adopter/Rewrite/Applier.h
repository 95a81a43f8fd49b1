//===- Applier.h - From selected findings to checked file edits -*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Steps 4 and 5 of the pipeline for `adopter apply`: parses each
// translation unit again, synthesizes the edits of the selected findings
// (EditSynthesizer), merges them across translation units (an identical
// edit of a shared header counts once; two different edits of one place are
// a conflict), and compiles every translation unit with the edited files
// before anything is written. A finding whose edits do not compile is
// dropped with the compiler's messages; the others are kept.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_REWRITE_APPLIER_H
#define ADOPTER_REWRITE_APPLIER_H

#include "adopter/Driver/CompilationSetup.h"
#include "adopter/Match/Finding.h"
#include "adopter/Rewrite/FileWriter.h"
#include "clang/Tooling/Core/Replacement.h"
#include <map>
#include <string>
#include <vector>

namespace adopter::rewrite {

/// What became of one selected finding.
struct FindingOutcome {
  const match::Finding *F = nullptr;
  bool Applied = false;
  /// Why it was not applied (not expressible, or did not compile).
  std::string Reason;
  /// The compiler's messages when its edits did not compile.
  std::string CompilerOutput;
};

/// A submodule the applied findings left unused: removed with them, or
/// kept for a reason.
struct UnusedSubmodule {
  std::string Member;
  std::string Type;    ///< `torch::nn::GELU`, or the user's module class
  std::string Where;   ///< `file:line:col` of its declaration
  std::string KeptWhy; ///< "" when removed
  /// A finding whose rewrite took its calls away.
  const match::Finding *By = nullptr;
};

struct ApplyResult {
  std::vector<FindingOutcome> Outcomes;
  std::vector<UnusedSubmodule> Unused;
  /// Absolute path -> old and new contents, for the applied findings.
  std::map<std::string, FileChange> Changes;
  /// The merged edits of the applied findings (for --export-fixes).
  std::vector<clang::tooling::Replacement> Edits;
  /// Two findings whose edits overlap differently: nothing is applied.
  std::vector<std::string> Conflicts;
};

class Applier {
public:
  /// \p Root: the directory the findings' relative paths are relative to.
  static ApplyResult run(const driver::CompilationSetup &Setup,
                         const std::vector<const match::Finding *> &Selected,
                         const std::string &Root);

  /// True for an insertion of `#include` lines only.
  static bool isIncludeInsertion(const clang::tooling::Replacement &R);
  /// Two include insertions at one place as one: each line once, sorted.
  static clang::tooling::Replacement
  mergeIncludes(const clang::tooling::Replacement &A,
                const clang::tooling::Replacement &B);
};

} // namespace adopter::rewrite

#endif // ADOPTER_REWRITE_APPLIER_H
