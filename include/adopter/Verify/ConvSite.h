//===- ConvSite.h - A conv-bn site's modules and input for tune -*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// `adopter tune` measures conv-bn over the site's convolution: a Conv1d,
// Conv2d or Conv3d built from the options recovered from the source, the
// BatchNorm of the same rank after it, and a random batched input. Both
// sides run the same modules in training; the fused side calls
// adopter::ops::conv_bn over them, as the rewritten model does.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_VERIFY_CONVSITE_H
#define ADOPTER_VERIFY_CONVSITE_H

#include "adopter/Verify/PatternInterpreter.h"
#include "llvm/Support/Error.h"

#include <ATen/ATen.h>

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace adopter::verify {

struct ConvSite {
  /// The input the fused side runs on (a leaf; the pattern's `x` in the
  /// bindings is another copy of the same values).
  at::Tensor X;
  /// conv_bn over the bound modules, on X.
  std::function<std::vector<at::Tensor>()> Fused;
  /// `x [2, 3, 12, 10], Conv2d 3->16 k3x3 s2x2 p1x1, BatchNorm2d, aten::relu`
  std::string Shape;

  /// Binds `conv`, `bn` and `x` in \p B from the site's \p Dims:
  /// `conv.rank` (1 to 3), `conv.in`, `.out`, `.groups`, `.bias`, per
  /// spatial dimension i `conv.k<i>` (kernel), `.s<i>` (stride), `.d<i>`
  /// (dilation), `.p<i>` (padding; `conv.same` for torch::kSame) and the
  /// input's `batch` and `image.<i>`. \p LastOp is the activation the site
  /// applies after the BatchNorm ("" for none). Fails naming the first
  /// dimension missing.
  static llvm::Expected<ConvSite>
  build(const std::map<std::string, int64_t> &Dims, const std::string &LastOp,
        const at::TensorOptions &Opts, Bindings &B);
};

} // namespace adopter::verify

#endif // ADOPTER_VERIFY_CONVSITE_H
