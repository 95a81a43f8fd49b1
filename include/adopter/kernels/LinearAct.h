//===- LinearAct.h - Fused linear + activation operators --------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// act(torch::linear(X, Weight, Bias)) for GELU, ReLU and SiLU, with the GEMM
// in ATen and the bias add + activation fused into one pass over its output
// (and the activation's backward + the bias gradient into one pass). All are
// differentiable w.r.t. X, Weight and Bias (torch::autograd::Function with a
// fused backward). CPU, float32 and bfloat16 (epilogue in float); X of any
// shape [..., in_features]; non-contiguous inputs are made contiguous first.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_KERNELS_LINEARACT_H
#define ADOPTER_KERNELS_LINEARACT_H

#include <ATen/core/Tensor.h>
#include <torch/nn/modules/linear.h>

#include <string>

namespace adopter::ops {

/// torch::gelu(torch::linear(X, Weight, Bias), Approximate). `Weight` has
/// shape [out_features, in_features] (X.size(-1) == in_features), `Bias`
/// [out_features] or undefined; `Approximate` is "none" or "tanh".
at::Tensor linear_gelu(const at::Tensor &X, const at::Tensor &Weight,
                       const at::Tensor &Bias,
                       const std::string &Approximate = "none");

/// torch::relu(torch::linear(X, Weight, Bias)).
at::Tensor linear_relu(const at::Tensor &X, const at::Tensor &Weight,
                       const at::Tensor &Bias);

/// torch::silu(torch::linear(X, Weight, Bias)).
at::Tensor linear_silu(const at::Tensor &X, const at::Tensor &Weight,
                       const at::Tensor &Bias);

/// The same over a Linear as it is (its weight and bias, if any), which
/// keeps its type and its other calls: `linear_gelu(x, *fc)` for a holder,
/// `linear_gelu(x, *list[i]->as<torch::nn::Linear>())` for an element.
at::Tensor linear_gelu(const at::Tensor &X, const torch::nn::LinearImpl &FC,
                       const std::string &Approximate = "none");
at::Tensor linear_relu(const at::Tensor &X, const torch::nn::LinearImpl &FC);
at::Tensor linear_silu(const at::Tensor &X, const torch::nn::LinearImpl &FC);

} // namespace adopter::ops

#endif // ADOPTER_KERNELS_LINEARACT_H
