//===- Parser.h - Parse the adopter DSL text form ---------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Parses the text printed by Printer.h back into a Graph. The parser is purely
// syntactic: it does not check that SSA values are defined before use or that
// op names are known. It never crashes or loops on malformed input; errors are
// reported as `BUFFER:line:col: error: REASON`.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_DSL_PARSER_H
#define ADOPTER_DSL_PARSER_H

#include "adopter/DSL/Model.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

namespace adopter::dsl {

/// Parses a whole DSL file. \p BufferName is used as the file name in error
/// messages. Returns the first error found.
llvm::Expected<Graph> parseGraph(llvm::StringRef Text,
                                 llvm::StringRef BufferName = "<dsl>");

} // namespace adopter::dsl

#endif // ADOPTER_DSL_PARSER_H
