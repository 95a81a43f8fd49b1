//===- RuleVerifier.h - adopter rules verify --------------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Verifies that a rule's replacement computes what its pattern computes. For
// every variant of the pattern (optional ops present or absent) and every
// combination of alternatives (`div | mul`, the mask spellings), on every
// case of VerifyCases: the pattern runs through PatternInterpreter in
// float64, the replacement (KernelAdapters) in the dtype under test on
// copies of the same inputs and weights; outputs, and the gradients of
// sum(output * G) for random G w.r.t. every floating input, member and
// module parameter, must agree within the dtype's tolerance.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_VERIFY_RULEVERIFIER_H
#define ADOPTER_VERIFY_RULEVERIFIER_H

#include "adopter/Rules/Rule.h"

#include <cstdint>
#include <string>
#include <vector>

namespace adopter::verify {

struct VerifyOptions {
  std::vector<std::string> DTypes = {"float32"}; ///< float32 | bfloat16
  bool Quick = false;
  uint64_t Seed = 1;
  /// Alternative combinations tried per variant; more are sampled evenly.
  unsigned MaxCombinations = 48;
  int TorchMajor = 0, TorchMinor = 0; ///< the LibTorch version linked
};

struct RuleResult {
  enum class Status {
    Verified,    ///< every check passed
    Mismatch,    ///< an output or gradient differs
    Unsupported, ///< no kernel adapter or cases: not verified
    Skipped,     ///< does not apply here (LibTorch version, dtype)
  };
  std::string Id;
  Status S = Status::Verified;
  std::string Message; ///< the first mismatch, or why it was not verified
  unsigned Variants = 0, Combinations = 0, Runs = 0;
  /// Largest error seen as a fraction of its tolerance (< 1 passes).
  double WorstOutput = 0, WorstGradient = 0;
};

class RuleVerifier {
public:
  explicit RuleVerifier(VerifyOptions O) : Opts(std::move(O)) {}
  RuleResult verify(const rules::Rule &R) const;

  /// Relative / absolute tolerance (times the reference's largest
  /// magnitude) for \p DType; gradients get GradFactor times more.
  static double tolerance(const std::string &DType);
  static constexpr double GradFactor = 5.0;

private:
  VerifyOptions Opts;
};

} // namespace adopter::verify

#endif // ADOPTER_VERIFY_RULEVERIFIER_H
