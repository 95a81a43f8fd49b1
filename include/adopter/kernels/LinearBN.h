//===- LinearBN.h - Linear + BatchNorm1d (+ activation) ---------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// linear_bn(x, fc, bn, act) computes act(bn(fc(x))) with the model's own
// torch::nn::Linear and torch::nn::BatchNorm1d (keys and running statistics
// unchanged), with conv_bn's semantics (ConvBN.h): folded into one matmul
// with cached weights when bn uses its running statistics, a fused batch
// statistics + normalise + activation pass (and fused backward) otherwise,
// updating the running statistics exactly as BatchNorm1d does.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_KERNELS_LINEARBN_H
#define ADOPTER_KERNELS_LINEARBN_H

#include "adopter/kernels/Activation.h"

#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/linear.h>

namespace adopter::ops {

/// act(BN(FC(X))) for X of shape [N, in_features] (the only shape where the
/// BatchNorm1d's channels are the Linear's outputs; others are rejected).
at::Tensor linear_bn(const at::Tensor &X, const torch::nn::Linear &FC,
                     const torch::nn::BatchNorm1d &BN,
                     Activation Act = Activation::none());

} // namespace adopter::ops

#endif // ADOPTER_KERNELS_LINEARBN_H
