//===- ReplacementReader.h - The `replacement` section of a rule -*- C++
//-*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Reads and checks a rule's `replacement` map (RuleReader.cpp): the new
// module or function, its call(s), and how `adopter apply` writes it. A
// private header of lib/Rules, like YamlFileReader.h.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_LIB_RULES_REPLACEMENTREADER_H
#define ADOPTER_LIB_RULES_REPLACEMENTREADER_H

#include "YamlFileReader.h"
#include "adopter/Rules/Rule.h"
#include "llvm/ADT/StringExtras.h"
#include <set>

namespace adopter::rules {

class ReplacementReader : public YamlFileReader {
public:
  using YamlFileReader::YamlFileReader;

  inline static const std::vector<std::string> ReplacementKeys = {
      "module",    "function",     "options", "call",
      "include",   "replaces",     "rewrite", "arguments",
      "calls",     "retype",       "choose",  "optional-inputs",
      "pair",      "sequential",   "tuple",   "replaces-callee",
      "otherwise", "keeps-module", "subclass"};
  /// Reading the map of an `otherwise:`.
  bool InOtherwise = false;

  inline static const std::vector<std::string> ChoiceKeys = {
      "value", "ops", "absent", "argument", "values", "refuse"};

  /// The `replacement` map \p Rep of rule \p R (its patterns are read).
  void replacement(const YAML::Node &Rep, Rule &R) {
    if (checkKeys(Rep, ReplacementKeys, "'replacement'")) {
      scalar(Rep, "module", R.Replace.Module, false);
      scalar(Rep, "function", R.Replace.Function, false);
      scalar(Rep, "options", R.Replace.Options, false);
      scalar(Rep, "call", R.Replace.Call, false);
      if (Rep["include"])
        stringList(Rep["include"], "include", R.Replace.Includes);
      if (Rep["replaces"])
        stringList(Rep["replaces"], "replaces", R.Replace.Replaces);
      scalar(Rep, "rewrite", R.Replace.Rewrite, false);
      if (Rep["arguments"])
        stringList(Rep["arguments"], "arguments", R.Replace.Arguments);
      if (Rep["calls"]) {
        stringList(Rep["calls"], "calls", R.Replace.Calls);
        if (!R.Replace.Call.empty())
          error(loc(Rep["calls"]), "a replacement has 'call' or 'calls', "
                                   "not both");
        else if (R.Replace.Calls.size() != R.Patterns.size())
          error(loc(Rep["calls"]),
                "'calls' has " + std::to_string(R.Replace.Calls.size()) +
                    (R.Replace.Calls.size() == 1 ? " entry" : " entries") +
                    " for " + std::to_string(R.Patterns.size()) +
                    " patterns; give one call per pattern, in order");
      }
      if (YAML::Node T = Rep["retype"])
        retypeMap(T, R);
      if (YAML::Node C = Rep["choose"])
        chooseMap(C, R);
      if (YAML::Node O = Rep["optional-inputs"])
        optionalInputs(O, R);
      if (YAML::Node P = Rep["pair"])
        pairCall(P, R);
      if (YAML::Node Q = Rep["sequential"])
        sequentialFunction(Q, R);
      if (YAML::Node T = Rep["tuple"])
        tupleName(T, R);
      callPlaceholders(Rep, R);
      if (!R.Replace.Rewrite.empty() && R.Replace.Rewrite != "swap-module" &&
          R.Replace.Rewrite != "function" && R.Replace.Rewrite != "retype")
        error(loc(Rep["rewrite"]),
              "unknown rewrite '" + R.Replace.Rewrite +
                  "' (known: swap-module, function, retype)");
      else if (R.Replace.Rewrite == "retype" && R.Replace.Retype.empty())
        error(loc(Rep["rewrite"]), "'rewrite: retype' needs a 'retype' map "
                                   "from the constructed type to the new "
                                   "one");
      else if (Rep["retype"] && R.Replace.Rewrite != "retype")
        error(loc(Rep["retype"]), "'retype' is read only with 'rewrite: "
                                  "retype'");
      else if (R.Replace.Rewrite == "function" &&
               (R.Replace.Function.empty() ||
                (R.Replace.Call.empty() && R.Replace.Calls.empty())))
        error(loc(Rep["rewrite"]), "'rewrite: function' needs a 'function' "
                                   "and its 'call' (or 'calls')");
      else if (Rep["replaces-callee"])
        calleeArguments(Rep["replaces-callee"], R);
      else if (R.Replace.Rewrite == "swap-module" &&
               (R.Replace.Module.empty() || R.Replace.Replaces.size() != 1))
        error(loc(Rep["rewrite"]),
              "'rewrite: swap-module' needs a 'module' and exactly one "
              "module variable in 'replaces' (or 'replaces-callee')");
      else if (R.Replace.Rewrite != "swap-module" &&
               llvm::is_contained(R.Replace.Calls, ""))
        error(loc(Rep["calls"]), "an empty call (the call stays as "
                                 "written) is only for 'rewrite: "
                                 "swap-module'");
      if (YAML::Node O = Rep["otherwise"])
        otherwise(O, R);
      if (YAML::Node K = Rep["keeps-module"])
        keepsModule(K, R);
      if (YAML::Node K = Rep["subclass"])
        subclass(K, R);
      if (R.Replace.Module.empty() == R.Replace.Function.empty())
        error(loc(Rep), "a replacement names exactly one of 'module' and "
                        "'function'");
    }
  }

