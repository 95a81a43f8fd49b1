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
};

} // namespace adopter::report

#endif // ADOPTER_REPORT_TEXTREPORTER_H
