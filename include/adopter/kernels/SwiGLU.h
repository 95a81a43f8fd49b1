//===- SwiGLU.h - Fused SwiGLU ----------------------------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// silu(gate(x)) * up(x) (LLaMA's MLP) with one GEMM over the concatenated
// [gate; up] weight and one fused pass for silu(a) * b (and one fused pass
// backward). The functions take the weights of the original Linear modules,
// so models keep their members and checkpoints; gradients flow to each of
// them. CPU, float32 and bfloat16; X of any shape [..., in_features].
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_KERNELS_SWIGLU_H
#define ADOPTER_KERNELS_SWIGLU_H

#include <ATen/core/Tensor.h>

namespace adopter::ops {

/// torch::silu(torch::linear(X, GateWeight, GateBias)) *
/// torch::linear(X, UpWeight, UpBias). The weights have shape [hidden,
/// in_features], the biases [hidden] or are undefined.
at::Tensor swiglu(const at::Tensor &X, const at::Tensor &GateWeight,
                  const at::Tensor &GateBias, const at::Tensor &UpWeight,
                  const at::Tensor &UpBias);

/// The packed form: with H = torch::linear(X, Weight, Bias) and
/// (A, B) = H.chunk(2, -1), returns torch::silu(A) * B. `Weight` has shape
/// [2 * hidden, in_features], `Bias` [2 * hidden] or is undefined.
at::Tensor swiglu_packed(const at::Tensor &X, const at::Tensor &Weight,
                         const at::Tensor &Bias);

} // namespace adopter::ops

#endif // ADOPTER_KERNELS_SWIGLU_H
