//===- SynthRun.cpp - A function's call over the chain's statements -------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// `rewrite: function`: the edits of a chain written as one call, checked
// against what the matched ops pass, and the statements of a chain over
// several (StatementRun), including an if-path split.
//
//===----------------------------------------------------------------------===//

#include "Synth.h"
#include "adopter/Rewrite/StatementRun.h"
#include "adopter/Rules/Rule.h"
#include <algorithm>
#include <map>

using namespace clang;

namespace adopter::rewrite::detail {

/// Why an op of \p F passes an argument that the matched pattern leaves to
/// `...` (and the replacement would drop), or "". The keyword arguments of
/// an op whose written operands after input `%v` the call carries (`%v...`)
/// go with them.
static std::string uncoveredArgument(const match::Finding &F,
                                     const std::string &Call) {
  if (F.Pattern >= F.R->Patterns.size())
    return "the matched pattern is unknown";
  const rules::Pattern &P = F.R->Patterns[F.Pattern];
  // The place among O's positional operands of the input whose following
  // operands the call carries, or -1.
  auto CarriesRest = [&](const match::FindingOp &O) -> int {
    // A module's call: its keyword arguments are the module's options, not
    // operands the call could carry; they travel with the module when the
    // call passes it (`@d`, the module computing %d).
    if (!O.Type.empty() || !O.Via.empty()) {
      for (const auto &[Var, V] : F.Values)
        if (V.isRef() &&
            std::find(O.Results.begin(), O.Results.end(), V.Text) !=
                O.Results.end() &&
            Call.find("@" + (Var[0] == '%' ? Var.substr(1) : Var)) !=
                std::string::npos)
          return static_cast<int>(O.Args.size());
      return -1;
    }
    int K = 0;
    for (const dsl::Arg &A : O.Args) {
      if (!A.Key.empty())
        continue;
      for (const auto &[Var, V] : F.Values)
        if (A.Val.isRef() && V.isRef() && V.Text == A.Val.Text) {
          std::string Name = Var[0] == '%' ? Var.substr(1) : Var;
          if (Call.find("%" + Name + "...") != std::string::npos)
            return K;
        }
      ++K;
    }
    return -1;
  };
  for (const match::FindingOp &O : F.Ops) {
    std::vector<dsl::Arg> Positional;
    for (const dsl::Arg &A : O.Args)
      if (A.Key.empty())
        Positional.push_back(A);
    // Carried: the keyword arguments and the positional ones after it, but
    // a tensor there is an input the pattern must name (ATen's positional
    // class weight), not an option to pass along.
    int Carried = CarriesRest(O);
    std::vector<dsl::Arg> Checked;
    for (size_t J = 0; J < Positional.size(); ++J)
      if (Carried < 0 || static_cast<int>(J) <= Carried ||
          Positional[J].Val.isRef())
        Checked.push_back(Positional[J]);
    if (P.covers(O.Op, O.Args) || (Carried >= 0 && P.covers(O.Op, Checked)))
      continue;
    // Name them: the keyword arguments not covered one by one (a module's
    // options among them), or the extra positional ones.
    std::string Which;
    if (!P.covers(O.Op, Positional))
      Which = "a positional argument beyond the pattern's";
    for (const dsl::Arg &A : O.Args) {
      if (A.Key.empty())
        continue;
      std::vector<dsl::Arg> One = Positional;
      One.push_back(A);
      if (P.covers(O.Op, One))
        continue;
      // A float as the rules write it (`0.2`, not %.17g).
      std::string V = A.Val.K == dsl::Value::Kind::Float ? valueKey(A.Val)
                                                         : cppLiteral(A.Val);
      Which += (Which.empty() ? "" : ", ") + A.Key + "=" +
               (V.empty() ? "`" + A.Val.Text + "`" : V);
    }
    return "'" + O.Op + "' at " + match::Finding::locText(O.Loc) +
           " passes an argument the replacement does not take" +
           (Which.empty() ? "" : " (" + Which + ")");
  }
  return "";
}

std::string Synth::optionalInputOf(const match::Finding &F, size_t I) const {
  for (const std::string &In : rep(F).OptionalInputs)
    for (auto [J, K] : consumers(F, In))
      if (J == I)
        return In;
  return "";
}

std::string Synth::runEdits(const match::Finding &F, const std::string &Call,
                            const std::string &New,
                            const std::vector<const Expr *> &Exprs,
                            const Expr *Root, SiteEdits &S) {
  // An in-place op whose result is dropped (`h.relu_();`) works through
  // its object, which the call would not.
  if (Index.standaloneStatement(Root))
    return "the chain's last op, at " + Index.where(Root->getExprLoc()) +
           ", is a statement of its own (it works in place); apply writes "
           "the call where the chain's result is used";
  // Ops under `if (C)` whose guard may go: the function takes an optional
  // input undefined and then skips what the op does with it, so the op's
  // input is passed as it is where C is its `.defined()`, and as
  // `C ? input : at::Tensor()` otherwise (StatementRun checks that C can be
  // evaluated at the chain's last op instead).
  std::map<const Expr *, std::string> Guards;
  GuardedInputs.clear();
  // Ops in one arm of the conditional the root's statement stores (an
  // if-path split, Arm): StatementRun checks the shape.
  for (size_t I = 0; I < F.Ops.size() && I < Exprs.size(); ++I) {
    const std::string &Cond = F.Ops[I].Condition;
    if (Cond.empty() || (Cond == Arm && contains(Root, Exprs[I])))
      continue;
    std::string Input = optionalInputOf(F, I);
    if (Input.empty() || Lifted.count(I))
      return "part of the chain runs only when '" + Cond +
             "'; apply splits if-paths only where the chain's last ops are "
             "on one path of a `c ? a : b` or an `if`/`else`";
    // Every op reading the input runs under the same condition.
    for (auto [J, K] : consumers(F, Input))
      if (J < F.Ops.size() && F.Ops[J].Condition != Cond)
        return "the chain's input %" + Input + " is read at " +
               match::Finding::locText(F.Ops[J].Loc) +
               (F.Ops[J].Condition.empty()
                    ? " on every path"
                    : " when '" + F.Ops[J].Condition + "'") +
               " and at " + match::Finding::locText(F.Ops[I].Loc) +
               " only when '" + Cond +
               "'; apply passes it to the replacement in one form";
    // Written as the source spells it: the graph inlines the project's
    // calls (`use_mask()` as `causal_ && heads_ > 1`), which may name what
    // the forward cannot see. (StatementRun checks that it is free of side
    // effects.)
    std::string Spelled = Cond;
    if (F.Ops[I].ConditionIfs.size() == 1)
      if (const IfStmt *If =
              Index.ifAround(Exprs[I], F.Ops[I].ConditionIfs[0].first,
                             F.Ops[I].ConditionIfs[0].second);
          If && !If->getElse() && !If->getConditionVariable() &&
          !inMacro(If->getCond()))
        Spelled = text(If->getCond()->getSourceRange());
    std::string Ignored;
    if (Spelled != inputText(F, Input, Exprs, Ignored) + ".defined()")
      GuardedInputs[Input] = Spelled;
    Guards[Exprs[I]] = Spelled;
  }
  std::vector<const Expr *> Read;
  std::string Why = callEdit(F, Call, New, Exprs, Root, S.Edits, &Read);
  GuardedInputs.clear();
  if (!Why.empty())
    return Why;
  // A chain over several statements: the ones before the root's go.
  StatementRun::Plan Run =
      StatementRun(Index).plan(Exprs, Root, Read, Why, Guards, Arm);
  if (!Why.empty())
    return Why;
  for (const Stmt *St : Run.Remove) {
    std::optional<Replacement> R = removeStatement(St);
    if (!R)
      return "the statement at " + Index.where(St->getBeginLoc()) +
             " is not in a file apply may edit";
    S.Edits.push_back(*R);
  }
  // The removed declaration written at the root's statement; the removed
  // value written in the arm the chain does not take.
  for (auto [Ref, Text] : {std::pair(Run.Redeclare, &Run.Declaration),
                           std::pair(Run.Inline, &Run.InlineValue)}) {
    if (!Ref)
      continue;
    std::optional<Replacement> R = replaceTokens(Ref->getSourceRange(), *Text);
    if (!R)
      return "'" + *Text + "' cannot be written at " +
             Index.where(Ref->getBeginLoc());
    S.Edits.push_back(*R);
  }
  return "";
}

SiteEdits Synth::functionChain(const match::Finding &F,
                               const std::vector<const Expr *> &Exprs,
                               const Expr *Root, SiteEdits S) {
  const rules::Replacement &Rep = rep(F);
  auto Fail = [&](std::string Why) {
    S.Edits.clear();
    S.Error = std::move(Why);
    return S;
  };
  // The chosen texts first: an op the rule refuses says why before
  // anything else, and the operands and modules they carry count as taken.
  std::string Why;
  const std::string Call = expandChoices(F, callOf(F), Exprs, Why);
  if (!Why.empty())
    return Fail(Why);
  Why = uncoveredArgument(F, Call);
  if (!Why.empty())
    return Fail(Why);
  Why = returnsTuple(F) ? tupleEdits(F, Call, Rep.Function, Exprs, S)
                        : chainEdits(F, Call, Rep.Function, Exprs, Root, S);
  if (!Why.empty())
    return Fail(Why);
  for (const std::string &H : Rep.Includes)
    if (auto Inc = include(H, Root->getBeginLoc()))
      S.Edits.push_back(*Inc);
  return S;
}

} // namespace adopter::rewrite::detail
