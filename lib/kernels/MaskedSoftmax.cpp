//===- MaskedSoftmax.cpp - Fused scale + mask + softmax -------------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/kernels/MaskedSoftmax.h"

#include "AttentionChain.h"
#include "AttentionMask.h"
#include "MaskedSoftmaxFunction.h"
#ifdef ADOPTER_KERNELS_WITH_CUDA
#include "AttentionCuda.h"
#endif

#include <c10/util/Exception.h>

namespace adopter::ops {

at::Tensor masked_softmax(const at::Tensor &S, const at::Tensor &Mask,
                          double Scale, ScaleMode Mode, MaskKind Kind,
                          double Fill) {
  const char *Op = "adopter::ops::masked_softmax";
  kernels::checkAttentionInput(Op, "input", S);
  TORCH_CHECK(S.dim() >= 1, Op,
              ": expected scores of shape [..., N] with at least one "
              "dimension, got a 0-dim tensor");
  // A learned additive mask keeps its gradient: the chain, unfused.
  if (kernels::maskNeedsGrad(Kind, Mask))
    return kernels::maskedSoftmaxChain(S, Mask, Scale, Mode, Kind, Fill,
                                       /*MaskGrad=*/true);
  kernels::AttentionMask M(Op, Mask, Kind, S.sizes(), Scale, Mode, Fill,
                           S.device());
#ifdef ADOPTER_KERNELS_WITH_CUDA
  // Beyond the CUDA kernel (2^31 rows, a mask it would round): the chain.
  if (S.is_cuda() && !kernels::maskedSoftmaxCudaFused(M, S))
    return kernels::maskedSoftmaxChain(S, Mask, Scale, Mode, Kind, Fill);
#endif
  return kernels::MaskedSoftmaxFunction::apply(S.contiguous(), M)[0];
}

} // namespace adopter::ops
