//===- FusedLinearGELU.cpp - torch::nn::Linear followed by GELU -----------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/kernels/FusedLinearGELU.h"
#include "adopter/kernels/LinearAct.h"

namespace adopter::nn {

FusedLinearGELUImpl::FusedLinearGELUImpl(
    const torch::nn::LinearOptions &Options, std::string Approximate)
    : LinearActModule(Options), approximate(std::move(Approximate)) {
  TORCH_CHECK(approximate == "none" || approximate == "tanh",
              "adopter::nn::FusedLinearGELU: expected approximate \"none\" or "
              "\"tanh\", got \"",
              approximate, "\"");
}

void FusedLinearGELUImpl::pretty_print(std::ostream &OS) const {
  OS << std::boolalpha
     << "adopter::nn::FusedLinearGELU(in_features=" << options.in_features()
     << ", out_features=" << options.out_features()
     << ", bias=" << options.bias() << ", approximate=" << approximate << ")";
}

torch::Tensor FusedLinearGELUImpl::forward(const torch::Tensor &X) {
  return ops::linear_gelu(X, weight, bias, approximate);
}

} // namespace adopter::nn
