//===- Dropout.cpp - A chain's dropout, as the code wrote it --------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/kernels/Dropout.h"

namespace adopter::ops {

Dropout::Dropout() : Dropout(torch::nn::functional::DropoutFuncOptions()) {}

Dropout::Dropout(double P, bool Train) : P(P), Train(Train) {}

Dropout::Dropout(const torch::nn::functional::DropoutFuncOptions &Options)
    : P(Options.p()), Train(Options.training()), Inplace(Options.inplace()) {}

Dropout::Dropout(const torch::nn::Dropout &Module)
    : P(Module->options.p()), Train(Module->is_training()),
      Inplace(Module->options.inplace()) {}

} // namespace adopter::ops
