//===- CrossEntropyFunction.cpp - Autograd function of cross-entropy ------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "CrossEntropyFunction.h"
#include "CrossEntropyKernels.h"

#include <ATen/core/Reduction.h>

namespace adopter::kernels {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

variable_list CrossEntropyFunction::forward(AutogradContext *Ctx,
                                            const at::Tensor &X,
                                            const at::Tensor &Target,
                                            const at::Tensor &Weight,
                                            bool HasWeight, int64_t Reduction,
                                            int64_t IgnoreIndex) {
#ifdef ADOPTER_KERNELS_WITH_CUDA
  if (X.is_cuda()) {
    // The reduction runs on the device too (CrossEntropyCuda.cpp).
    CrossEntropyCudaResult R = crossEntropyForwardCuda(
        X, Target, HasWeight ? Weight : at::Tensor(), Reduction, IgnoreIndex);
    Ctx->saved_data["reduction"] = Reduction;
    Ctx->saved_data["ignore_index"] = IgnoreIndex;
    Ctx->saved_data["has_weight"] = HasWeight;
    Ctx->save_for_backward({X, Target, Weight, R.Lse, R.Loss});
    return {R.Out};
  }
#endif
  CrossEntropyForwardResult R = crossEntropyForward(
      X, Target, HasWeight ? Weight : at::Tensor(), IgnoreIndex);
  at::Tensor Out, TotalWeight;
  switch (Reduction) {
  case at::Reduction::None:
    Out = R.Loss.to(X.scalar_type());
    break;
  case at::Reduction::Sum:
    Out = R.Loss.sum().to(X.scalar_type());
    break;
  default:
    // torch's weighted mean: sum(w[t] * loss) / sum(w[t]) over the rows that
    // are not ignored; 0 / 0 = nan when every row is ignored, as in torch.
    TotalWeight = R.RowWeight.sum();
    Out = R.Loss.sum().div(TotalWeight).to(X.scalar_type());
    break;
  }
  Ctx->saved_data["reduction"] = Reduction;
  Ctx->saved_data["ignore_index"] = IgnoreIndex;
  Ctx->save_for_backward({X, Target, R.Lse, R.RowWeight, TotalWeight});
  return {Out};
}

variable_list CrossEntropyFunction::backward(AutogradContext *Ctx,
                                             variable_list GradOutputs) {
  const int64_t Reduction = Ctx->saved_data["reduction"].toInt();
  const int64_t IgnoreIndex = Ctx->saved_data["ignore_index"].toInt();
  variable_list Saved = Ctx->get_saved_variables();
  const at::Tensor &X = Saved[0];
  const at::Tensor &Target = Saved[1];
#ifdef ADOPTER_KERNELS_WITH_CUDA
  if (X.is_cuda()) {
    at::Tensor DX;
    if (Ctx->needs_input_grad(0) && GradOutputs[0].defined())
      DX = crossEntropyBackwardCuda(
          X, Target,
          Ctx->saved_data["has_weight"].toBool() ? Saved[2] : at::Tensor(),
          Saved[3], Saved[4], GradOutputs[0], Reduction, IgnoreIndex);
    return {DX,           at::Tensor(), at::Tensor(),
            at::Tensor(), at::Tensor(), at::Tensor()};
  }
#endif
  const at::Tensor &Lse = Saved[2];
  const at::Tensor &RowWeight = Saved[3];
  const at::Tensor &TotalWeight = Saved[4];
  at::Tensor DX;
  const at::Tensor &G = GradOutputs[0];
  if (Ctx->needs_input_grad(0) && G.defined()) {
    // Per-row scale of softmax - onehot: w[t] * upstream gradient (/ the
    // total weight for a mean). [Rows] floats, cheap next to the row pass.
    at::Tensor GF = G.to(at::kFloat);
    at::Tensor Scale;
    if (Reduction == at::Reduction::None)
      Scale = RowWeight.mul(GF);
    else if (Reduction == at::Reduction::Sum)
      Scale = RowWeight.mul(GF);
    else
      Scale = RowWeight.mul(GF.div(TotalWeight));
    DX = crossEntropyBackward(X, Target, Lse, Scale.contiguous(), IgnoreIndex);
  }
  return {DX,           at::Tensor(), at::Tensor(),
          at::Tensor(), at::Tensor(), at::Tensor()};
}

} // namespace adopter::kernels
