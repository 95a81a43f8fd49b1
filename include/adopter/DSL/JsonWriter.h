//===- JsonWriter.h - Write the adopter DSL as JSON -------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Writes a Graph as pretty-printed JSON for other tools. The schema (version
// 1) is documented in docs/DSL.md.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_DSL_JSONWRITER_H
#define ADOPTER_DSL_JSONWRITER_H

#include "adopter/DSL/Model.h"

#include "llvm/Support/raw_ostream.h"

namespace adopter::dsl {

/// The version written in the "version" field.
constexpr int JsonSchemaVersion = 1;

/// Writes \p G as a JSON document indented by 2, followed by a newline.
void writeJson(const Graph &G, llvm::raw_ostream &OS);

} // namespace adopter::dsl

#endif // ADOPTER_DSL_JSONWRITER_H
