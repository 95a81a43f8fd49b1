//===- MaskedSoftmax.h - Fused scale + mask + softmax -----------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// The attention-probability chain without the matmuls around it, as one
// pass per row (forward) and one fused pass per row (backward). CPU, float32
// and bfloat16 (computed in float).
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_KERNELS_MASKEDSOFTMAX_H
#define ADOPTER_KERNELS_MASKEDSOFTMAX_H

#include "adopter/kernels/AttentionOptions.h"

#include <ATen/core/Tensor.h>

#include <limits>

namespace adopter::ops {

/// Same as torch::softmax(mask(S * Scale), -1) (or the other orders of
/// ScaleMode), with `Mask` broadcastable to S's shape [..., N] and applied
/// as `Kind` says with `Fill`. A row whose scores are all -inf gives NaN, as
/// in the chain. The fused kernel gives the mask no gradient; an additive
/// mask that requires one (a learned position bias) runs the chain
/// instead.
at::Tensor
masked_softmax(const at::Tensor &S, const at::Tensor &Mask = {},
               double Scale = 1.0, ScaleMode Mode = ScaleMode::Multiply,
               MaskKind Kind = MaskKind::None,
               double Fill = -std::numeric_limits<double>::infinity());

} // namespace adopter::ops

#endif // ADOPTER_KERNELS_MASKEDSOFTMAX_H
