//===- BatchNormAct.h - Shared pieces of conv_bn and linear_bn --*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// What conv_bn (ConvBN.cpp) and linear_bn (LinearBN.cpp) share: checking
// the activation, deciding between the folded (running statistics) and the
// batch-statistics path, folding a BatchNorm into a weight / bias with a
// cache, the training-mode fused batch-norm + activation with torch's
// running-statistics update, and the trailing activation.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_LIB_KERNELS_BATCHNORMACT_H
#define ADOPTER_LIB_KERNELS_BATCHNORMACT_H

#include "ConvBNKernels.h"

#include "adopter/kernels/ConvBN.h"

#include <functional>

namespace adopter::kernels {

/// Checks the activation's attributes (TORCH_CHECK naming `Who`).
ActSpec actSpec(const ops::Activation &Act, const char *Who);

/// True when BN normalises with its running statistics (eval() and
/// track_running_stats), i.e. when it can be folded.
bool usesRunningStats(const ops::detail::BatchNormRef &BN);

/// Checks that `X` is a defined CPU float / bfloat16 tensor.
void checkInput(const at::Tensor &X, const char *Who);

/// The folded weight and bias of a layer followed by BN in eval mode.
struct FoldedParams {
  at::Tensor Weight, Bias;
};

/// Folds BN into (Weight, Bias) of the layer `Layer`:
///   scale = gamma / sqrt(running_var + eps),
///   W' = W * scale (along the output channel, see ScaleWeight),
///   b' = (b - running_mean) * scale + beta.
/// ScaleWeight(W, scale) multiplies W's output channels by scale. The result
/// is differentiable w.r.t. the parameters when grad mode is on and any
/// requires grad; otherwise it is cached per (Layer, BN) and recomputed when
/// a parameter or buffer changes (data pointer or version counter).
FoldedParams foldBatchNorm(
    const torch::nn::Module *Layer,
    const std::weak_ptr<torch::nn::Module> &LayerOwner,
    const at::Tensor &Weight, const at::Tensor &Bias,
    const ops::detail::BatchNormRef &BN,
    const std::function<at::Tensor(const at::Tensor &, const at::Tensor &)>
        &ScaleWeight);

/// act(bn(Y)) with batch statistics for Y [N, C, ...] (C = BN's features),
/// updating BN's running statistics and num_batches_tracked as
/// torch::nn::BatchNorm::forward does when it is training.
at::Tensor batchNormActTrain(const at::Tensor &Y,
                             const ops::detail::BatchNormRef &BN, ActSpec Act,
                             const char *Who);

/// act(Y): in place without grad, else through ActivationFunction.
at::Tensor applyActivation(const at::Tensor &Y, ActSpec Act);

} // namespace adopter::kernels

#endif // ADOPTER_LIB_KERNELS_BATCHNORMACT_H
