//===- RuleReader.h - yaml-cpp boundary of the rule loader ------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// The only code that touches yaml-cpp. Every yaml-cpp exception is caught
// here and turned into a LoadDiagnostic.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_LIB_RULES_RULEREADER_H
#define ADOPTER_LIB_RULES_RULEREADER_H

#include "adopter/Rules/RuleLoader.h"

namespace adopter::rules {

class RuleReader {
public:
  /// Reads one file; false (with diagnostics) when it cannot be used.
  static bool readPack(const std::string &File, Pack &P,
                       std::vector<LoadDiagnostic> &Diags);
  static bool readRule(const std::string &File, Rule &R,
                       std::vector<LoadDiagnostic> &Diags);
};

} // namespace adopter::rules

#endif // ADOPTER_LIB_RULES_RULEREADER_H
