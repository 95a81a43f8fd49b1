//===- FusedAdamW.cpp - Drop-in torch::optim::AdamW -----------------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Constructors and checks as torch::optim::AdamW; step() is fusedAdamStep
// (decoupled weight decay); save / load use torch::optim::serialize with
// AdamWParamState / AdamWOptions, exactly as torch::optim::AdamW does, so
// either optimizer loads the other's checkpoints.
//
//===----------------------------------------------------------------------===//

#include "adopter/kernels/FusedAdamW.h"

#include "FusedAdamStep.h"

#include <ATen/core/ivalue.h>
#include <torch/optim/serialize.h>
#include <torch/serialize/archive.h>
#include <torch/utils.h>

#include <memory>
#include <utility>

namespace adopter::optim {

FusedAdamW::FusedAdamW(
    std::vector<torch::optim::OptimizerParamGroup> ParamGroups,
    torch::optim::AdamWOptions Defaults)
    : torch::optim::Optimizer(
          std::move(ParamGroups),
          std::make_unique<torch::optim::AdamWOptions>(Defaults)) {
  kernels::checkAdamOptions("FusedAdamW", Defaults.lr(), Defaults.eps(),
                            Defaults.betas(), Defaults.weight_decay());
}

FusedAdamW::FusedAdamW(std::vector<torch::Tensor> Params,
                       torch::optim::AdamWOptions Defaults)
    : FusedAdamW(
          std::vector<torch::optim::OptimizerParamGroup>{
              torch::optim::OptimizerParamGroup(std::move(Params))},
          Defaults) {}

torch::Tensor FusedAdamW::step(LossClosure Closure) {
  torch::NoGradGuard NoGrad;
  torch::Tensor Loss;
  if (Closure) {
    at::AutoGradMode EnableGrad(true);
    Loss = Closure();
  }
  kernels::fusedAdamStep<torch::optim::AdamWParamState,
                         torch::optim::AdamWOptions>(*this, /*Decoupled=*/true,
                                                     "FusedAdamW");
  return Loss;
}

void FusedAdamW::save(torch::serialize::OutputArchive &Archive) const {
  torch::optim::serialize<torch::optim::AdamWParamState,
                          torch::optim::AdamWOptions>(Archive, *this);
}

void FusedAdamW::load(torch::serialize::InputArchive &Archive) {
  c10::IValue Version;
  TORCH_CHECK(Archive.try_read("pytorch_version", Version),
              "FusedAdamW::load: the archive has no \"pytorch_version\" entry: "
              "optimizer checkpoints in the pre-1.5 LibTorch format are not "
              "supported (load it into torch::optim::AdamW and save it again)");
  torch::optim::serialize<torch::optim::AdamWParamState,
                          torch::optim::AdamWOptions>(Archive, *this);
}

} // namespace adopter::optim
