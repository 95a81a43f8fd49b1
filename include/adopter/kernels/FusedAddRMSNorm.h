//===- FusedAddRMSNorm.h - Residual add fused into RMSNorm ------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Replaces `s = x + residual; y = rms_norm(s)`; one parameter "weight" of
// shape [dim] initialised to ones.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_KERNELS_FUSEDADDRMSNORM_H
#define ADOPTER_KERNELS_FUSEDADDRMSNORM_H

#include <torch/nn/cloneable.h>
#include <torch/nn/pimpl.h>

#include <ostream>
#include <tuple>

namespace adopter::nn {

class FusedAddRMSNormImpl : public torch::nn::Cloneable<FusedAddRMSNormImpl> {
public:
  explicit FusedAddRMSNormImpl(int64_t Dim, double Eps = 1e-6);

  void reset() override;
  void reset_parameters();
  void pretty_print(std::ostream &OS) const override;

  /// Returns (X + Residual, rms_norm(X + Residual)); X and Residual
  /// broadcast as in X + Residual.
  std::tuple<torch::Tensor, torch::Tensor>
  forward(const torch::Tensor &X, const torch::Tensor &Residual);

  int64_t dim;
  double eps;
  torch::Tensor weight;
};

TORCH_MODULE(FusedAddRMSNorm);

} // namespace adopter::nn

#endif // ADOPTER_KERNELS_FUSEDADDRMSNORM_H
