//===- CalleeBody.h - A call's callee body from another unit ---*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// A method defined in another translation unit (`model->forward(x)` in
// main.cpp, `Model::forward` in model.cpp) is a plain call in the caller's
// graph, marked {reason="no definition"}. The merged graph of all units has
// the method's body; this builds the inline op the caller would have had.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_MATCH_CALLEEBODY_H
#define ADOPTER_MATCH_CALLEEBODY_H

#include "adopter/DSL/Model.h"
#include <optional>
#include <string>

namespace adopter::match {

/// For a call \p Call of a submodule's method with no definition in its
/// unit, whose module and method \p G holds: an inline op with the callee's
/// body, its values renamed with \p Prefix, its parameters replaced by the
/// call's arguments, its submodule paths made relative to the caller, and
/// its returns turned into a yield (several values for a tuple). Otherwise
/// nothing.
std::optional<dsl::Op> calleeBody(const dsl::Graph &G, const dsl::Op &Call,
                                  const std::string &Prefix);

} // namespace adopter::match

#endif // ADOPTER_MATCH_CALLEEBODY_H
