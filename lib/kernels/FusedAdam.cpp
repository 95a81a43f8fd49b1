//===- FusedAdam.cpp - Drop-in torch::optim::Adam -------------------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Constructors and checks as torch::optim::Adam; step() is fusedAdamStep
// (L2 weight decay added to the gradient); save / load use
// torch::optim::serialize with AdamParamState / AdamOptions, exactly as
// torch::optim::Adam does, so either optimizer loads the other's checkpoints.
//
//===----------------------------------------------------------------------===//

#include "adopter/kernels/FusedAdam.h"

#include "FusedAdamStep.h"

#include <ATen/core/ivalue.h>
#include <torch/optim/serialize.h>
#include <torch/serialize/archive.h>
#include <torch/utils.h>

#include <memory>
#include <utility>

namespace adopter::optim {

FusedAdam::FusedAdam(std::vector<torch::optim::OptimizerParamGroup> ParamGroups,
                     torch::optim::AdamOptions Defaults)
    : torch::optim::Optimizer(
          std::move(ParamGroups),
          std::make_unique<torch::optim::AdamOptions>(Defaults)) {
  kernels::checkAdamOptions("FusedAdam", Defaults.lr(), Defaults.eps(),
                            Defaults.betas(), Defaults.weight_decay());
}

FusedAdam::FusedAdam(std::vector<torch::Tensor> Params,
                     torch::optim::AdamOptions Defaults)
    : FusedAdam(
          std::vector<torch::optim::OptimizerParamGroup>{
              torch::optim::OptimizerParamGroup(std::move(Params))},
          Defaults) {}

torch::Tensor FusedAdam::step(LossClosure Closure) {
  torch::NoGradGuard NoGrad;
  torch::Tensor Loss;
  if (Closure) {
    at::AutoGradMode EnableGrad(true);
    Loss = Closure();
  }
  kernels::fusedAdamStep<torch::optim::AdamParamState,
                         torch::optim::AdamOptions>(*this, /*Decoupled=*/false,
                                                    "FusedAdam");
  return Loss;
}

void FusedAdam::save(torch::serialize::OutputArchive &Archive) const {
  torch::optim::serialize<torch::optim::AdamParamState,
                          torch::optim::AdamOptions>(Archive, *this);
}

void FusedAdam::load(torch::serialize::InputArchive &Archive) {
  c10::IValue Version;
  TORCH_CHECK(Archive.try_read("pytorch_version", Version),
              "FusedAdam::load: the archive has no \"pytorch_version\" entry: "
              "optimizer checkpoints in the pre-1.5 LibTorch format are not "
              "supported (load it into torch::optim::Adam and save it again)");
  torch::optim::serialize<torch::optim::AdamParamState,
                          torch::optim::AdamOptions>(Archive, *this);
}

} // namespace adopter::optim