  /// `choose` entries already reported as wrong (their `{name}` in the call
  /// is not reported again).
  std::set<std::string> BrokenChoices;

  /// `retype: {torch::optim::Adam: adopter::optim::FusedAdam}`: each key
  /// an op of the pattern (the type it constructs), each value a type.
  void retypeMap(const YAML::Node &N, Rule &R) {
    if (!N.IsMap()) {
      error(loc(N), "'retype' must map each constructed type to its new "
                    "type");
      return;
    }
    for (const auto &KV : N) {
      if (!KV.first.IsScalar() || !KV.second.IsScalar() ||
          KV.second.Scalar().empty()) {
        error(loc(KV.first), "'retype' must map each constructed type to its "
                             "new type");
        continue;
      }
      const std::string &From = KV.first.Scalar();
      bool InPattern = false;
      for (const Pattern &Pat : R.Patterns)
        for (const PatternNode &Node : Pat.Nodes)
          for (const PatternAlt &A : Node.Alts)
            InPattern |= A.Op == From;
      if (!InPattern)
        error(loc(KV.first), "'retype' names '" + From +
                                 "', which no op of the pattern constructs");
      R.Replace.Retype[From] = KV.second.Scalar();
    }
  }

  /// `choose: {act: {value: "%y", ops: {aten::relu: "..."}, absent:
  /// "..."}}`: the value is a node's result; every op alternative of the
  /// node has its text, and an optional node has `absent`.
  void chooseMap(const YAML::Node &N, Rule &R) {
    if (!N.IsMap()) {
      error(loc(N), "'choose' must map each {name} of the call to a choice");
      return;
    }
    for (const auto &KV : N) {
      const std::string Name = KV.first.Scalar();
      const std::string What = "'choose." + Name + "'";
      BrokenChoices.insert(Name); // until it is stored
      if (!checkKeys(KV.second, ChoiceKeys, What))
        continue;
      Replacement::Choice C;
      if (KV.second["argument"] || KV.second["values"]) {
        if (argumentChoice(KV.second, What, R, C)) {
          R.Replace.Choose[Name] = std::move(C);
          BrokenChoices.erase(Name);
        }
        continue;
      }
      std::string Value;
      if (!scalar(KV.second, "value", Value, true))
        continue;
      if (Value.size() < 2 || Value[0] != '%') {
        error(loc(KV.second["value"]),
              What + "'s value must be a pattern value ('%y')");
        continue;
      }
      C.Value = Value.substr(1);
      // The node, in every pattern that defines it.
      std::set<std::string> Alts, ModuleTypes;
      bool Defined = false, Optional = false;
      for (const Pattern &Pat : R.Patterns) {
        int I = Pat.definingNode(C.Value);
        if (I < 0)
          continue;
        Defined = true;
        Optional |= Pat.Nodes[I].Optional;
        for (const PatternAlt &A : Pat.Nodes[I].Alts)
          if (!A.Op.empty())
            Alts.insert(A.Op);
          else if (auto M = R.Modules.find(A.ModuleVar); M != R.Modules.end())
            ModuleTypes.insert(M->second.begin(), M->second.end());
      }
      if (!Defined) {
        error(loc(KV.second["value"]),
              What + " chooses by '" + Value +
                  "', which no op of the pattern computes");
        continue;
      }
      YAML::Node Ops = KV.second["ops"];
      YAML::Node Refuse = KV.second["refuse"];
      if ((!Ops && !Refuse) || (Ops && !Ops.IsMap())) {
        error(loc(Ops ? Ops : KV.second),
              What + " needs 'ops', a map from each op that may compute '" +
                  Value + "' to its text");
        continue;
      }
      // A key may also name the stateless module type that computes one of
      // the ops (`torch::nn::Dropout` for `aten::dropout`), a type the
      // pattern's `$module(...)` call there admits, or an op's in-place
      // form (`aten::dropout_`): its text is taken when that computed it.
      auto Computes = [&](const std::string &Op) {
        return Alts.count(Op) || ModuleTypes.count(Op) ||
               Alts.count(OpSignatures::statelessModuleOp(Op)) ||
               (Op.size() > 1 && Op.back() == '_' &&
                Alts.count(Op.substr(0, Op.size() - 1)));
      };
      std::set<std::string> Given;
      // `refuse: {op: why}`: apply writes nothing when that op matched.
      if (Refuse && !Refuse.IsMap()) {
        error(loc(Refuse), What + "'s 'refuse' must map ops to the reason");
        continue;
      }
      for (const auto &O : Refuse ? Refuse : YAML::Node(YAML::NodeType::Map)) {
        const std::string Op = O.first.Scalar();
        Given.insert(Op);
        if (!Computes(Op))
          error(loc(O.first), What + " refuses '" + Op +
                                  "', which does not compute '" + Value + "'");
        else
          C.Refuse[Op] = O.second.Scalar();
      }
      for (const auto &O : Ops ? Ops : YAML::Node(YAML::NodeType::Map)) {
        const std::string Op = O.first.Scalar();
        Given.insert(Op);
        if (!O.second.IsScalar())
          error(loc(O.second),
                What + ": the text for '" + Op + "' must be a string");
        else if (!Computes(Op))
          error(loc(O.first), What + " gives a text for '" + Op +
                                  "', which does not compute '" + Value + "'");
        else
          C.ByOp[Op] = O.second.Scalar();
      }
      for (const std::string &A : Alts)
        if (!Given.count(A))
          error(loc(Ops), What + " gives no text for '" + A +
                              "', which may compute '" + Value + "'");
      if (KV.second["absent"]) {
        C.HasAbsent = scalar(KV.second, "absent", C.Absent, true);
        if (!Optional)
          error(loc(KV.second["absent"]),
                What + ": 'absent' is read only when the op computing '" +
                    Value + "' is optional");
      } else if (Optional)
        error(loc(KV.second), What +
                                  " needs 'absent', the text when the "
                                  "optional op computing '" +
                                  Value + "' is absent");
      R.Replace.Choose[Name] = std::move(C);
      BrokenChoices.erase(Name);
    }
  }

