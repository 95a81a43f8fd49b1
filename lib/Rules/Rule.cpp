//===- Rule.cpp - Rules and kernel packs ----------------------------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/Rules/Rule.h"

namespace adopter::rules {

double Rule::benefitFor(const std::string &Target) const {
  auto It = Benefit.find(Target);
  return It == Benefit.end() ? 0.0 : It->second;
}

} // namespace adopter::rules
