//===- DslCommand.cpp - adopter dsl ---------------------------------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// `adopter dsl [--format=dsl|json|dot] FILE.dsl`: reads a graph saved with
// `adopter graph`, checks it, and prints it again (or converts it).
//
//===----------------------------------------------------------------------===//

#include "Commands.h"
#include "GraphOutput.h"
#include "adopter/DSL/Parser.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace llvm;

namespace adopter::tool {

int runDsl(const std::vector<std::string> &Args) {
  cl::ResetCommandLineParser();
  cl::OptionCategory Cat("adopter dsl options");
  FormatOption Fmt(Cat);
  cl::opt<std::string> File(cl::Positional,
                            cl::desc("FILE.dsl ('-' for stdin)"), cl::Required,
                            cl::cat(Cat));
  cl::HideUnrelatedOptions(Cat);
  if (!parseSubcommandOptions(
          "adopter dsl", Args,
          "read a graph in the adopter DSL, check it and print it again\n"))
    return ExitUsage;
  auto Buf = MemoryBuffer::getFileOrSTDIN(File, /*IsText=*/true);
  if (!Buf) {
    errs() << "adopter: error: cannot read '" << File
           << "': " << Buf.getError().message() << "\n";
    return ExitUsage;
  }
  auto G =
      dsl::parseGraph((*Buf)->getBuffer(),
                      File == "-" ? std::string("<stdin>") : std::string(File));
  if (!G) {
    errs() << toString(G.takeError()) << "\n";
    return ExitUsage;
  }
  writeGraph(*G, Fmt.Opt, outs());
  return ExitOk;
}

} // namespace adopter::tool