  /// `optional-inputs: ["%mask"]`: inputs of a function's patterns (used,
  /// not computed by one of their ops).
  void optionalInputs(const YAML::Node &N, Rule &R) {
    std::vector<std::string> Names;
    if (!stringList(N, "optional-inputs", Names))
      return;
    if (R.Replace.Rewrite != "function")
      error(loc(N), "'optional-inputs' is read only with 'rewrite: function'");
    for (const std::string &V : Names) {
      std::string Name = V.size() > 1 && V[0] == '%' ? V.substr(1) : "";
      bool Input = false;
      for (const Pattern &P : R.Patterns)
        for (const PatternNode &Node : P.Nodes)
          for (const PatternAlt &A : Node.Alts)
            for (const PatternArg &Arg : A.Args)
              Input |= Arg.K == PatternArg::Kind::ValueVar &&
                       Arg.Name == Name && P.definingNode(Name) < 0;
      if (!Input)
        error(loc(N), "'optional-inputs' names '" + V +
                          "', which is no input ('%x') of the patterns");
      else
        R.Replace.OptionalInputs.push_back(Name);
    }
  }

  /// `pair: {call, keeps: "%s", name}`: the call returning (kept, result).
  void pairCall(const YAML::Node &N, Rule &R) {
    static const std::vector<std::string> Keys = {"call", "keeps", "name"};
    if (!N.IsMap()) {
      error(loc(N), "'pair' must be a map of 'call', 'keeps' and 'name'");
      return;
    }
    if (!checkKeys(N, Keys, "'pair'"))
      return;
    std::string Kept;
    if (!scalar(N, "call", R.Replace.PairCall, true) ||
        !scalar(N, "keeps", Kept, true) ||
        !scalar(N, "name", R.Replace.PairName, true))
      return;
    std::string Name = Kept.size() > 1 && Kept[0] == '%' ? Kept.substr(1) : "";
    bool Returned = !Name.empty();
    for (const Pattern &P : R.Patterns)
      Returned &= P.definingNode(Name) >= 0 &&
                  llvm::is_contained(P.Outputs, Name) &&
                  P.Outputs.front() != Name;
    if (!Returned)
      error(loc(N["keeps"]), "'pair.keeps' must be a value that every "
                             "pattern computes and returns after its "
                             "result ('%s' in 'return %y, %s')");
    else
      R.Replace.PairKept = Name;
    if (!isIdentifier(R.Replace.PairName))
      error(loc(N["name"]), "'pair.name' must be an identifier (the new "
                            "variable is named <kept variable>_<name>)");
  }

