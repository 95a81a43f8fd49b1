//===- GraphOutput.h - The --format option shared by commands ---*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_TOOLS_GRAPHOUTPUT_H
#define ADOPTER_TOOLS_GRAPHOUTPUT_H

#include "adopter/DSL/DotWriter.h"
#include "adopter/DSL/JsonWriter.h"
#include "adopter/DSL/Printer.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"

namespace adopter::tool {

enum class GraphFormat { DSL, JSON, DOT };

/// `--format=dsl|json|dot`; declare one as a local of a command.
struct FormatOption {
  llvm::cl::opt<GraphFormat> Opt;
  explicit FormatOption(llvm::cl::OptionCategory &Cat)
      : Opt("format", llvm::cl::desc("Output format"),
            llvm::cl::init(GraphFormat::DSL),
            llvm::cl::values(
                clEnumValN(GraphFormat::DSL, "dsl",
                           "the adopter DSL (default)"),
                clEnumValN(GraphFormat::JSON, "json",
                           "JSON (schema in docs/DSL.md)"),
                clEnumValN(GraphFormat::DOT, "dot", "Graphviz DOT")),
            llvm::cl::cat(Cat)) {}
};

inline void writeGraph(const dsl::Graph &G, GraphFormat F,
                       llvm::raw_ostream &OS) {
  switch (F) {
  case GraphFormat::DSL:
    dsl::printGraph(G, OS);
    break;
  case GraphFormat::JSON:
    dsl::writeJson(G, OS);
    break;
  case GraphFormat::DOT:
    dsl::writeDot(G, OS);
    break;
  }
  OS.flush();
}

} // namespace adopter::tool

#endif // ADOPTER_TOOLS_GRAPHOUTPUT_H
