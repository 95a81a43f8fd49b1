//===- EquivalenceHarness.h - A bench model, built for checking -*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// bench/e2e/apply_models.py builds, for each model with a file
// bench/e2e/equivalence/<model>.cpp, two programs from the same driver
// (EquivalenceHarness.cpp) and that file: one over the model's original
// sources, one over `adopter apply`'s result (main.cpp left out). The
// original saves its state dict and what one train-mode and one eval-mode
// pass compute; the rewritten program loads that state dict, as a user's
// saved checkpoint, runs the same passes and compares.
//
// A model file defines adopter_equiv::make(): the model as the model's
// main builds it, and a forward that draws its inputs (from the seed the
// driver sets before each pass) and returns one floating-point tensor.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_BENCH_E2E_EQUIVALENCEHARNESS_H
#define ADOPTER_BENCH_E2E_EQUIVALENCEHARNESS_H

#include <torch/torch.h>

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace adopter_equiv {

struct Model {
  std::shared_ptr<torch::nn::Module> Module;
  /// One forward pass on inputs it draws itself.
  std::function<torch::Tensor()> Forward;
};

/// Defined by each bench/e2e/equivalence/<model>.cpp.
Model make();

/// Several modules a main trains together, as one whose children they are
/// (their state dicts then load and compare together).
inline std::shared_ptr<torch::nn::Module>
group(const std::vector<
      std::pair<std::string, std::shared_ptr<torch::nn::Module>>> &Parts) {
  auto Root = std::make_shared<torch::nn::Module>();
  for (const auto &P : Parts)
    Root->register_module(P.first, P.second);
  return Root;
}

} // namespace adopter_equiv

#endif // ADOPTER_BENCH_E2E_EQUIVALENCEHARNESS_H
