//===- FusedAdamStep.h - Shared step of FusedAdam / FusedAdamW --*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// The parameter-group walk shared by adopter::optim::FusedAdam and
// FusedAdamW: argument checks, state creation under LibTorch's state keys,
// step counts and bias corrections, then one adamStep() call per group.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_LIB_KERNELS_FUSEDADAMSTEP_H
#define ADOPTER_LIB_KERNELS_FUSEDADAMSTEP_H

#include <torch/optim/optimizer.h>

#include <tuple>

namespace adopter::kernels {

/// The checks of torch::optim::Adam's constructor, with `Name` in messages.
void checkAdamOptions(const char *Name, double Lr, double Eps,
                      const std::tuple<double, double> &Betas,
                      double WeightDecay);

/// One step of every group of `Opt`, whose options are OptionsT
/// (AdamOptions / AdamWOptions) and state StateT (AdamParamState /
/// AdamWParamState). Decoupled selects AdamW's weight decay.
template <typename StateT, typename OptionsT>
void fusedAdamStep(torch::optim::Optimizer &Opt, bool Decoupled,
                   const char *Name);

} // namespace adopter::kernels

#endif // ADOPTER_LIB_KERNELS_FUSEDADAMSTEP_H
