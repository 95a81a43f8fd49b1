//===- RulesCommand.cpp - adopter rules list | show | lint | verify -------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "CommandSupport.h"
#include "Commands.h"
#include "adopter/Rules/OpSignatures.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace adopter::tool {

namespace {

const char *RulesUsage =
    "usage: adopter rules list [--rules PATH] [--packs LIST]\n"
    "       adopter rules show ID [--rules PATH]\n"
    "       adopter rules lint [PATH...]\n"
    "       adopter rules verify [--rules PATH] [--packs LIST] [--dtype LIST] "
    "[--quick] [ID...]\n";

/// `adopter rules verify` is the program adopter-verify installed beside
/// adopter: it links LibTorch and the kernels, which the analysis does not.
int runVerify(const std::vector<std::string> &Args) {
  std::optional<std::string> Exe = verifyProgram("rules verify");
  if (!Exe)
    return ExitUsage;
  std::vector<StringRef> Argv{*Exe};
  for (const std::string &A : Args)
    Argv.push_back(A);
  std::string Err;
  int RC = sys::ExecuteAndWait(*Exe, Argv, std::nullopt, {}, 0, 0, &Err);
  if (RC < 0) {
    errs() << "adopter: error: could not run " << *Exe << ": " << Err << "\n";
    return ExitUsage;
  }
  return RC;
}

std::string benefits(const rules::Rule &R) {
  std::string S;
  for (const auto &KV : R.Benefit) {
    if (!S.empty())
      S += " ";
    S += KV.first + "=" + formatv("{0:F2}", KV.second).str();
  }
  return S;
}

void indented(raw_ostream &OS, StringRef Text, unsigned N) {
  SmallVector<StringRef, 8> Lines;
  Text.rtrim("\n").split(Lines, '\n');
  for (StringRef L : Lines)
    OS.indent(N) << L << "\n";
}

void showRule(const rules::Rule &R, raw_ostream &OS) {
  OS << R.Id << " (pack " << R.Pack << ", " << R.Loc.File << ")\n";
  OS << "  summary: " << R.Summary << "\n";
  OS << "  explanation: " << R.Explanation << "\n";
  if (!R.Modules.empty()) {
    OS << "  modules:\n";
    for (const auto &M : R.Modules)
      OS << "    $" << M.first << ": " << join(M.second, ", ") << "\n";
  }
  for (size_t I = 0; I < R.Patterns.size(); ++I) {
    OS << "  pattern";
    if (R.Patterns.size() > 1)
      OS << " " << I + 1 << " of " << R.Patterns.size();
    OS << ":\n";
    indented(OS, rules::printPattern(R.Patterns[I]), 4);
  }
  OS << "  variants after optional ops: " << R.Expanded.size() << "\n";
  if (!R.Constraints.empty()) {
    OS << "  constraints:\n";
    for (const auto &C : R.Constraints)
      OS << "    " << C->text() << "\n";
  }
  if (!R.Requires.Targets.empty() || !R.Requires.Dtypes.empty() ||
      !R.Requires.Torch.empty()) {
    OS << "  requires:";
    if (!R.Requires.Targets.empty())
      OS << " targets=" << join(R.Requires.Targets, ",");
    if (!R.Requires.Dtypes.empty())
      OS << " dtypes=" << join(R.Requires.Dtypes, ",");
    if (!R.Requires.Torch.empty())
      OS << " torch" << R.Requires.Torch;
    OS << "\n";
  }
  OS << "  benefit: " << benefits(R) << "\n";
  OS << "  replacement: "
     << (R.Replace.Module.empty() ? R.Replace.Function : R.Replace.Module);
  if (!R.Replace.Includes.empty())
    OS << " (#include <" << join(R.Replace.Includes, ">, <") << ">)";
  OS << "\n";
  for (const rules::Example &E : R.Examples) {
    OS << "  example, before:\n";
    indented(OS, E.Before, 4);
    OS << "  after:\n";
    indented(OS, E.After, 4);
  }
}

} // namespace

