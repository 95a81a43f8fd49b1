//===- FusedRMSNorm.cpp - Fused RMSNorm module ----------------------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/kernels/FusedRMSNorm.h"
#include "adopter/kernels/Norms.h"

#include <torch/nn/init.h>

namespace adopter::nn {

FusedRMSNormImpl::FusedRMSNormImpl(int64_t Dim, double Eps)
    : dim(Dim), eps(Eps) {
  TORCH_CHECK(Dim > 0, "adopter::nn::FusedRMSNorm: dim must be positive, got ",
              Dim);
  reset();
}

void FusedRMSNormImpl::reset() {
  weight = register_parameter("weight", torch::empty({dim}));
  reset_parameters();
}

void FusedRMSNormImpl::reset_parameters() { torch::nn::init::ones_(weight); }

void FusedRMSNormImpl::pretty_print(std::ostream &OS) const {
  OS << "adopter::nn::FusedRMSNorm(" << dim << ", eps=" << eps << ")";
}

torch::Tensor FusedRMSNormImpl::forward(const torch::Tensor &X) {
  return ops::rms_norm(X, weight, eps);
}

} // namespace adopter::nn
