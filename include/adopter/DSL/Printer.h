//===- Printer.h - Print the adopter DSL as text ----------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// The printer is the normative definition of the DSL's text form (see
// docs/DSL.md). For every graph the parser accepts, printing is a fixed point:
// print(parse(print(G))) == print(G), and parse(print(G)) == G for any graph
// that respects the model's invariants (an If has two regions, a Loop and an
// Inline one, None values appear only as attributes, Idents are qualified
// identifiers).
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_DSL_PRINTER_H
#define ADOPTER_DSL_PRINTER_H

#include "adopter/DSL/Model.h"

#include "llvm/Support/raw_ostream.h"

#include <string>

namespace adopter::dsl {

/// Prints a value: `%x`, `-1`, `1e-05`, `true`, `"s"`, `aten::relu`,
/// `` `cfg.h * 4` ``, `[1, 2]`. A None value prints nothing.
void printValue(const Value &V, llvm::raw_ostream &OS);

/// Prints `@file:line:col` (the file quoted when needed). Prints nothing for
/// an invalid location.
void printLoc(const SourceLoc &Loc, llvm::raw_ostream &OS);

/// Prints an op and its regions, each line indented by \p Indent spaces and
/// terminated by a newline.
void printOp(const Op &O, llvm::raw_ostream &OS, unsigned Indent = 0);

/// Prints a member (and its elements) at \p Indent spaces.
void printSubmodule(const Submodule &S, llvm::raw_ostream &OS,
                    unsigned Indent = 2);

/// Prints a method header and body at \p Indent spaces.
void printMethod(const Method &M, llvm::raw_ostream &OS, unsigned Indent = 2);

/// Prints a module header followed by its members and methods.
void printModule(const Module &M, llvm::raw_ostream &OS);

/// Prints all modules, separated by one blank line.
void printGraph(const Graph &G, llvm::raw_ostream &OS);

std::string toString(const Graph &G);
std::string toString(const Op &O);
std::string toString(const Value &V);

/// The negation of a condition's source text: `!mask.defined()` for a
/// name, member or call chain, `!(p > 0)` otherwise.
std::string negatedCondition(const std::string &Cond);

} // namespace adopter::dsl

#endif // ADOPTER_DSL_PRINTER_H
