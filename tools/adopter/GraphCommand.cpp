//===- GraphCommand.cpp - adopter graph -----------------------------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "CommandSupport.h"
#include "Commands.h"
#include "GraphOutput.h"
#include "adopter/Driver/CompilationSetup.h"
#include "adopter/Driver/GraphRecovery.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace adopter::tool {

int runGraph(const std::vector<std::string> &Args,
             const std::vector<std::string> *DashArgs) {
  cl::ResetCommandLineParser();
  cl::OptionCategory Cat("adopter graph options");
  InputOptions In(Cat);
  FormatOption Fmt(Cat);
  RecoveryCliOptions RC(Cat);
  cl::HideUnrelatedOptions(Cat);

  if (!parseSubcommandOptions(
          "adopter graph", Args,
          "print the torch::nn::Module classes of FILEs as the adopter DSL\n\n"
          "  adopter graph [-p BUILD_DIR] FILE... [-- COMPILER_ARGS]\n"))
    return ExitUsage;
  auto Setup = In.setup(
      DashArgs, "adopter graph [-p BUILD_DIR] FILE... [-- COMPILER_ARGS]");
  if (!Setup)
    return ExitUsage;

  std::optional<driver::RecoveryCache> Cache;
  std::optional<driver::RecoveryOptions> RecOpts = RC.options(Cache);
  if (!RecOpts)
    return ExitUsage;
  driver::RecoveryResult R =
      driver::GraphRecovery::run(*Setup, nullptr, *RecOpts);
  writeGraph(R.Graph, Fmt.Opt, outs());
  if (!In.Quiet)
    for (const std::string &F : R.FilesWithoutModules)
      if (!R.FailedFiles.count(F))
        errs() << "adopter: note: no torch::nn::Module class found in '" << F
               << "'\n";
  if (!R.FailedFiles.empty()) {
    for (const std::string &F : R.FailedFiles)
      errs() << "adopter: error: '" << F
             << "' did not compile; the graph shows what did parse\n";
    return ExitParseError;
  }
  return ExitOk;
}

} // namespace adopter::tool
