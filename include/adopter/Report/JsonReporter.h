//===- JsonReporter.h - JSON output of adopter check ------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_REPORT_JSONREPORTER_H
#define ADOPTER_REPORT_JSONREPORTER_H

#include "adopter/Report/CheckReport.h"
#include "llvm/Support/raw_ostream.h"

namespace adopter::report {

class JsonReporter {
public:
  /// The `"version": 1` document described in the README: files, every
  /// candidate finding (selected or not) and the partition.
  static void write(const CheckReport &R,
                    const std::vector<ModulePartition> &Parts,
                    llvm::raw_ostream &OS);
};

} // namespace adopter::report

#endif // ADOPTER_REPORT_JSONREPORTER_H
