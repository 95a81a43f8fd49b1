//===- CrossEntropy.h - Fused log_softmax + nll_loss ------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// adopter::ops::cross_entropy replaces
//
//   auto L = torch::log_softmax(X, /*dim=*/1);       // or dim -1 on [N, C]
//   auto Y = torch::nll_loss(L, Target, ...);         // or an NLLLoss member
//
// with one fused pass per row (max, logsumexp, picked logit; no [N, C]
// log-probability tensor) and a fused backward (softmax - onehot, scaled,
// recomputed from the saved per-row logsumexp). Every nll_loss option is
// supported: class weight, ignore_index, reduction none / mean / sum (mean is
// torch's weighted mean, nan when every target is ignored). CPU, float32 and
// bfloat16 (computed in float); X of shape [N, C] or [N, C, d1, ...] with
// int64 targets of shape [N] or [N, d1, ...]. A target outside [0, C) that
// is not the ignore index is a TORCH_CHECK error.
//
// log_softmax over the last dimension of an input with more than two
// dimensions is not a cross-entropy (nll_loss reads the classes from
// dimension 1); cross_entropy with dim -1 computes that chain unfused,
// exactly as written, so a rewrite never changes what such code computes.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_KERNELS_CROSSENTROPY_H
#define ADOPTER_KERNELS_CROSSENTROPY_H

#include <ATen/core/Reduction.h>
#include <ATen/core/Tensor.h>
#include <torch/nn/modules/loss.h>
#include <torch/nn/options/loss.h>

namespace adopter::ops {

/// Options of cross_entropy, with the nll_loss defaults.
struct CrossEntropyOptions {
  /// Class weight of shape [C] (float32 or X's dtype), or undefined.
  at::Tensor Weight;
  /// Targets equal to this contribute nothing (loss 0, no gradient).
  int64_t IgnoreIndex = -100;
  /// at::Reduction::None, Mean or Sum.
  int64_t Reduction = at::Reduction::Mean;
  /// The dimension log_softmax ran over: 1, or -1 (the same for a 2-D X;
  /// the unfused chain for more dimensions).
  int64_t Dim = 1;

  CrossEntropyOptions &weight(at::Tensor W) {
    Weight = std::move(W);
    return *this;
  }
  CrossEntropyOptions &ignore_index(int64_t I) {
    IgnoreIndex = I;
    return *this;
  }
  CrossEntropyOptions &reduction(int64_t R) {
    Reduction = R;
    return *this;
  }
  CrossEntropyOptions &dim(int64_t D) {
    Dim = D;
    return *this;
  }
};

/// torch::nll_loss(torch::log_softmax(X, O.Dim), Target, O.Weight,
/// O.Reduction, O.IgnoreIndex), fused. Differentiable w.r.t. X.
at::Tensor cross_entropy(const at::Tensor &X, const at::Tensor &Target,
                         const CrossEntropyOptions &O = {});

/// Same, with the options of a torch::nn::NLLLoss member or of
/// torch::nn::functional::nll_loss (NLLLossFuncOptions is the same type),
/// so a rewrite can pass the original options through unchanged.
at::Tensor cross_entropy(const at::Tensor &X, const at::Tensor &Target,
                         const torch::nn::NLLLossOptions &O, int64_t Dim = 1);

/// Same, with the options and the class weight buffer of a torch::nn::NLLLoss
/// module, as its forward uses them: `loss(log_softmax(x, 1), t)` becomes
/// `cross_entropy(x, t, loss)`.
at::Tensor cross_entropy(const at::Tensor &X, const at::Tensor &Target,
                         const torch::nn::NLLLoss &Loss, int64_t Dim = 1);

/// Same, with nll_loss's defaults and log_softmax over \p Dim.
at::Tensor cross_entropy(const at::Tensor &X, const at::Tensor &Target,
                         int64_t Dim);

} // namespace adopter::ops

#endif // ADOPTER_KERNELS_CROSSENTROPY_H
