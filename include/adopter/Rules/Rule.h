//===- Rule.h - Rules and kernel packs --------------------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// A kernel pack (`rules/<pack>/pack.yaml`) and its rules
// (`rules/<pack>/<rule-id>.yaml`), as loaded by RuleLoader. The YAML schema
// is documented in rules/README.md.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_RULES_RULE_H
#define ADOPTER_RULES_RULE_H

#include "adopter/Rules/Constraint.h"
#include "adopter/Rules/Pattern.h"
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace adopter::rules {

/// Where an item was read from: a file and a 1-based line and column.
struct YamlLoc {
  std::string File;
  unsigned Line = 0, Col = 0;
};

/// The code a rule's rewrite writes (used by `adopter apply`).
struct Replacement {
  std::string Module;   ///< new submodule type: `adopter::nn::FusedLinearGELU`
  std::string Function; ///< or a function: `adopter::ops::fused_attention`
  std::string Options;  ///< options of the new module, from matched ones
  std::string Call;     ///< the call that replaces the chain
  /// One call per pattern (`calls:`), when the patterns need different
  /// calls (the tanh and erf forms of GELU); empty: `Call` for all.
  std::vector<std::string> Calls;
  std::vector<std::string> Includes;
  std::vector<std::string> Replaces; ///< module variables it replaces
  /// `replaces-callee:` with `rewrite: swap-module`, instead of `replaces`:
  /// the chain's ops after the first ones are the whole forward of a module
  /// of the project (LLaMA's RMSNorm) that the reporting class calls as a
  /// member; that member is retyped to `module`, built with these
  /// arguments: `size(%g)` the length of the module's 1-d parameter `%g`
  /// (registered with `torch::ones({n})`), `$v` the value bound to v (a
  /// member of the module set once from a constructor parameter, or a
  /// literal), each written as the construction passes it.
  std::vector<std::string> CalleeArgs;
  /// `otherwise:` with `rewrite: swap-module`: how apply writes a match the
  /// module swap does not cover (a functional `F::layer_norm` where
  /// `replaces` names no submodule, a norm written inline where
  /// `replaces-callee` finds no module): a replacement of its own, `rewrite:
  /// function`. Null: such a match is reported.
  std::shared_ptr<Replacement> Otherwise;
  /// `keeps-module: true`, in an `otherwise:`: its call passes the swapped
  /// module as it is (`*$fc`), so apply writes it too where the module
  /// cannot be retyped because it is called elsewhere.
  bool KeepsModule = false;
  /// `subclass: true`, with `rewrite: swap-module`: `module`'s impl derives
  /// from the impl of the module it replaces (adopter::nn::FusedLinearGELUImpl
  /// is a torch::nn::LinearImpl), so code that asks a module whether it is
  /// one (`as<torch::nn::Linear>()`) gets the same answer; apply retypes
  /// such a member too.
  bool Subclass = false;
  /// How `adopter apply` writes it (empty: apply cannot yet).
  /// `swap-module`: `module` is built with the same arguments as the one
  /// `$replaces` names and keeps its parameter names, so the member is
  /// retyped in place and the chain becomes `call`.
  /// `function`: the chain, one expression, becomes `call` (`{new}` the
  /// function, `%x` the source of each input, `$v` each bound argument,
  /// `%x...` the operands written after `%x` in the call that takes it,
  /// each after `, `: an options object the pattern leaves to `...`).
  /// `retype`: the chain is one construction (an optimizer); the type it
  /// constructs is spelled anew wherever the declaration spells it, as
  /// `Retype` maps it (`torch::optim::Adam` -> `adopter::optim::FusedAdam`).
  std::string Rewrite;
  /// `retype:`: the constructed type (the matched op's name) -> new type.
  std::map<std::string, std::string> Retype;
  /// Keyword arguments of the matched ops that the new module takes as
  /// extra constructor arguments, in order (`approximate` for GELU).
  std::vector<std::string> Arguments;
  /// `choose:`: the text of each `{name}` of the call, chosen by the op
  /// that computed a pattern value (which activation ends conv-bn), or by
  /// the literal value of a bound argument (log_softmax's dim).
  struct Choice {
    std::string Value;                       ///< the pattern value, no `%`
    std::map<std::string, std::string> ByOp; ///< the op -> its text
    std::string Absent; ///< the text when the optional op is absent
    bool HasAbsent = false;
    /// `refuse:` the ops for which apply writes nothing -> why.
    std::map<std::string, std::string> Refuse;
    /// Or: the bound argument (no `$`) and its value, as written in the
    /// rule (`1`, `-1`, `"tanh"`, `true`), -> its text.
    std::string Argument;
    std::map<std::string, std::string> ByValue;
  };
  std::map<std::string, Choice> Choose;
  /// `optional-inputs:` inputs (no `%`) the function takes undefined, and
  /// then skips what the chain does with them (attention's mask): apply
  /// may drop an `if (mask.defined())` around the op that takes one.
  std::vector<std::string> OptionalInputs;
  /// `pair:` for a chain whose intermediate value `PairKept` (the residual
  /// sum) is read again after the chain's result (a pre-norm block):
  /// `PairCall` returns (kept, result); apply writes it where the kept
  /// value was computed (`std::tie(x, x_<PairName>) = ...`) and the chain's
  /// result becomes the new variable. Empty: none.
  std::string PairCall;
  std::string PairKept; ///< the pattern value, no `%`
  std::string PairName; ///< suffix of the new variable's name
  /// `sequential:` a chain of a torch::nn::Sequential's elements is
  /// rewritten by passing the Sequential, where it is built, to this
  /// function (`adopter::nn::fuse_conv_bn`), which makes it run the chain's
  /// elements as one; with these headers. Empty: not rewritten there.
  std::string SequentialFunction;
  std::vector<std::string> SequentialIncludes;
  /// `tuple:` for a pattern that returns several values, the call returns a
  /// std::tuple of them, in order (fused-qkv's q, k, v; an LSTM's h', c');
  /// apply declares a local of this name holding it before the first
  /// statement computing one, and writes `std::get<i>(name)` in place of
  /// each. Empty: one result.
  std::string Tuple;
};

struct Example {
  std::string Before, After;
};

/// What a rule or pack needs of the target.
struct Requirements {
  std::vector<std::string> Targets; ///< empty: every target
  std::vector<std::string> Dtypes;  ///< empty: every dtype
  std::string Torch;                ///< `>=2.0`; empty: any version
};

struct Rule {
  std::string Id;
  std::string Pack;
  std::string Summary;
  std::string Explanation;
  /// Module variables: name -> accepted submodule types.
  std::map<std::string, std::vector<std::string>> Modules;
  /// The variants as written, and each with its optional ops expanded.
  std::vector<Pattern> Patterns;
  std::vector<Pattern> Expanded;
  /// For each of Expanded, the index in Patterns it comes from.
  std::vector<unsigned> ExpandedFrom;
  std::vector<std::unique_ptr<Constraint>> Constraints;
  std::vector<YamlLoc> ConstraintLocs;
  Replacement Replace;
  std::map<std::string, double> Benefit; ///< target -> estimated speed-up
  Requirements Requires;
  std::vector<Example> Examples;
  YamlLoc Loc;

  /// The benefit for \p Target, 0 when the rule does not name it.
  double benefitFor(const std::string &Target) const;
};

struct Pack {
  std::string Name;
  std::string Description;
  std::string Library;              ///< CMake target the rewrite links
  std::vector<std::string> Headers; ///< include directories/headers
  Requirements Requires;
  std::string Dir;
  std::vector<std::unique_ptr<Rule>> Rules;
  YamlLoc Loc;
};

} // namespace adopter::rules

#endif // ADOPTER_RULES_RULE_H
