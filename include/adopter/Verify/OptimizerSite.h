//===- OptimizerSite.h - An optimizer site as adopter tune times it -*- C++
//-*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// optimizer-adam's site: torch::optim::Adam (or AdamW) and the fused
// optimizer apply swaps in, each over its own copy of the same parameters
// (the shapes of the model's parameters(), as adopter tune recovers them)
// with the same gradients, one step per call.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_VERIFY_OPTIMIZERSITE_H
#define ADOPTER_VERIFY_OPTIMIZERSITE_H

#include "llvm/Support/Error.h"

#include <torch/optim/optimizer.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace adopter::verify {

struct OptimizerSite {
  std::vector<at::Tensor> RefParams, FusedParams;
  std::unique_ptr<torch::optim::Optimizer> Ref, Fused;
  /// `Adam, 14 tensors in 5 shapes, 1.2M parameters, weight decay`
  std::string Shape;

  /// Builds both optimizers from the site's \p Dims: `adam.shapes` (K),
  /// per shape i `adam.s<i>.rank`, its sizes `adam.s<i>.<j>` and how many
  /// parameters have it, `adam.s<i>.count`; `adam.adamw` (AdamW rather
  /// than Adam) and `adam.decay` (a weight decay other than 0). Fails
  /// naming the first dimension missing.
  static llvm::Expected<std::unique_ptr<OptimizerSite>>
  build(const std::map<std::string, int64_t> &Dims,
        const at::TensorOptions &Opts);

  /// The largest difference between the two copies of the parameters.
  double difference() const;
};

} // namespace adopter::verify

#endif // ADOPTER_VERIFY_OPTIMIZERSITE_H
