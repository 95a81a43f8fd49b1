//===- RuleReader.cpp - yaml-cpp boundary of the rule loader --------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "RuleReader.h"
#include "ReplacementReader.h"
#include "adopter/Rules/OpSignatures.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include <set>
#include <yaml-cpp/yaml.h>

using namespace llvm;

namespace adopter::rules {

namespace {

const std::vector<std::string> RuleKeys = {
    "id",      "summary",  "explanation", "modules",
    "pattern", "patterns", "constraints", "replacement",
    "benefit", "requires", "examples",    "notes"};
const std::vector<std::string> PackKeys = {"name", "description", "library",
                                           "headers", "requires"};
const std::vector<std::string> RequireKeys = {"targets", "dtypes", "torch"};
const std::vector<std::string> ExampleKeys = {"before", "after"};
const std::vector<std::string> Targets = {"cpu", "cuda"};
const std::vector<std::string> Dtypes = {"float32", "float16", "bfloat16",
                                         "float64"};

/// One rule or pack file being read: its text (to map block scalars to
/// lines) and the sections' semantics.
class Reader : public ReplacementReader {
public:
  using ReplacementReader::ReplacementReader;

  std::vector<std::string> Lines;
  void requirements(const YAML::Node &N, Requirements &R) {
    if (!checkKeys(N, RequireKeys, "'requires'"))
      return;
    if (N["targets"] && stringList(N["targets"], "targets", R.Targets))
      for (const std::string &T : R.Targets)
        if (std::find(Targets.begin(), Targets.end(), T) == Targets.end())
          error(loc(N["targets"]), "unknown target '" + T +
                                       "' (known: cpu, cuda)" +
                                       suggest(T, Targets));
    if (N["dtypes"] && stringList(N["dtypes"], "dtypes", R.Dtypes))
      for (const std::string &D : R.Dtypes)
        if (std::find(Dtypes.begin(), Dtypes.end(), D) == Dtypes.end())
          error(loc(N["dtypes"]),
                "unknown dtype '" + D +
                    "' (known: float32, float16, bfloat16, float64)" +
                    suggest(D, Dtypes));
    if (N["torch"]) {
      R.Torch = N["torch"].Scalar();
      StringRef T(R.Torch);
      if (!(T.starts_with(">=") || T.starts_with("<")))
        error(loc(N["torch"]),
              "'torch' must be a version bound like '>=2.0' or '<2.0'");
    }
  }

  /// The file position of line \p LineInText (1-based) of a block scalar
  /// whose indicator is at \p ScalarLoc.
  YamlLoc blockLoc(const YAML::Node &V, unsigned LineInText,
                   unsigned ColInText) const {
    YamlLoc L = loc(V);
    // A literal block (`|`) starts on the line after its indicator; a plain
    // or quoted scalar starts at its mark.
    bool Block =
        L.Line >= 1 && L.Line <= Lines.size() &&
        StringRef(Lines[L.Line - 1]).substr(L.Col - 1).starts_with("|");
    if (!Block)
      return {File, L.Line + LineInText - 1,
              (LineInText == 1 ? L.Col : 1) + ColInText - 1};
    unsigned FileLine = L.Line + LineInText;
    unsigned Indent = 0;
    if (FileLine >= 1 && FileLine <= Lines.size()) {
      StringRef Raw(Lines[FileLine - 1]);
      Indent = Raw.size() - Raw.ltrim(' ').size();
    }
    return {File, FileLine, Indent + ColInText};
  }

  void pattern(const YAML::Node &V, Rule &R) {
    if (!V.IsScalar()) {
      error(loc(V), "a pattern must be a string (use a '|' block)");
      return;
    }
    std::vector<PatternError> PErrs;
    Pattern P = parsePattern(V.Scalar(), PErrs);
    for (const PatternError &E : PErrs)
      error(blockLoc(V, E.Line, E.Col), E.Message);
    if (!PErrs.empty())
      return;
    // Op names and module variables.
    for (const PatternNode &N : P.Nodes)
      for (const PatternAlt &A : N.Alts) {
        YamlLoc AL = blockLoc(V, A.Line, A.Col);
        if (!A.ModuleVar.empty()) {
          if (!R.Modules.count(A.ModuleVar)) {
            std::vector<std::string> Names;
            for (const auto &M : R.Modules)
              Names.push_back(M.first);
            error(AL, "module variable '$" + A.ModuleVar +
                          "' is not declared under 'modules:'" +
                          suggest(A.ModuleVar, Names));
          }
          continue;
        }
        if (!StringRef(A.Op).contains("::")) {
          error(AL, "'" + A.Op + "' is not an op name: write `aten::" + A.Op +
                        "` for an op or `$" + A.Op +
                        "` for a submodule declared under 'modules:'");
          continue;
        }
        if (!OpSignatures::isKnownOp(A.Op)) {
          std::string C = closestMatch(A.Op, OpSignatures::knownOps());
          if (!C.empty())
            error(AL, "unknown op '" + A.Op + "'; did you mean '" + C + "'?");
          else
            warning(AL, "op '" + A.Op +
                            "' is not one adopter knows; the pattern matches "
                            "only where the graph has exactly this name");
        }
        for (const PatternArg &Arg : A.Args)
          if (!Arg.Key.empty() && OpSignatures::position(A.Op, Arg.Key) < 0 &&
              !OpSignatures::keyAt(A.Op, 0).empty())
            warning(AL, "'" + A.Op + "' has no parameter '" + Arg.Key +
                            "' in adopter's table; it matches only a keyword "
                            "argument or module option of that name");
      }
    R.Patterns.push_back(P);
    for (Pattern &E : P.expandOptionals()) {
      R.Expanded.push_back(std::move(E));
      R.ExpandedFrom.push_back(R.Patterns.size() - 1);
    }
  }

