//===- TuneShapes.h - The shapes adopter tune measures a site at -*- C++
//-*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// A selected finding's sizes, as `adopter tune` hands them to adopter-verify
// (`rows`, `fc.in`, `attn.seq`, ...): from the options recovered from the
// source, folded or computed with --define values, and from the command
// line where the source cannot say (--rows, --hidden, --image, --seq).
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_TOOLS_ADOPTER_TUNESHAPES_H
#define ADOPTER_TOOLS_ADOPTER_TUNESHAPES_H

#include "adopter/DSL/Model.h"
#include "adopter/Match/Finding.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace adopter::tool {

/// A selected finding with the sizes tune measures it at.
struct Site {
  const match::Finding *F;
  std::map<std::string, int64_t> Dims;
  std::string Missing;  ///< why the shapes are not known
  bool LeftOut = false; ///< by --only: not sent to be measured

  /// Keeps the first reason a shape is not known.
  void miss(const std::string &Why) {
    if (Missing.empty())
      Missing = Why;
  }
  /// \p What is not known: from the source, or because it uses the name
  /// \p Unknown, which --define gives.
  void need(const std::string &What, const std::string &Unknown) {
    miss(Unknown.empty()
             ? What + " is not known from the source"
             : What + " depends on '" + Unknown +
                   "': give its value with --define " + Unknown + "=N");
  }
  /// The pattern variable \p Var (`$fc` or `fc`) as the Dims keys spell it.
  static std::string dimPrefix(const std::string &Var) {
    return Var.substr(!Var.empty() && Var.front() == '$' ? 1 : 0);
  }
};

/// The input of a convolution (--batch, --image: one size, or one per
/// spatial dimension) and of attention (--seq, --heads).
struct InputSizes {
  int64_t Batch = 0;
  std::vector<int64_t> Image;
  int64_t Seq = 0, Heads = 0, HeadDim = 0;
};

/// The dimensions of finding \p F: rows from --rows; each bound Linear's
/// in/out features and bias; each bound Conv2d's options and its input
/// from --batch and --image; the hidden size from the Linear that produces
/// an input of the chain's first op, or from --hidden; attention's batch
/// (rows / seq), heads and head size (--head-dim, else hidden / heads) from
/// --seq and --heads, and masked-softmax's alike (the head size if known);
/// a cross-entropy's classes as the hidden size, and its dim; a
/// MultiheadAttention's options, its batch (rows / seq) and seq, and which
/// of q, k and v the site passes as one value.
Site shapes(const dsl::Graph &G, const match::Finding &F, int64_t Rows,
            std::optional<int64_t> Hidden, const InputSizes &Image,
            const std::map<std::string, int64_t> &Defs);

/// optimizer-adam's dimensions (see OptimizerSite): the shapes of the
/// parameters of the module whose parameters() the optimizer \p F builds
/// is over, through the graph, with --define values; or why they are not
/// known, in \p S.
void optimizerShapes(const dsl::Graph &G, const match::Finding &F,
                     const std::map<std::string, int64_t> &Defs, Site &S);

/// Integer arithmetic over C++ source text (`4 * config.n_embd`, `!wide`,
/// `depth > 0 && bias`, `(wide ? 20 : 10)`), with names from --define;
/// nullopt where a name is unknown (the first in \p Unknown) or the text
/// is not such an expression (\p Unknown left empty: `kind == "wide"`).
std::optional<int64_t> sizeOf(llvm::StringRef Text,
                              const std::map<std::string, int64_t> &Defs,
                              std::string &Unknown);

} // namespace adopter::tool

#endif // ADOPTER_TOOLS_ADOPTER_TUNESHAPES_H
