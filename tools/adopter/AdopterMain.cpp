//===- AdopterMain.cpp - The adopter command-line tool --------------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// `adopter <command> [options] FILE... [-- COMPILER_ARGS]`
//
//===----------------------------------------------------------------------===//

#include "CommandSupport.h"
#include "Commands.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/raw_ostream.h"

using namespace adopter::tool;

bool adopter::tool::parseSubcommandOptions(const char *Name,
                                           const std::vector<std::string> &Args,
                                           const char *Overview) {
  std::vector<const char *> Argv = {Name};
  for (const std::string &A : Args)
    Argv.push_back(A.c_str());
  std::string Err;
  llvm::raw_string_ostream ErrOS(Err);
  if (llvm::cl::ParseCommandLineOptions(Argv.size(), Argv.data(), Overview,
                                        &ErrOS))
    return true;
  llvm::errs() << ErrOS.str();
  return false;
}

static void printUsage(llvm::raw_ostream &OS) {
  OS << "OVERVIEW: adopter - find chains of LibTorch ops that fused kernels "
        "can replace\n\n"
        "USAGE: adopter <command> [options] FILE... [-- COMPILER_ARGS]\n\n"
        "COMMANDS:\n"
        "  check    report the op chains that fused kernels can replace\n"
        "  apply    rewrite them to use the fused kernels (-n: show the diff)\n"
        "  tune     time each selected kernel against its ops at the site's "
        "shapes\n"
        "           and write a profile for --profile\n"
        "  rules    list, show, lint or verify the rules of the kernel packs\n"
        "  graph    print the recovered module architecture "
        "(--format=dsl|json|dot)\n"
        "  dsl      read a graph saved in the DSL, check it, print or convert "
        "it\n\n"
        "Run 'adopter <command> --help' for the options of a command.\n";
}

int main(int argc, char **argv) {
  llvm::InitLLVM X(argc, argv);
  Argv0 = argv[0];
  if (argc < 2) {
    printUsage(llvm::errs());
    return ExitUsage;
  }
  llvm::StringRef Cmd = argv[1];
  if (Cmd == "--help" || Cmd == "-h" || Cmd == "help") {
    printUsage(llvm::outs());
    return ExitOk;
  }
  if (Cmd == "--version") {
    llvm::outs() << "adopter version " ADOPTER_VERSION "\n";
    return ExitOk;
  }
  std::vector<std::string> Args;
  std::vector<std::string> Dash;
  bool HaveDash = false;
  for (int I = 2; I < argc; ++I) {
    if (!HaveDash && llvm::StringRef(argv[I]) == "--") {
      HaveDash = true;
      continue;
    }
    (HaveDash ? Dash : Args).push_back(argv[I]);
  }
  if (Cmd == "graph")
    return runGraph(Args, HaveDash ? &Dash : nullptr);
  if (Cmd == "check")
    return runCheck(Args, HaveDash ? &Dash : nullptr);
  if (Cmd == "apply")
    return runApply(Args, HaveDash ? &Dash : nullptr);
  if (Cmd == "tune")
    return runTune(Args, HaveDash ? &Dash : nullptr);
  if (Cmd == "rules") {
    if (HaveDash) {
      llvm::errs() << "adopter: error: 'adopter rules' takes no compiler "
                      "arguments after '--'\n";
      return ExitUsage;
    }
    return runRules(Args);
  }
  if (Cmd == "dsl") {
    if (HaveDash) {
      llvm::errs() << "adopter: error: 'adopter dsl' takes no compiler "
                      "arguments after '--'\n";
      return ExitUsage;
    }
    return runDsl(Args);
  }
  llvm::errs() << "adopter: error: unknown command '" << Cmd << "'";
  for (llvm::StringRef Known :
       {"check", "apply", "tune", "rules", "graph", "dsl"})
    if (Known.edit_distance(Cmd) <= 2) {
      llvm::errs() << "; did you mean '" << Known << "'?";
      break;
    }
  llvm::errs() << "\n";
  printUsage(llvm::errs());
  return ExitUsage;
}