  void readRuleBody(const YAML::Node &Doc, Rule &R) {
    R.Loc = {File, 1, 1};
    checkKeys(Doc, RuleKeys, "a rule");
    scalar(Doc, "id", R.Id, true);
    if (Doc["id"])
      R.Loc = loc(Doc["id"]);
    StringRef Stem = sys::path::stem(File);
    if (!R.Id.empty() && R.Id != Stem)
      error(loc(Doc["id"]), "rule id '" + R.Id +
                                "' must equal the file name '" + Stem.str() +
                                ".yaml'");
    for (char C : R.Id)
      if (!(isAlnum(C) || C == '-')) {
        error(loc(Doc["id"]),
              "a rule id uses lowercase letters, digits and '-'");
        break;
      }
    scalar(Doc, "summary", R.Summary, true);
    scalar(Doc, "explanation", R.Explanation, true);
    if (YAML::Node M = Doc["modules"]) {
      if (!M.IsMap())
        error(loc(M), "'modules' maps a variable name to submodule types");
      else
        for (const auto &KV : M) {
          std::vector<std::string> Types;
          if (stringList(KV.second, "modules", Types))
            R.Modules[KV.first.Scalar()] = Types;
        }
    }
    YAML::Node P = Doc["pattern"], Ps = Doc["patterns"];
    if (P && Ps)
      error(loc(Ps), "use either 'pattern' or 'patterns', not both");
    else if (P)
      pattern(P, R);
    else if (Ps) {
      if (!Ps.IsSequence())
        error(loc(Ps), "'patterns' must be a list of patterns");
      else
        for (const auto &E : Ps)
          pattern(E, R);
    } else
      error(loc(Doc), "missing required key 'pattern'");
    // Module variables declared but never used.
    for (const auto &M : R.Modules) {
      bool Used = false;
      for (const Pattern &Pat : R.Patterns)
        for (const PatternNode &N : Pat.Nodes)
          for (const PatternAlt &A : N.Alts)
            Used |= A.ModuleVar == M.first;
      if (!Used && !R.Patterns.empty())
        warning(loc(Doc["modules"]),
                "module variable '$" + M.first + "' is not used by a pattern");
    }
    constraints(Doc["constraints"], R);
    // {$var} placeholders of the explanation.
    for (size_t P = R.Explanation.find("{$"); P != std::string::npos;
         P = R.Explanation.find("{$", P + 2)) {
      size_t E = R.Explanation.find('}', P);
      std::string Var = R.Explanation.substr(
          P + 2, E == std::string::npos ? std::string::npos : E - P - 2);
      bool Bound = R.Modules.count(Var) > 0;
      for (const Pattern &Pat : R.Patterns)
        for (const PatternNode &N : Pat.Nodes)
          for (const PatternAlt &A : N.Alts)
            for (const PatternArg &Arg : A.Args)
              Bound |= Arg.K == PatternArg::Kind::AttrVar && Arg.Name == Var;
      if (!Bound)
        warning(loc(Doc["explanation"]),
                "'{$" + Var +
                    "}' in the explanation names no module or argument "
                    "variable of the pattern; it is printed as written");
    }
    if (YAML::Node B = Doc["benefit"]) {
      if (checkKeys(B, Targets, "'benefit'"))
        for (const auto &KV : B) {
          double D = 0;
          if (!to_float(KV.second.Scalar(), D) || D <= 0)
            error(loc(KV.second), "a benefit is a positive number (the "
                                  "estimated speed-up of the chain)");
          else
            R.Benefit[KV.first.Scalar()] = D;
        }
    } else
      error(loc(Doc), "missing required key 'benefit'");
    if (YAML::Node Q = Doc["requires"])
      requirements(Q, R.Requires);
    if (YAML::Node Rep = Doc["replacement"])
      replacement(Rep, R);
    else
      error(loc(Doc), "missing required key 'replacement'");
    if (YAML::Node Ex = Doc["examples"]) {
      if (!Ex.IsSequence())
        error(loc(Ex), "'examples' must be a list of {before, after}");
      else
        for (const auto &E : Ex) {
          if (!checkKeys(E, ExampleKeys, "an example"))
            continue;
          Example X;
          scalar(E, "before", X.Before, true);
          scalar(E, "after", X.After, true);
          R.Examples.push_back(X);
        }
    }
  }