  void sequentialFunction(const YAML::Node &N, Rule &R) {
    static const std::vector<std::string> Keys = {"function", "include"};
    if (!N.IsMap()) {
      error(loc(N), "'sequential' must be a map of 'function' and 'include'");
      return;
    }
    if (!checkKeys(N, Keys, "'sequential'") ||
        !scalar(N, "function", R.Replace.SequentialFunction, true))
      return;
    if (N["include"])
      stringList(N["include"], "include", R.Replace.SequentialIncludes);
    llvm::StringRef F(R.Replace.SequentialFunction);
    bool Qualified = !F.empty();
    for (llvm::StringRef Part : llvm::split(F, "::"))
      Qualified &= isIdentifier(Part.str());
    if (!Qualified)
      error(loc(N["function"]), "'sequential.function' must be a function's "
                                "qualified name (adopter::nn::fuse_conv_bn)");
    if (R.Replace.Rewrite != "function")
      error(loc(N), "'sequential' is read only with 'rewrite: function'");
  }

  /// `tuple: qkv`: for a pattern that returns several values, the call
  /// returns a std::tuple of them, in order, held in a local of that name.
  void tupleName(const YAML::Node &N, Rule &R) {
    if (!N.IsScalar() || !isIdentifier(N.Scalar())) {
      error(loc(N), "'tuple' must be an identifier (the local that holds "
                    "the call's results)");
      return;
    }
    R.Replace.Tuple = N.Scalar();
    bool Several = false;
    for (const Pattern &P : R.Patterns)
      Several |= P.Outputs.size() > 1;
    if (!Several)
      error(loc(N), "'tuple' needs a pattern that returns several values "
                    "('return %q, %k, %v'), one per element of the tuple");
    if (R.Replace.Rewrite != "function")
      error(loc(N), "'tuple' is read only with 'rewrite: function'");
    else if (!R.Replace.PairCall.empty())
      error(loc(N), "a replacement has 'pair' or 'tuple', not both");
  }

  /// `otherwise: {function: ..., call: ..., rewrite: function}`: a
  /// replacement map of its own, read as the rule's would be, only beside
  /// `rewrite: swap-module`, itself a `rewrite: function` with no
  /// `otherwise`.
  void otherwise(const YAML::Node &N, Rule &R) {
    if (R.Replace.Rewrite != "swap-module") {
      error(loc(N), "'otherwise' is read only with 'rewrite: swap-module' "
                    "(how apply writes a match the module swap does not "
                    "cover)");
      return;
    }
    if (!N.IsMap()) {
      error(loc(N), "'otherwise' is a replacement map ('function', 'call', "
                    "'rewrite: function', ...)");
      return;
    }
    Rule Alt;
    Alt.Id = R.Id;
    Alt.Modules = R.Modules;
    Alt.Patterns = R.Patterns;
    Alt.Expanded = R.Expanded;
    Alt.ExpandedFrom = R.ExpandedFrom;
    unsigned Before = Errors;
    InOtherwise = true;
    replacement(N, Alt);
    InOtherwise = false;
    if (Errors != Before)
      return;
    if (Alt.Replace.Rewrite != "function" || Alt.Replace.Otherwise)
      error(loc(N), "'otherwise' is a 'rewrite: function' replacement, "
                    "without an 'otherwise' of its own");
    else if (Alt.Replace.KeepsModule &&
             !llvm::all_of(R.Replace.Replaces, [&](const std::string &V) {
               return mentions(Alt.Replace, "$" + V);
             }))
      error(loc(N["keeps-module"]),
            "'keeps-module: true' needs a call that passes the module "
            "(each variable of 'replaces', as $" +
                (R.Replace.Replaces.empty() ? std::string("var")
                                            : R.Replace.Replaces[0]) +
                ")");
    else
      R.Replace.Otherwise =
          std::make_shared<Replacement>(std::move(Alt.Replace));
  }

