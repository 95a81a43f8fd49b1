//===- ApplyCommand.cpp - adopter apply -----------------------------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "CommandSupport.h"
#include "Commands.h"
#include "adopter/Driver/GraphRecovery.h"
#include "adopter/Match/CheckEngine.h"
#include "adopter/Match/Selector.h"
#include "adopter/Rewrite/Applier.h"
#include "adopter/Rewrite/EditFormatter.h"
#include "adopter/Rewrite/UnifiedDiff.h"
#include "clang/Tooling/ReplacementsYaml.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/YAMLTraits.h"
#include "llvm/Support/raw_ostream.h"
#include <map>
#include <set>

using namespace llvm;

namespace adopter::tool {

namespace {
const char *ApplyUsage =
    "adopter apply [-p BUILD_DIR] [--rules PATH] [--packs LIST] "
    "[--target cpu|cuda] [-n] [--export-fixes=FILE] [--format] FILE... [-- "
    "COMPILER_ARGS]";

/// The findings' clang-apply-replacements YAML.
bool exportFixes(const std::string &Path, const std::string &MainFile,
                 const std::vector<clang::tooling::Replacement> &Edits) {
  clang::tooling::TranslationUnitReplacements TUR;
  TUR.MainSourceFile = MainFile;
  TUR.Replacements = Edits;
  std::error_code EC;
  raw_fd_ostream OS(Path, EC, sys::fs::OF_Text);
  if (EC) {
    errs() << "adopter: error: cannot write '" << Path << "': " << EC.message()
           << "\n";
    return false;
  }
  yaml::Output Y(OS);
  Y << TUR;
  return true;
}
} // namespace

int runApply(const std::vector<std::string> &Args,
             const std::vector<std::string> *DashArgs) {
  cl::ResetCommandLineParser();
  cl::OptionCategory Cat("adopter apply options");
  InputOptions In(Cat);
  RuleOptions RO(Cat);
  TargetOptions TO(Cat);
  ProfileOption PO(Cat);
  cl::opt<bool> DryRun("dry-run",
                       cl::desc("Print the changes as a unified diff and "
                                "write nothing"),
                       cl::cat(Cat));
  cl::alias DryRunShort("n", cl::desc("Alias for --dry-run"),
                        cl::aliasopt(DryRun), cl::cat(Cat));
  cl::opt<std::string> ExportFixes(
      "export-fixes",
      cl::desc("Write the edits as YAML for clang-apply-replacements "
               "instead of changing the files"),
      cl::value_desc("FILE"), cl::cat(Cat));
  cl::opt<bool> Format(
      "format",
      cl::desc("Lay out the changed lines with clang-format, in the style of "
               "the nearest .clang-format (LLVM without one); other lines "
               "keep their bytes"),
      cl::cat(Cat));
  cl::HideUnrelatedOptions(Cat);
  if (!parseSubcommandOptions(
          "adopter apply", Args,
          "rewrite the chains `adopter check` selects to use the fused "
          "kernels\n\n  adopter apply [-p BUILD_DIR] [--rules PATH] "
          "[--packs LIST] [--target T] [--profile FILE] [-n] "
          "[--export-fixes=FILE] [--format] "
          "FILE... "
          "[-- COMPILER_ARGS]\n"))
    return ExitUsage;
  if (!TO.validate())
    return ExitUsage;
  rules::RuleLoader Loader;
  if (!RO.load(Loader, In.Quiet) || Loader.hasErrors())
    return ExitUsage;
  if (Loader.rules().rules().empty()) {
    errs() << "adopter: error: no rules loaded\n";
    return ExitUsage;
  }
  if (!PO.load(TO))
    return ExitUsage;
  auto Setup = In.setup(DashArgs, ApplyUsage);
  if (!Setup)
    return ExitUsage;

  driver::RecoveryResult G = driver::GraphRecovery::run(*Setup);
  if (!G.FailedFiles.empty()) {
    for (const std::string &F : G.FailedFiles)
      errs() << "adopter: error: '" << displayPath(F)
             << "' did not compile; nothing was rewritten\n";
    return ExitParseError;
  }
  match::CheckOptions Opts = TO.engineOptions(RO.packList(), G.TorchVersion);
  Opts.Measured = PO.take();
  match::CheckEngine Engine(Loader.rules(), Opts);
  std::vector<match::Finding> Findings = Engine.run(G.Graph);
  // What is said about each finding, printed in the findings' order.
  std::map<const match::Finding *, std::string> Said;
  for (const match::Finding &F : Findings)
    if (!F.Selected && F.Fixable &&
        StringRef(F.Decision).starts_with("rejected: measured slower"))
      // Said, not silently skipped: the profile decided.
      Said[&F] = match::Finding::locText(F.Loc) + ": note: not rewritten: " +
                 StringRef(F.Decision).drop_front(strlen("rejected: ")).str() +
                 " [adopter-" + F.RuleId + "]\n";

  // A selected finding apply cannot write (its rule has no rewrite, its
  // synthesis refused, its result did not compile) is left out and the plan
  // chosen again, so that a candidate it overlapped can take its place
  // (act(bn(conv(x))) with a LeakyReLU slope conv_bn does not take still
  // gets act(conv_bn(x, ...))). Each round leaves out at least one more
  // finding, so this ends.
  std::map<size_t, std::pair<std::string, std::string>> Unwritable;
  SmallString<256> Cwd;
  sys::fs::current_path(Cwd);
  rewrite::ApplyResult R;
  for (;;) {
    bool More = false;
    std::vector<const match::Finding *> Selected;
    for (size_t I = 0; I < Findings.size(); ++I) {
      const match::Finding &F = Findings[I];
      if (!F.Selected)
        continue;
      if (!F.Fixable)
        More |= Unwritable.emplace(I, std::make_pair(F.Reason, "")).second;
      else
        Selected.push_back(&F);
    }
    R = rewrite::Applier::run(*Setup, Selected, std::string(Cwd));
    if (!R.Conflicts.empty())
      break;
    for (const rewrite::FindingOutcome &O : R.Outcomes)
      if (!O.Applied)
        More |= Unwritable
                    .emplace(static_cast<size_t>(O.F - Findings.data()),
                             std::make_pair(O.Reason, O.CompilerOutput))
                    .second;
    std::map<size_t, std::string> Why;
    for (const auto &[I, W] : Unwritable)
      Why[I] = "apply cannot write it: " + W.first;
    if (!More || !match::Selector::reselect(Findings, Why, Opts.T.Device))
      break;
  }
  if (!R.Conflicts.empty()) {
    for (const std::string &C : R.Conflicts)
      errs() << "adopter: error: conflicting edits: " << C << "\n";
    errs() << "adopter: nothing was rewritten\n";
    return ExitConflict;
  }
  unsigned Applied = 0;
  for (const rewrite::FindingOutcome &O : R.Outcomes) {
    if (!O.Applied)
      continue;
    ++Applied;
    Said[O.F] =
        match::Finding::locText(O.F->Loc) + ": note: " +
        (DryRun || !ExportFixes.empty() ? "would rewrite: " : "rewritten: ") +
        O.F->R->Summary + " [adopter-" + O.F->RuleId + "]\n";
  }
  for (const rewrite::UnusedSubmodule &D : R.Unused)
    Said[D.By] += D.Where + ": note: " +
                  (!D.KeptWhy.empty()               ? "kept"
                   : DryRun || !ExportFixes.empty() ? "would remove"
                                                    : "removed") +
                  " the submodule '" + D.Member + "' (" + D.Type +
                  "), which the rewrite leaves unused" +
                  (D.KeptWhy.empty() ? ": it holds no parameters or buffers"
                                     : ", because " + D.KeptWhy) +
                  " [adopter-" + D.By->RuleId + "]\n";
  // Candidates tried in turn for one site (three Linears among four on one
  // input) may fail alike: the same words at the same place are said once.
  std::set<std::string> Warned;
  for (const auto &[I, W] : Unwritable) {
    const match::Finding &F = Findings[I];
    std::string Text = match::Finding::locText(F.Loc) +
                       ": warning: not rewritten: " + W.first + " [adopter-" +
                       F.RuleId + "]\n" + W.second;
    if (Warned.insert(Text).second)
      Said[&F] = std::move(Text);
  }
  const unsigned NotApplied = Warned.size();
  for (const match::Finding &F : Findings)
    if (auto It = Said.find(&F); It != Said.end())
      outs() << It->second;

  if (Format)
    if (Error E = rewrite::EditFormatter::format(R.Changes, R.Edits)) {
      errs() << "adopter: error: " << toString(std::move(E))
             << "; nothing was rewritten\n";
      return ExitWriteError;
    }
  if (DryRun) {
    for (const auto &[Path, C] : R.Changes)
      outs() << rewrite::UnifiedDiff::diff(displayPath(Path), C.Old, C.New);
  } else if (!ExportFixes.empty()) {
    if (!exportFixes(ExportFixes,
                     Setup->Files.empty() ? "" : Setup->Files.front(), R.Edits))
      return ExitWriteError;
  } else if (Error E = rewrite::FileWriter::write(R.Changes)) {
    errs() << "adopter: error: " << toString(std::move(E))
           << "; nothing was rewritten\n";
    return ExitWriteError;
  }
  outs().flush();
  if (!In.Quiet) {
    errs() << "adopter: " << Applied << " rewrite" << (Applied == 1 ? "" : "s")
           << (DryRun || !ExportFixes.empty() ? " to apply" : " applied")
           << " in " << R.Changes.size() << " file"
           << (R.Changes.size() == 1 ? "" : "s") << ", " << NotApplied
           << " not rewritten\n";
    if (Applied && !DryRun && ExportFixes.empty())
      errs() << "adopter: note: the rewritten code uses adopter_kernels: "
                "link it with find_package(AdopterKernels) and "
                "target_link_libraries(<target> PRIVATE adopter::kernels)\n";
  }
  return NotApplied ? ExitFindings : ExitOk;
}

} // namespace adopter::tool
