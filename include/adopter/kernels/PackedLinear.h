//===- PackedLinear.h - Three linears on one input as one GEMM --*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// The Q, K and V projections of attention (three torch::nn::Linear on the
// same input) as one GEMM over the concatenated weights. The function takes
// the weights of the original modules (models keep their three members, so
// checkpoints load); gradients flow to each weight and bias.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_KERNELS_PACKEDLINEAR_H
#define ADOPTER_KERNELS_PACKEDLINEAR_H

#include <ATen/core/Tensor.h>

#include <tuple>

namespace adopter::ops {

/// (torch::linear(X, WQ, BQ), torch::linear(X, WK, BK),
///  torch::linear(X, WV, BV)). Each weight has shape [out_i, in_features]
/// (the out_i may differ, e.g. grouped-query attention), each bias [out_i]
/// or undefined. The three results are contiguous, like three Linears'
/// (any .view() of them works): one batched GEMM computes them when the
/// out_i are equal, else one GEMM with an out_q + out_k + out_v wide output
/// whose columns are copied out.
std::tuple<at::Tensor, at::Tensor, at::Tensor>
packed_linear3(const at::Tensor &X, const at::Tensor &WQ, const at::Tensor &BQ,
               const at::Tensor &WK, const at::Tensor &BK, const at::Tensor &WV,
               const at::Tensor &BV);

} // namespace adopter::ops

#endif // ADOPTER_KERNELS_PACKEDLINEAR_H
