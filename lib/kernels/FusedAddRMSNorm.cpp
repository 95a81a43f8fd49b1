//===- FusedAddRMSNorm.cpp - Residual add fused into RMSNorm --------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/kernels/FusedAddRMSNorm.h"
#include "adopter/kernels/Norms.h"

#include <torch/nn/init.h>

namespace adopter::nn {

FusedAddRMSNormImpl::FusedAddRMSNormImpl(int64_t Dim, double Eps)
    : dim(Dim), eps(Eps) {
  TORCH_CHECK(Dim > 0,
              "adopter::nn::FusedAddRMSNorm: dim must be positive, got ", Dim);
  reset();
}

void FusedAddRMSNormImpl::reset() {
  weight = register_parameter("weight", torch::empty({dim}));
  reset_parameters();
}

void FusedAddRMSNormImpl::reset_parameters() { torch::nn::init::ones_(weight); }

void FusedAddRMSNormImpl::pretty_print(std::ostream &OS) const {
  OS << "adopter::nn::FusedAddRMSNorm(" << dim << ", eps=" << eps << ")";
}

std::tuple<torch::Tensor, torch::Tensor>
FusedAddRMSNormImpl::forward(const torch::Tensor &X,
                             const torch::Tensor &Residual) {
  return ops::add_rms_norm(X, Residual, weight, eps);
}

} // namespace adopter::nn