  /// `keeps-module: true` in an `otherwise:` (checked there): the function
  /// takes the module as it is, so apply also writes it where the module
  /// cannot be retyped (it is called elsewhere too).
  void keepsModule(const YAML::Node &N, Rule &R) {
    if (!N.IsScalar() || (N.Scalar() != "true" && N.Scalar() != "false")) {
      error(loc(N), "'keeps-module' is true or false");
      return;
    }
    R.Replace.KeepsModule = N.Scalar() == "true";
    if (!InOtherwise)
      error(loc(N), "'keeps-module' is read only in an 'otherwise:' "
                    "replacement (a 'rewrite: function' that takes the "
                    "swapped module)");
  }

  /// `subclass: true`: the new module's impl derives from the replaced
  /// one's, so type tests (`as<torch::nn::Linear>()`) answer the same.
  void subclass(const YAML::Node &N, Rule &R) {
    if (!N.IsScalar() || (N.Scalar() != "true" && N.Scalar() != "false")) {
      error(loc(N), "'subclass' is true or false");
      return;
    }
    R.Replace.Subclass = N.Scalar() == "true";
    if (R.Replace.Rewrite != "swap-module" || R.Replace.Module.empty())
      error(loc(N), "'subclass' is read only with 'rewrite: swap-module' "
                    "(the new module derives from the one it replaces)");
  }

  /// The text of \p Needle in the call (or any of the calls) of \p Rep,
  /// or in a text its `choose` gives for an op.
  static bool mentions(const Replacement &Rep, const std::string &Needle) {
    auto In = [&](const std::string &C) {
      size_t P = C.find(Needle);
      return P != std::string::npos &&
             (P + Needle.size() == C.size() ||
              !(isalnum(C[P + Needle.size()]) || C[P + Needle.size()] == '_'));
    };
    return In(Rep.Call) || llvm::any_of(Rep.Calls, In) ||
           llvm::any_of(Rep.Choose, [&](const auto &C) {
             return llvm::any_of(C.second.ByOp,
                                 [&](const auto &T) { return In(T.second); });
           });
  }

  /// `replaces-callee: [size(%g), $eps]`: only with `rewrite: swap-module`
  /// and a `module`, not with `replaces`; each entry `size(%v)` (%v a value
  /// every pattern defines) or `$v` (bound by every pattern).
  void calleeArguments(const YAML::Node &N, Rule &R) {
    if (!stringList(N, "replaces-callee", R.Replace.CalleeArgs))
      return;
    if (R.Replace.Rewrite != "swap-module" || R.Replace.Module.empty() ||
        !R.Replace.Replaces.empty()) {
      error(loc(N), "'replaces-callee' is read only with 'rewrite: "
                    "swap-module', a 'module' and no 'replaces'");
      return;
    }
    if (R.Replace.CalleeArgs.empty())
      error(loc(N), "'replaces-callee' lists the new module's constructor "
                    "arguments: 'size(%v)' or '$v'");
    for (size_t K = 0; K < R.Replace.CalleeArgs.size(); ++K) {
      const std::string &A = R.Replace.CalleeArgs[K];
      YAML::Node At = N.IsSequence() ? N[K] : N;
      llvm::StringRef S(A);
      bool Size = S.consume_front("size(%") && S.consume_back(")");
      bool Attr = !Size && S.consume_front("$");
      if ((!Size && !Attr) || !isIdentifier(S)) {
        error(loc(At), "'replaces-callee' entry '" + A +
                           "' is neither 'size(%v)' nor '$v'");
        continue;
      }
      for (const Pattern &Pat : R.Patterns)
        if (Size ? Pat.definingNode(S.str()) < 0
                 : !attrVars(Pat).count(S.str())) {
          error(loc(At), "'replaces-callee' entry '" + A + "' names " +
                             (Size ? "a value" : "an argument") +
                             " that a pattern does not " +
                             (Size ? "define" : "bind"));
          break;
        }
    }
  }

