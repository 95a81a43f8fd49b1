//===- AttentionChain.h - The unfused attention chains ----------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// The chains adopter::ops::attention and masked_softmax replace, in ATen ops
// (autograd by ATen), exactly as those functions document them. They run
// where a fused kernel cannot give the chain's answer: on CUDA beyond the
// kernels' limits (AttentionCuda.h), and on every device for an additive
// mask that needs a gradient (the fused kernels give the mask none; a bias
// learned by the model, such as a relative position bias, is such a mask).
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_LIB_KERNELS_ATTENTIONCHAIN_H
#define ADOPTER_LIB_KERNELS_ATTENTIONCHAIN_H

#include "adopter/kernels/AttentionOptions.h"

#include <ATen/core/Tensor.h>

namespace adopter::kernels {

/// An additive mask that requires grad while grad mode is on: the fused
/// kernels would drop its gradient, so the chain runs instead.
bool maskNeedsGrad(ops::MaskKind Kind, const at::Tensor &Mask);

/// mask(scale(S)) (or scale(mask(S)), as Mode says) in ATen ops. The mask
/// gets a gradient only with \p MaskGrad (an additive mask).
at::Tensor maskedScoresChain(const at::Tensor &S, const at::Tensor &Mask,
                             double Scale, ops::ScaleMode Mode,
                             ops::MaskKind Kind, double Fill,
                             bool MaskGrad = false);

/// softmax(mask(scale(S)), -1), in S's dtype.
at::Tensor maskedSoftmaxChain(const at::Tensor &S, const at::Tensor &Mask,
                              double Scale, ops::ScaleMode Mode,
                              ops::MaskKind Kind, double Fill,
                              bool MaskGrad = false);

/// adopter::ops::attention's chain (matmul, scale, mask, softmax, dropout,
/// matmul), in Q's dtype.
at::Tensor attentionChain(const at::Tensor &Q, const at::Tensor &KT,
                          const at::Tensor &V, const at::Tensor &Mask,
                          double Scale, ops::ScaleMode Mode, ops::MaskKind Kind,
                          double Fill, double DropoutP, bool Train,
                          bool MaskGrad = false);

} // namespace adopter::kernels

#endif // ADOPTER_LIB_KERNELS_ATTENTIONCHAIN_H
