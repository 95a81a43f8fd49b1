//===- PatternInterpreter.h - Run a rule pattern with LibTorch --*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Executes one concrete variant of a rule's pattern (rules::Pattern, optional
// ops already expanded) with plain LibTorch ops: each node's chosen
// alternative is looked up in a table of normalized op names (`aten::add`,
// `aten::softmax`, `prim::getitem`, ...) or is a call of a bound submodule
// (`$fc(%x)`). This is how `adopter rules verify` obtains the reference
// result of a rule: from the pattern text itself, never from a second
// hand-written copy of the chain.
//
// Semantics follow ATen's schemas, with what a pattern leaves open (`...`)
// at ATen's defaults; dropout is the identity (verification runs in eval
// mode, where it is); `%w = prim::member()` reads the case's member tensor
// named `w` (a module's own parameter).
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_VERIFY_PATTERNINTERPRETER_H
#define ADOPTER_VERIFY_PATTERNINTERPRETER_H

#include "adopter/Rules/Pattern.h"
#include "llvm/Support/Error.h"

#include <ATen/core/ivalue.h>
#include <torch/nn/module.h>
#include <torch/nn/modules/container/any.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace adopter::verify {

/// A submodule bound to a pattern's module variable.
struct BoundModule {
  std::string Type; ///< `torch::nn::Linear`, as in the rule's `modules:`
  torch::nn::AnyModule Any;
  std::shared_ptr<torch::nn::Module> Ptr;
  /// A MultiheadAttention's attn_mask that the site passes after the
  /// operands its pattern names (`...`); undefined where none.
  at::Tensor AttnMask;
};

/// The module holder \p H bound as a module of type \p Type.
template <typename Holder>
BoundModule boundModule(const Holder &H, std::string Type) {
  BoundModule M;
  M.Type = std::move(Type);
  M.Ptr = H.ptr();
  M.Any = torch::nn::AnyModule(H);
  return M;
}

/// What a pattern runs on: values (`%x`), attributes (`$eps`), modules
/// (`$fc`) and members (`%gw = prim::member()` reads Members["gw"]), and
/// afterwards every value the pattern defined and the alternative each node
/// took.
struct Bindings {
  std::map<std::string, c10::IValue> Values;
  std::map<std::string, c10::IValue> Attrs;
  std::map<std::string, BoundModule> Modules;
  std::map<std::string, at::Tensor> Members;
  /// Floating values that are not differentiated (masks).
  std::vector<std::string> NoGrad;
  /// When positive, aten::dropout draws its mask with this probability, as
  /// in training (`adopter tune`); otherwise it is the identity, as in eval
  /// mode, where verification runs.
  double TrainDropout = 0;
  /// Result name -> op name (`aten::div`) or `$module` of the alternative
  /// that ran; filled by run().
  std::map<std::string, std::string> Chosen;

  bool hasAttr(const std::string &Name) const {
    auto It = Attrs.find(Name);
    return It != Attrs.end() && !It->second.isNone();
  }
};

class PatternInterpreter {
public:
  /// Runs \p P with alternative \p Choice[i] at node i (0 when Choice is
  /// shorter) on \p B, adding each node's result to B.Values. Returns the
  /// pattern's outputs, in `return` order.
  static llvm::Expected<std::vector<c10::IValue>>
  run(const rules::Pattern &P, const std::vector<unsigned> &Choice,
      Bindings &B);

  /// True when the interpreter knows \p Op.
  static bool knowsOp(const std::string &Op);
};

} // namespace adopter::verify

#endif // ADOPTER_VERIFY_PATTERNINTERPRETER_H
