//===- Norms.h - Fused CPU normalisation operators --------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Fused LayerNorm and RMSNorm over the last dimension, optionally with the
// residual add that precedes them in transformer blocks fused in. All are
// differentiable (torch::autograd::Function with a fused backward). CPU,
// float32 and bfloat16 (statistics and accumulation in float); any leading
// shape; non-contiguous inputs are made contiguous first.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_KERNELS_NORMS_H
#define ADOPTER_KERNELS_NORMS_H

#include <ATen/core/Tensor.h>

#include <tuple>

namespace adopter::ops {

/// Same as torch::layer_norm(X, {X.size(-1)}, Weight, Bias, Eps). `Weight`
/// and `Bias` have shape [X.size(-1)] or are undefined; one of another
/// dtype or of a shape that broadcasts ([1, 1, C]) makes the norm run as
/// written out (mean, centre, variance, divide, scale, shift), unfused.
at::Tensor layer_norm(const at::Tensor &X, const at::Tensor &Weight,
                      const at::Tensor &Bias, double Eps = 1e-5);

/// Returns (X + Residual, layer_norm(X + Residual, Weight, Bias, Eps)); X and
/// Residual broadcast as in X + Residual.
std::tuple<at::Tensor, at::Tensor> add_layer_norm(const at::Tensor &X,
                                                  const at::Tensor &Residual,
                                                  const at::Tensor &Weight,
                                                  const at::Tensor &Bias,
                                                  double Eps = 1e-5);

/// RMSNorm as LLaMA / T5 write it: X * rsqrt(mean(X^2, -1) + Eps) * Weight.
/// `Weight` has shape [X.size(-1)] or is undefined; one of another dtype or
/// of a shape that broadcasts ([1, 1, C]) makes that expression run as
/// written, unfused.
at::Tensor rms_norm(const at::Tensor &X, const at::Tensor &Weight,
                    double Eps = 1e-6);

/// Returns (X + Residual, rms_norm(X + Residual, Weight, Eps)); X and
/// Residual broadcast as in X + Residual.
std::tuple<at::Tensor, at::Tensor> add_rms_norm(const at::Tensor &X,
                                                const at::Tensor &Residual,
                                                const at::Tensor &Weight,
                                                double Eps = 1e-6);

} // namespace adopter::ops

#endif // ADOPTER_KERNELS_NORMS_H
