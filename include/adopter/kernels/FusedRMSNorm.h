//===- FusedRMSNorm.h - Fused RMSNorm module --------------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// RMSNorm as LLaMA / T5 define it, with one parameter "weight" of shape
// [dim] initialised to ones, running adopter::ops::rms_norm.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_KERNELS_FUSEDRMSNORM_H
#define ADOPTER_KERNELS_FUSEDRMSNORM_H

#include <torch/nn/cloneable.h>
#include <torch/nn/pimpl.h>

#include <ostream>

namespace adopter::nn {

class FusedRMSNormImpl : public torch::nn::Cloneable<FusedRMSNormImpl> {
public:
  explicit FusedRMSNormImpl(int64_t Dim, double Eps = 1e-6);

  void reset() override;
  void reset_parameters();
  void pretty_print(std::ostream &OS) const override;

  torch::Tensor forward(const torch::Tensor &X);

  int64_t dim;
  double eps;
  torch::Tensor weight;
};

TORCH_MODULE(FusedRMSNorm);

} // namespace adopter::nn

#endif // ADOPTER_KERNELS_FUSEDRMSNORM_H
