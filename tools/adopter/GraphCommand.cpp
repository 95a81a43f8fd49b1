//===- GraphCommand.cpp - adopter graph -----------------------------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

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
  cl::opt<std::string> BuildPath(
      "p", cl::desc("Build directory holding compile_commands.json"),
      cl::value_desc("BUILD_DIR"), cl::cat(Cat));
  FormatOption Fmt(Cat);
  cl::opt<std::string> TorchDir(
      "torch-dir",
      cl::desc("LibTorch location, used when there are no compile flags"),
      cl::value_desc("DIR"), cl::cat(Cat));
  cl::opt<bool> Quiet("quiet", cl::desc("Do not print notes on stderr"),
                      cl::cat(Cat));
  cl::list<std::string> Files(cl::Positional, cl::desc("FILE..."),
                              cl::cat(Cat));
  cl::HideUnrelatedOptions(Cat);

  if (!parseSubcommandOptions(
          "adopter graph", Args,
          "print the torch::nn::Module classes of FILEs as the adopter DSL\n\n"
          "  adopter graph [-p BUILD_DIR] FILE... [-- COMPILER_ARGS]\n"))
    return ExitUsage;
  if (Files.empty()) {
    errs()
        << "adopter: error: no input files\n"
        << "usage: adopter graph [-p BUILD_DIR] FILE... [-- COMPILER_ARGS]\n";
    return ExitUsage;
  }
  std::optional<std::vector<std::string>> Dash;
  if (DashArgs)
    Dash = *DashArgs;
  auto Setup = driver::CompilationSetup::create(
      std::vector<std::string>(Files.begin(), Files.end()), BuildPath, Dash,
      TorchDir);
  if (!Setup) {
    errs() << "adopter: error: " << toString(Setup.takeError()) << "\n";
    return ExitUsage;
  }
  if (!Quiet)
    for (const std::string &N : Setup->Notes)
      errs() << "adopter: note: " << N << "\n";

  driver::RecoveryResult R = driver::GraphRecovery::run(*Setup);
  writeGraph(R.Graph, Fmt.Opt, outs());
  if (!Quiet)
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
