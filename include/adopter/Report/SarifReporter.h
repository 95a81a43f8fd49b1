//===- SarifReporter.h - SARIF 2.1.0 output of adopter check ----*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_REPORT_SARIFREPORTER_H
#define ADOPTER_REPORT_SARIFREPORTER_H

#include "adopter/Report/CheckReport.h"
#include "llvm/Support/raw_ostream.h"

namespace adopter::report {

class SarifReporter {
public:
  /// One run of tool `adopter` with a reporting descriptor per enabled rule,
  /// one result per selected finding (the chain's other ops as related
  /// locations) and a notification per file that did not compile.
  static void write(const CheckReport &R, const std::string &ToolVersion,
                    llvm::raw_ostream &OS);
};

} // namespace adopter::report

#endif // ADOPTER_REPORT_SARIFREPORTER_H
