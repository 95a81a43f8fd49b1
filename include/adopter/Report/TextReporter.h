//===- TextReporter.h - Compiler-style output of adopter check --*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_REPORT_TEXTREPORTER_H
#define ADOPTER_REPORT_TEXTREPORTER_H

#include "adopter/Report/CheckReport.h"
#include "llvm/Support/raw_ostream.h"

namespace adopter::report {

/// A note of a finding: where, and what it says.
struct FindingNote {
  dsl::SourceLoc Loc;
  std::string Message;
};

class TextReporter {
public:
  struct Options {
    bool Explain = false; ///< every candidate with its decision; partitions
    bool Color = false;
  };

  /// `path:line:col: warning: message [adopter-rule]`, a caret line, and
  /// notes at the other ops of the chain, for the selected findings (all
  /// candidates with Explain).
  static void write(const CheckReport &R,
                    const std::vector<ModulePartition> &Parts,
                    const Options &Opts, llvm::raw_ostream &OS);

  /// The notes of \p F, in order: where the other ops of its chain are,
  /// the path condition an op runs under, and why it is not fixable. The
  /// clang-tidy checks attach the same notes.
  static std::vector<FindingNote> notes(const match::Finding &F);
};

} // namespace adopter::report

#endif // ADOPTER_REPORT_TEXTREPORTER_H
