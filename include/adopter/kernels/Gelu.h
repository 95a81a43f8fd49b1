//===- Gelu.h - Fused GELU --------------------------------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// The GELU that models often write by hand,
//   0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x^3)))   ("tanh")
//   0.5 * x * (1 + erf(x / sqrt(2)))                             ("none")
// as one vectorized pass (and one fused pass backward). CPU, float32 and
// bfloat16, any shape; differentiable.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_KERNELS_GELU_H
#define ADOPTER_KERNELS_GELU_H

#include <ATen/core/Tensor.h>

#include <string>

namespace adopter::ops {

/// Same as torch::gelu(X, Approximate); `Approximate` is "none" or "tanh".
at::Tensor gelu(const at::Tensor &X, const std::string &Approximate = "none");

} // namespace adopter::ops

#endif // ADOPTER_KERNELS_GELU_H