int runRules(const std::vector<std::string> &Args) {
  if (!Args.empty() && Args[0] == "verify")
    return runVerify(std::vector<std::string>(Args.begin() + 1, Args.end()));
  if (Args.empty() ||
      (Args[0] != "list" && Args[0] != "show" && Args[0] != "lint")) {
    if (!Args.empty() && (Args[0] == "--help" || Args[0] == "-h")) {
      outs() << RulesUsage;
      return ExitOk;
    }
    errs() << "adopter: error: "
           << (Args.empty() ? std::string("missing rules command")
                            : "unknown rules command '" + Args[0] + "'")
           << "\n"
           << RulesUsage;
    return ExitUsage;
  }
  std::string Sub = Args[0];
  std::vector<std::string> Rest(Args.begin() + 1, Args.end());
  cl::ResetCommandLineParser();
  cl::OptionCategory Cat("adopter rules options");
  RuleOptions RO(Cat);
  cl::list<std::string> Positional(cl::Positional, cl::desc("ID | PATH..."),
                                   cl::cat(Cat));
  cl::HideUnrelatedOptions(Cat);
  std::string Name = "adopter rules " + Sub;
  if (!parseSubcommandOptions(Name.c_str(), Rest, RulesUsage))
    return ExitUsage;

  rules::RuleLoader L;
  if (Sub == "lint") {
    // Lint the given paths only (the shipped packs when none are given).
    if (Positional.empty() && RO.Paths.empty()) {
      if (!RO.load(L, false))
        return ExitUsage;
    } else {
      for (const std::string &P : Positional)
        L.loadPath(P);
      for (const std::string &P : RO.Paths)
        L.loadPath(P);
      for (const rules::LoadDiagnostic &D : L.diagnostics())
        errs() << D.format() << "\n";
    }
    unsigned Errors = 0, Warnings = 0;
    for (const rules::LoadDiagnostic &D : L.diagnostics())
      (D.Severity == rules::LoadDiagnostic::Level::Error ? Errors : Warnings)++;
    // What every shipped rule needs beyond loading.
    for (const rules::Rule *R : L.rules().rules())
      if (R->Examples.empty()) {
        errs() << R->Loc.File << ":" << R->Loc.Line << ":" << R->Loc.Col
               << ": warning: rule '" << R->Id
               << "' has no 'examples' (before/after)\n";
        ++Warnings;
      }
    outs() << L.rules().Packs.size() << " pack"
           << (L.rules().Packs.size() == 1 ? "" : "s") << ", "
           << L.rules().rules().size() << " rules loaded; " << Errors
           << " error" << (Errors == 1 ? "" : "s") << ", " << Warnings
           << " warning" << (Warnings == 1 ? "" : "s") << "\n";
    return Errors ? ExitFindings : ExitOk;
  }

  if (!RO.load(L, true))
    return ExitUsage;
  std::vector<std::string> Packs = RO.packList();
  auto Enabled = [&](const rules::Rule &R) {
    return Packs.empty() ||
           std::find(Packs.begin(), Packs.end(), R.Pack) != Packs.end();
  };
  if (Sub == "list") {
    if (!Positional.empty()) {
      errs() << "adopter: error: 'rules list' takes no arguments\n"
             << RulesUsage;
      return ExitUsage;
    }
    for (const auto &P : L.rules().Packs) {
      bool Any = false;
      for (const auto &R : P->Rules)
        Any |= Enabled(*R);
      if (!Any)
        continue;
      outs() << "pack " << P->Name << ": " << P->Description << "\n";
      for (const auto &R : P->Rules)
        if (Enabled(*R))
          outs() << "  " << left_justify(R->Id, 24) << " "
                 << left_justify(benefits(*R), 20) << " " << R->Summary << "\n";
    }
    return L.hasErrors() ? ExitUsage : ExitOk;
  }
  // show
  if (Positional.size() != 1) {
    errs() << "adopter: error: 'rules show' takes one rule id\n" << RulesUsage;
    return ExitUsage;
  }
  const rules::Rule *R = L.rules().find(Positional[0]);
  if (!R) {
    errs() << "adopter: error: unknown rule '" << Positional[0] << "'";
    std::string C = rules::closestMatch(Positional[0], L.rules().ruleIds());
    if (!C.empty())
      errs() << "; did you mean '" << C << "'?";
    errs() << "\n";
    return ExitUsage;
  }
  showRule(*R, outs());
  return ExitOk;
}

} // namespace adopter::tool
