//===- VerifyCases.h - Inputs on which rules are verified -------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// For each rule, the inputs `adopter rules verify` runs its pattern and its
// replacement on: random tensors of a spread of shapes (sizes not divisible
// by the vector width, batch 1, sequence length 1, long rows), module
// variables built with random options and weights, attribute values at
// their usual settings and at their bounds. Everything is made in float64;
// the verifier converts the kernel's copy.
//
// The data is chosen by rule id and by the pattern variant (an additive mask
// for `aten::add(%a, %mask)`, a boolean one for `masked_fill`); the
// computation itself always comes from the pattern (PatternInterpreter).
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_VERIFY_VERIFYCASES_H
#define ADOPTER_VERIFY_VERIFYCASES_H

#include "adopter/Rules/Rule.h"
#include "adopter/Verify/PatternInterpreter.h"

#include <string>
#include <vector>

namespace adopter::verify {

struct VerifyCase {
  std::string Label; ///< shapes and options, for messages
  Bindings In;       ///< float64 inputs
};

/// True when there are cases for rule \p RuleId.
bool hasCases(const std::string &RuleId);

/// The cases for one variant \p P of rule \p R with alternatives \p Choice;
/// \p Quick gives fewer, smaller ones. Deterministic for a given \p Seed.
std::vector<VerifyCase> makeCases(const rules::Rule &R, const rules::Pattern &P,
                                  const std::vector<unsigned> &Choice,
                                  bool Quick, uint64_t Seed);

/// The op of the alternative chosen for the node that consumes \p Var
/// first, or "" when none does.
/// The shape of attention's inputs: batch, heads, query and key lengths,
/// head size; ScoresOnly: the scores `s` [B, H, L, Lk] alone
/// (masked-softmax).
struct AttentionShape {
  int64_t B, H, L, Lk, D;
  bool ScoresOnly = false;
};

/// Attention inputs in \p B: q [B, H, L, D], kt (the transpose of a
/// [B, H, Lk, D] tensor: not contiguous), v [B, H, Lk, D] (batch and heads
/// flattened where the pattern uses bmm), the mask \p Blank ([L, Lk], true
/// = blanked) in the form the chosen alternatives consume (with \p Fill),
/// and the scale 1/sqrt(D) to multiply by or sqrt(D) to divide by. Returns
/// the op that consumes the mask ("" when none does).
std::string attentionInputs(Bindings &B, const rules::Pattern &P,
                            const std::vector<unsigned> &Choice,
                            const AttentionShape &Sh, const at::Tensor &Blank,
                            double Fill, const at::TensorOptions &Opts);

std::string consumerOp(const rules::Pattern &P,
                       const std::vector<unsigned> &Choice,
                       const std::string &Var);

} // namespace adopter::verify

#endif // ADOPTER_VERIFY_VERIFYCASES_H
