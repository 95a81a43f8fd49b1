//===- FusedSwiGLU.h - SwiGLU MLP input projection --------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// silu(gate(x)) * up(x) for new code: two torch::nn::Linear submodules named
// "gate" and "up" (state-dict keys gate.weight, up.weight, and gate.bias,
// up.bias with bias), run by adopter::ops::swiglu (SwiGLU.h) as one GEMM and
// one fused pass.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_KERNELS_FUSEDSWIGLU_H
#define ADOPTER_KERNELS_FUSEDSWIGLU_H

#include <torch/nn/cloneable.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/options/linear.h>
#include <torch/nn/pimpl.h>

#include <ostream>

namespace adopter::nn {

class FusedSwiGLUImpl : public torch::nn::Cloneable<FusedSwiGLUImpl> {
public:
  /// Both projections get these options: in_features -> out_features (the
  /// hidden size), with or without bias (LLaMA: no bias).
  explicit FusedSwiGLUImpl(torch::nn::LinearOptions Options);
  FusedSwiGLUImpl(int64_t InFeatures, int64_t HiddenFeatures)
      : FusedSwiGLUImpl(
            torch::nn::LinearOptions(InFeatures, HiddenFeatures).bias(false)) {}

  void reset() override;
  void pretty_print(std::ostream &OS) const override;

  /// X of shape [..., in_features]; returns [..., out_features].
  torch::Tensor forward(const torch::Tensor &X);

  torch::nn::LinearOptions options;
  torch::nn::Linear gate{nullptr};
  torch::nn::Linear up{nullptr};
};

TORCH_MODULE(FusedSwiGLU);

} // namespace adopter::nn

#endif // ADOPTER_KERNELS_FUSEDSWIGLU_H