  void constraints(const YAML::Node &C, Rule &R) {
    if (!C)
      return;
    if (!C.IsSequence()) {
      error(loc(C), "'constraints' must be a list of expressions");
      return;
    }
    std::set<std::string> Vars;
    for (const Pattern &P : R.Patterns)
      for (const std::string &V : attrVars(P))
        Vars.insert(V);
    for (const auto &M : R.Modules)
      Vars.insert(M.first);
    Vars.insert("target");
    Vars.insert("dtype");
    for (const auto &E : C) {
      if (!E.IsScalar()) {
        error(loc(E), "a constraint is an expression string");
        continue;
      }
      std::string Err;
      unsigned Col = 0;
      auto Parsed = Constraint::parse(E.Scalar(), Err, Col);
      YamlLoc L = loc(E);
      if (!Parsed) {
        // Quoted scalars start one column before their text.
        bool Quoted = L.Line >= 1 && L.Line <= Lines.size() &&
                      L.Col <= Lines[L.Line - 1].size() &&
                      (Lines[L.Line - 1][L.Col - 1] == '"' ||
                       Lines[L.Line - 1][L.Col - 1] == '\'');
        error({File, L.Line, L.Col + Col - 1 + (Quoted ? 1 : 0)},
              "in constraint: " + Err);
        continue;
      }
      std::vector<std::string> Known(Vars.begin(), Vars.end());
      for (const std::string &V : Parsed->variables())
        if (!Vars.count(V))
          error(L, "constraint uses '$" + V + "', which no pattern binds" +
                       suggest(V, Known));
      R.Constraints.push_back(std::move(Parsed));
      R.ConstraintLocs.push_back(L);
    }
  }

  bool load(YAML::Node &Doc) {
    auto Buf = MemoryBuffer::getFile(File);
    if (!Buf) {
      error({File, 0, 0}, "cannot read: " + Buf.getError().message());
      return false;
    }
    SmallVector<StringRef, 64> Ls;
    (*Buf)->getBuffer().split(Ls, '\n');
    for (StringRef L : Ls)
      Lines.push_back(L.rtrim("\r").str());
    try {
      Doc = YAML::Load((*Buf)->getBuffer().str());
    } catch (const YAML::Exception &E) {
      exception(E, "invalid YAML: ");
      return false;
    }
    if (!Doc.IsMap()) {
      error({File, 1, 1}, "expected a YAML map");
      return false;
    }
    return true;
  }
};

} // namespace

/// Reads \p File with \p Body, turning any yaml-cpp exception into a
/// diagnostic; false when the file had errors.
template <typename Fn>
static bool guarded(const std::string &File, std::vector<LoadDiagnostic> &Diags,
                    const std::string &What, Fn Body) {
  Reader Rd(File, Diags);
  try {
    YAML::Node Doc;
    if (!Rd.load(Doc))
      return false;
    Body(Rd, Doc);
  } catch (const YAML::Exception &E) {
    Rd.exception(E, "invalid " + What + ": ");
  }
  return Rd.Errors == 0;
}

bool RuleReader::readPack(const std::string &File, Pack &P,
                          std::vector<LoadDiagnostic> &Diags) {
  return guarded(File, Diags, "pack", [&](Reader &Rd, YAML::Node &Doc) {
    Rd.checkKeys(Doc, PackKeys, "a pack");
    Rd.scalar(Doc, "name", P.Name, true);
    P.Loc = Doc["name"] ? Rd.loc(Doc["name"]) : YamlLoc{File, 1, 1};
    Rd.scalar(Doc, "description", P.Description, true);
    Rd.scalar(Doc, "library", P.Library, false);
    if (Doc["headers"])
      Rd.stringList(Doc["headers"], "headers", P.Headers);
    if (Doc["requires"])
      Rd.requirements(Doc["requires"], P.Requires);
  });
}

bool RuleReader::readRule(const std::string &File, Rule &R,
                          std::vector<LoadDiagnostic> &Diags) {
  return guarded(File, Diags, "rule",
                 [&](Reader &Rd, YAML::Node &Doc) { Rd.readRuleBody(Doc, R); });
}

} // namespace adopter::rules
