//===- FusedAdamW.h - Drop-in torch::optim::AdamW ---------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// An AdamW optimizer with the constructors, options (AdamWOptions), param
// groups and per-parameter state (AdamWParamState, under LibTorch's own state
// keys) of torch::optim::AdamW, so optimizer checkpoints move between the
// two in both directions, whose step() updates all parameters of a group in
// one fused, vectorized, multi-threaded sweep (decoupled weight decay). See
// FusedAdam.h.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_KERNELS_FUSEDADAMW_H
#define ADOPTER_KERNELS_FUSEDADAMW_H

#include <torch/optim/adamw.h>
#include <torch/optim/optimizer.h>

#include <vector>

namespace adopter::optim {

class FusedAdamW : public torch::optim::Optimizer {
public:
  explicit FusedAdamW(
      std::vector<torch::optim::OptimizerParamGroup> ParamGroups,
      torch::optim::AdamWOptions Defaults = {});
  explicit FusedAdamW(std::vector<torch::Tensor> Params,
                      torch::optim::AdamWOptions Defaults = {});

  /// One AdamW step of every parameter with a defined gradient; returns the
  /// closure's loss (evaluated with grad mode on) or an undefined tensor.
  torch::Tensor step(LossClosure Closure = nullptr) override;
  void save(torch::serialize::OutputArchive &Archive) const override;
  void load(torch::serialize::InputArchive &Archive) override;
};

} // namespace adopter::optim

#endif // ADOPTER_KERNELS_FUSEDADAMW_H
