//===- CheckCommand.cpp - adopter check -----------------------------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "CommandSupport.h"
#include "Commands.h"
#include "adopter/Driver/GraphRecovery.h"
#include "adopter/Match/CheckEngine.h"
#include "adopter/Report/JsonReporter.h"
#include "adopter/Report/SarifReporter.h"
#include "adopter/Report/TextReporter.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace adopter::tool {

namespace {
enum class CheckFormat { Text, Json, Sarif };
const char *CheckUsage =
    "adopter check [-p BUILD_DIR] [--rules PATH] [--packs LIST] "
    "[--target cpu|cuda] [--format=text|json|sarif] [-j N] [--cache-dir DIR] "
    "FILE... [-- "
    "COMPILER_ARGS]";
} // namespace

int runCheck(const std::vector<std::string> &Args,
             const std::vector<std::string> *DashArgs) {
  cl::ResetCommandLineParser();
  cl::OptionCategory Cat("adopter check options");
  InputOptions In(Cat);
  RuleOptions RO(Cat);
  TargetOptions TO(Cat);
  RecoveryCliOptions RC(Cat);
  ProfileOption PO(Cat);
  cl::opt<CheckFormat> Format(
      "format", cl::desc("Output format"), cl::init(CheckFormat::Text),
      cl::values(
          clEnumValN(CheckFormat::Text, "text",
                     "compiler-style diagnostics (default)"),
          clEnumValN(CheckFormat::Json, "json", "JSON (schema in the README)"),
          clEnumValN(CheckFormat::Sarif, "sarif", "SARIF 2.1.0")),
      cl::cat(Cat));
  cl::opt<bool> Explain(
      "explain",
      cl::desc("Print every candidate with the reason it was chosen or "
               "rejected, and each module's partition among packs"),
      cl::cat(Cat));
  cl::opt<bool> Error("error", cl::desc("Exit with 1 when there are findings"),
                      cl::cat(Cat));
  cl::HideUnrelatedOptions(Cat);
  if (!parseSubcommandOptions(
          "adopter check", Args,
          "report the chains of LibTorch ops that fused kernels can "
          "replace\n\n  adopter check [-p BUILD_DIR] [--rules PATH] "
          "[--packs LIST] [--target T] FILE... [-- COMPILER_ARGS]\n"))
    return ExitUsage;
  if (!TO.validate())
    return ExitUsage;

  rules::RuleLoader Loader;
  if (!RO.load(Loader, In.Quiet))
    return ExitUsage;
  if (Loader.rules().rules().empty()) {
    errs() << "adopter: error: no rules loaded\n";
    return ExitUsage;
  }
  auto Setup = In.setup(DashArgs, CheckUsage);
  if (!Setup)
    return ExitUsage;

  if (!PO.load(TO))
    return ExitUsage;

  std::optional<driver::RecoveryCache> Cache;
  std::optional<driver::RecoveryOptions> RecOpts = RC.options(Cache);
  if (!RecOpts)
    return ExitUsage;

  bool Progress = Setup->Files.size() > 1 && errs().is_displayed() &&
                  Format == CheckFormat::Text;
  driver::RecoveryResult G = driver::GraphRecovery::run(
      *Setup,
      [&](size_t I, size_t N, const std::string &File) {
        if (Progress)
          errs() << "[" << I << "/" << N << "] " << displayPath(File) << "\n";
      },
      *RecOpts);

  match::CheckOptions Opts = TO.engineOptions(RO.packList(), G.TorchVersion);
  Opts.Measured = PO.take();
  match::CheckEngine Engine(Loader.rules(), Opts);

  report::CheckReport R;
  R.Target = TO.Target;
  R.Findings = Engine.run(G.Graph);
  for (const rules::Rule *Rule : Loader.rules().rules())
    if (Opts.Packs.empty() || std::find(Opts.Packs.begin(), Opts.Packs.end(),
                                        Rule->Pack) != Opts.Packs.end())
      R.Rules.push_back(Rule);
  for (const std::string &F : Setup->Files) {
    report::FileStatus S;
    S.File = displayPath(F);
    if (G.FailedFiles.count(F)) {
      S.Parsed = false;
      S.Errors.push_back("the file did not compile; findings cover what "
                         "did parse");
    }
    R.Files.push_back(S);
  }
  auto Parts = report::CheckReport::partition(G.Graph, R.Findings);
  switch (Format) {
  case CheckFormat::Text: {
    report::TextReporter::Options TxO;
    TxO.Explain = Explain;
    TxO.Color = outs().has_colors();
    report::TextReporter::write(R, Parts, TxO, outs());
    break;
  }
  case CheckFormat::Json:
    report::JsonReporter::write(R, Parts, outs());
    break;
  case CheckFormat::Sarif:
    report::SarifReporter::write(R, ADOPTER_VERSION, outs());
    break;
  }
  outs().flush();

  unsigned Selected = 0;
  for (const match::Finding &F : R.Findings)
    Selected += F.Selected;
  for (const std::string &F : G.FailedFiles)
    errs() << "adopter: error: '" << displayPath(F)
           << "' did not compile; findings cover what did parse\n";
  if (Setup->Files.size() > 1 && !In.Quiet)
    errs() << "adopter: " << Setup->Files.size() << " files, " << Selected
           << " finding" << (Selected == 1 ? "" : "s") << " ("
           << R.Findings.size() << " candidates), " << G.FailedFiles.size()
           << " did not compile"
           << (Cache ? ", " + std::to_string(G.CacheHits) + " from the cache"
                     : std::string())
           << "\n";
  if (!G.FailedFiles.empty())
    return ExitParseError;
  if (Loader.hasErrors())
    return ExitUsage;
  if (Error && Selected)
    return ExitFindings;
  return ExitOk;
}

} // namespace adopter::tool
