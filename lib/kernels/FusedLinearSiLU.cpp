//===- FusedLinearSiLU.cpp - torch::nn::Linear followed by SiLU -----------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/kernels/FusedLinearSiLU.h"
#include "adopter/kernels/LinearAct.h"

namespace adopter::nn {

void FusedLinearSiLUImpl::pretty_print(std::ostream &OS) const {
  OS << std::boolalpha
     << "adopter::nn::FusedLinearSiLU(in_features=" << options.in_features()
     << ", out_features=" << options.out_features()
     << ", bias=" << options.bias() << ")";
}

torch::Tensor FusedLinearSiLUImpl::forward(const torch::Tensor &X) {
  return ops::linear_silu(X, weight, bias);
}

} // namespace adopter::nn
