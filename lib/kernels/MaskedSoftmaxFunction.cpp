//===- MaskedSoftmaxFunction.cpp - Autograd function of masked softmax ----===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "MaskedSoftmaxFunction.h"
#include "AttentionKernels.h"
#ifdef ADOPTER_KERNELS_WITH_CUDA
#include "AttentionCuda.h"
#endif

#include <ATen/ops/empty_like.h>

namespace adopter::kernels {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

variable_list MaskedSoftmaxFunction::forward(AutogradContext *Ctx,
                                             const at::Tensor &X,
                                             const AttentionMask &Mask) {
#ifdef ADOPTER_KERNELS_WITH_CUDA
  if (X.is_cuda()) {
    MaskedSoftmaxCudaResult R = maskedSoftmaxForwardCuda(Mask, X);
    Mask.save(Ctx);
    Ctx->saved_data["cuda_mask"] = R.Mask;
    Ctx->save_for_backward({R.Y});
    return {R.Y};
  }
#endif
  at::Tensor Y = at::empty_like(X);
  maskedSoftmaxForward(Mask.params(), X, Y);
  Mask.save(Ctx);
  Ctx->save_for_backward({Y});
  return {Y};
}

variable_list MaskedSoftmaxFunction::backward(AutogradContext *Ctx,
                                              variable_list GradOutputs) {
  const at::Tensor Y = Ctx->get_saved_variables()[0];
  const AttentionMask Mask = AttentionMask::load(Ctx);
  at::Tensor DY = GradOutputs[0].to(Y.scalar_type()).contiguous();
#ifdef ADOPTER_KERNELS_WITH_CUDA
  if (Y.is_cuda())
    return {maskedSoftmaxBackwardCuda(
                Mask, Ctx->saved_data["cuda_mask"].toTensor(), Y, DY),
            at::Tensor()};
#endif
  at::Tensor DX = at::empty_like(Y);
  maskedSoftmaxBackward(Mask.params(), Y, DY, DX);
  return {DX, at::Tensor()};
}

} // namespace adopter::kernels
