//===- FusedSwiGLU.cpp - SwiGLU MLP input projection ----------------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/kernels/FusedSwiGLU.h"
#include "adopter/kernels/SwiGLU.h"

namespace adopter::nn {

FusedSwiGLUImpl::FusedSwiGLUImpl(torch::nn::LinearOptions Options)
    : options(std::move(Options)) {
  reset();
}

void FusedSwiGLUImpl::reset() {
  gate = register_module("gate", torch::nn::Linear(options));
  up = register_module("up", torch::nn::Linear(options));
}

void FusedSwiGLUImpl::pretty_print(std::ostream &OS) const {
  OS << std::boolalpha
     << "adopter::nn::FusedSwiGLU(in_features=" << options.in_features()
     << ", out_features=" << options.out_features()
     << ", bias=" << options.bias() << ")";
}

torch::Tensor FusedSwiGLUImpl::forward(const torch::Tensor &X) {
  return ops::swiglu(X, gate->weight, gate->bias, up->weight, up->bias);
}

} // namespace adopter::nn
