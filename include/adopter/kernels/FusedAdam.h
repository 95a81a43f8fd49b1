//===- FusedAdam.h - Drop-in torch::optim::Adam -----------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// An Adam optimizer with the constructors, options (AdamOptions), param
// groups and per-parameter state (AdamParamState, under LibTorch's own state
// keys) of torch::optim::Adam, so `torch::save(optimizer)` of either loads
// into the other, whose step() updates all parameters of a group in one
// sweep: per element, param / grad / exp_avg / exp_avg_sq are read once and
// written once (torch's Adam makes about ten passes), vectorized, threads
// over a flat list of (tensor, chunk) work items. float32 and bfloat16
// parameters (bfloat16 math in float, rounded on store; state kept in the
// parameter's dtype as torch does); other dtypes run torch's own sequence of
// ATen ops. amsgrad is supported. float32 CUDA parameters go to the
// multi-tensor CUDA kernel when the library is built against a CUDA-enabled
// LibTorch (FusedAdamCuda.cpp); otherwise a CUDA parameter is an error.
// Sparse gradients are an error, as in torch::optim::Adam.
//
// Also declares adopter::optim::FusedAdamW (FusedAdamW.h).
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_KERNELS_FUSEDADAM_H
#define ADOPTER_KERNELS_FUSEDADAM_H

#include "adopter/kernels/FusedAdamW.h"

#include <torch/optim/adam.h>
#include <torch/optim/optimizer.h>

#include <vector>

namespace adopter::optim {

class FusedAdam : public torch::optim::Optimizer {
public:
  explicit FusedAdam(std::vector<torch::optim::OptimizerParamGroup> ParamGroups,
                     torch::optim::AdamOptions Defaults = {});
  explicit FusedAdam(std::vector<torch::Tensor> Params,
                     torch::optim::AdamOptions Defaults = {});

  /// One Adam step (L2 weight decay added to the gradient) of every
  /// parameter with a defined gradient; returns the closure's loss
  /// (evaluated with grad mode on) or an undefined tensor.
  torch::Tensor step(LossClosure Closure = nullptr) override;
  void save(torch::serialize::OutputArchive &Archive) const override;
  void load(torch::serialize::InputArchive &Archive) override;
};

} // namespace adopter::optim

#endif // ADOPTER_KERNELS_FUSEDADAM_H
