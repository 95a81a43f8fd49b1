//===- FusedDropoutAddLayerNorm.h - dropout + add + LayerNorm ---*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// The transformer block's `s = dropout(a, p, train) + b; y = norm(s)`
// fused: in training with 0 < p, the dropout mask is applied in the same
// pass per row as the add and the LayerNorm, and stored as bytes for the
// backward (the fused LayerNorm backward of Norms.h, then one pass for the
// dropout). The mask is either the one torch's own dropout draws (the same
// draws as at::dropout(a, p, true): the same seed drops the same entries
// as the chain; the module and the Dropout overload, what `adopter apply`
// writes) or hashed inside the pass (no pass of its own, several times
// faster; the raw overload, or Dropout::ownStream()). Without dropout
// (eval, or p = 0) it is exactly add_layer_norm (Norms.h). CPU, float32 and
// bfloat16; differentiable.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_KERNELS_FUSEDDROPOUTADDLAYERNORM_H
#define ADOPTER_KERNELS_FUSEDDROPOUTADDLAYERNORM_H

#include "adopter/kernels/Dropout.h"

#include <torch/nn/cloneable.h>
#include <torch/nn/modules/normalization.h>
#include <torch/nn/options/normalization.h>
#include <torch/nn/pimpl.h>

#include <ostream>
#include <tuple>

namespace adopter::ops {

/// Returns (s, y): s = dropout(A, P, Train) + B and y = layer_norm(s,
/// {A.size(-1)}, Weight, Bias, Eps). A and B broadcast as in dropout(A) + B
/// (a broadcasting A is dropped out before it is expanded, as the chain
/// does it); Weight and Bias have shape [A.size(-1)] or are undefined;
/// 0 <= P <= 1. The mask is drawn inside the fused pass (hashed on the CPU
/// from a seed taken from LibTorch's generator, so torch::manual_seed makes
/// runs reproducible; the CUDA generator on CUDA): torch's distribution,
/// not torch's random stream. For the chain's own stream, pass a Dropout.
std::tuple<at::Tensor, at::Tensor>
dropout_add_layer_norm(const at::Tensor &A, const at::Tensor &B,
                       const at::Tensor &Weight, const at::Tensor &Bias,
                       double P, bool Train, double Eps = 1e-5);

/// The chain `norm(drop(A) + B)` (`drop` as Dropout.h takes it, `norm` a
/// torch::nn::LayerNorm: its options, weight and bias): returns (the sum,
/// the norm). With Drop.TorchStream (the default) the same seed drops the
/// same entries as the chain (on the CPU the fused pass reads the mask
/// torch's dropout draws; on CUDA torch's dropout runs first, then the
/// fused add + LayerNorm); without, the mask is drawn in the fused pass, as
/// above. An in-place dropout changes A as the chain did.
std::tuple<at::Tensor, at::Tensor>
dropout_add_layer_norm(const at::Tensor &A, const at::Tensor &B,
                       const Dropout &Drop, const torch::nn::LayerNorm &Norm);

} // namespace adopter::ops

namespace adopter::nn {

/// Replaces a `torch::nn::Dropout` + residual add + `torch::nn::LayerNorm`
/// member: built from the LayerNorm's options and the dropout probability,
/// with the LayerNorm's `weight` / `bias` (same names and shapes, so the
/// replaced norm's checkpoint entries load). Dropout only when training.
class FusedDropoutAddLayerNormImpl
    : public torch::nn::Cloneable<FusedDropoutAddLayerNormImpl> {
public:
  FusedDropoutAddLayerNormImpl(torch::nn::LayerNormOptions Options,
                               double P = 0.5);

  void reset() override;
  void reset_parameters();
  void pretty_print(std::ostream &OS) const override;

  /// Returns (dropout(A) + B, layer_norm(dropout(A) + B)).
  std::tuple<torch::Tensor, torch::Tensor> forward(const torch::Tensor &A,
                                                   const torch::Tensor &B);

  torch::nn::LayerNormOptions options;
  double p;
  torch::Tensor weight;
  torch::Tensor bias;
};

TORCH_MODULE(FusedDropoutAddLayerNorm);

} // namespace adopter::nn

#endif // ADOPTER_KERNELS_FUSEDDROPOUTADDLAYERNORM_H