  /// The argument variables (`$eps`) pattern \p P binds.
  static std::set<std::string> attrVars(const Pattern &P) {
    std::set<std::string> Vars;
    for (const PatternNode &N : P.Nodes)
      for (const PatternAlt &A : N.Alts)
        for (const PatternArg &Arg : A.Args)
          if (Arg.K == PatternArg::Kind::AttrVar)
            Vars.insert(Arg.Name);
    return Vars;
  }

  /// `{dim: {argument: "$dim", values: {"1": "", "-1": ", -1"}}}`: the
  /// argument is bound by every pattern; the text is chosen by its value.
  bool argumentChoice(const YAML::Node &N, const std::string &What,
                      const Rule &R, Replacement::Choice &C) {
    for (const char *Other : {"value", "ops", "absent", "refuse"})
      if (N[Other]) {
        error(loc(N[Other]), What +
                                 " chooses by 'argument' or by 'value', "
                                 "not both ('" +
                                 Other + "' is of the latter)");
        return false;
      }
    std::string Arg;
    if (!scalar(N, "argument", Arg, true))
      return false;
    if (Arg.size() < 2 || Arg[0] != '$') {
      error(loc(N["argument"]),
            What + "'s argument must be a bound argument ('$dim')");
      return false;
    }
    C.Argument = Arg.substr(1);
    for (const Pattern &Pat : R.Patterns)
      if (!attrVars(Pat).count(C.Argument)) {
        error(loc(N["argument"]), What + " chooses by '" + Arg +
                                      "', which a pattern does not bind");
        return false;
      }
    YAML::Node Values = N["values"];
    if (!Values || !Values.IsMap() || Values.size() == 0) {
      error(loc(Values ? Values : N),
            What + " needs 'values', a map from each value of '" + Arg +
                "' to its text");
      return false;
    }
    for (const auto &V : Values) {
      if (!V.second.IsScalar()) {
        error(loc(V.second), What + ": the text for " + Arg + " = " +
                                 V.first.Scalar() + " must be a string");
        return false;
      }
      C.ByValue[V.first.Scalar()] = V.second.Scalar();
    }
    return true;
  }

  static bool isIdentifier(llvm::StringRef N) {
    return !N.empty() && !llvm::isDigit(N[0]) &&
           llvm::all_of(N, [](char C) { return llvm::isAlnum(C) || C == '_'; });
  }

  /// Each `{name}` of the calls is {new} or a `choose` entry, and each
  /// entry is used.
  void callPlaceholders(const YAML::Node &Rep, const Rule &R) {
    std::vector<std::string> Calls = R.Replace.Calls;
    for (const std::string *C : {&R.Replace.Call, &R.Replace.PairCall})
      if (!C->empty())
        Calls.push_back(*C);
    std::set<std::string> Used;
    for (const std::string &C : Calls)
      for (size_t B = C.find('{'); B != std::string::npos;
           B = C.find('{', B + 1)) {
        size_t E = C.find('}', B);
        if (E == std::string::npos)
          break;
        std::string Name = C.substr(B + 1, E - B - 1);
        // `{%x.size(-1)}` is C++ (a braced list), not a placeholder.
        if (Name == "new" || !isIdentifier(Name))
          continue;
        Used.insert(Name);
        if (!R.Replace.Choose.count(Name) && !BrokenChoices.count(Name))
          error(loc(Rep[Rep["call"] ? "call" : "calls"]),
                "'{" + Name +
                    "}' in the call is neither {new} nor a "
                    "'choose' entry");
      }
    for (const auto &KV : R.Replace.Choose)
      if (!Used.count(KV.first))
        error(loc(Rep["choose"]), "'choose." + KV.first +
                                      "' is not used: no call has '{" +
                                      KV.first + "}'");
  }
};

} // namespace adopter::rules

#endif // ADOPTER_LIB_RULES_REPLACEMENTREADER_H
