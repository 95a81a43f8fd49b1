//===- DotWriter.h - Write the adopter DSL as Graphviz ----------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Writes a Graph as a Graphviz digraph: one cluster per module with its
// module tree (module -> member -> element), and inside it one cluster per
// method with the data flow between ops. Regions of if, loop and inline ops
// are nested clusters.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_DSL_DOTWRITER_H
#define ADOPTER_DSL_DOTWRITER_H

#include "adopter/DSL/Model.h"

#include "llvm/Support/raw_ostream.h"

namespace adopter::dsl {

/// Writes \p G as a `digraph` in the DOT language.
void writeDot(const Graph &G, llvm::raw_ostream &OS);

} // namespace adopter::dsl

#endif // ADOPTER_DSL_DOTWRITER_H
