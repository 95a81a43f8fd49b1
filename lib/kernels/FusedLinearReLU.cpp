//===- FusedLinearReLU.cpp - torch::nn::Linear followed by ReLU -----------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/kernels/FusedLinearReLU.h"
#include "adopter/kernels/LinearAct.h"

namespace adopter::nn {

void FusedLinearReLUImpl::pretty_print(std::ostream &OS) const {
  OS << std::boolalpha
     << "adopter::nn::FusedLinearReLU(in_features=" << options.in_features()
     << ", out_features=" << options.out_features()
     << ", bias=" << options.bias() << ")";
}

torch::Tensor FusedLinearReLUImpl::forward(const torch::Tensor &X) {
  return ops::linear_relu(X, weight, bias);
}

} // namespace adopter::nn
