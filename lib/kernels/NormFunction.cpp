//===- NormFunction.cpp - Autograd function of the fused norms ------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "NormFunction.h"
#include "NormKernels.h"

namespace adopter::kernels {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

variable_list NormFunction::forward(AutogradContext *Ctx, const at::Tensor &X,
                                    const at::Tensor &Residual,
                                    const at::Tensor &Weight,
                                    const at::Tensor &Bias, int64_t Kind,
                                    int64_t Present, double Eps) {
  const auto K = static_cast<NormKind>(Kind);
  const bool HasResidual = Present & NormFunction::HasResidual;
  const at::Tensor W = Present & HasWeight ? Weight : at::Tensor();
  NormForwardResult R =
      normForward(K, X, HasResidual ? Residual : at::Tensor(), W,
                  Present & HasBias ? Bias : at::Tensor(), Eps);
  Ctx->saved_data["kind"] = Kind;
  Ctx->saved_data["present"] = Present;
  // An output nobody differentiates (the sum of a post-norm block, used by
  // the norm only) comes to backward undefined, not as a tensor of zeros
  // that would cost an allocation and a pass.
  Ctx->set_materialize_grads(false);
  // The statistics are plain float buffers; the sum is an output of this
  // function and is saved as such (no copy, no reference cycle). Undefined
  // tensors are fine here.
  Ctx->save_for_backward({HasResidual ? R.Sum : X, R.Mean, R.Rstd, W});
  if (HasResidual)
    return {R.Sum, R.Output};
  return {R.Output};
}

variable_list NormFunction::backward(AutogradContext *Ctx,
                                     variable_list GradOutputs) {
  const auto K = static_cast<NormKind>(Ctx->saved_data["kind"].toInt());
  const int64_t Present = Ctx->saved_data["present"].toInt();
  const bool HasResidual = Present & NormFunction::HasResidual;
  const bool HasBias = Present & NormFunction::HasBias;
  variable_list Saved = Ctx->get_saved_variables();
  const at::Tensor &Input = Saved[0];
  const at::Tensor &Mean = Saved[1];
  const at::Tensor &Rstd = Saved[2];
  const at::Tensor &Weight = Saved[3];

  const at::Tensor &DOut = GradOutputs[HasResidual ? 1 : 0];
  const at::Tensor DSum = HasResidual ? GradOutputs[0] : at::Tensor();
  const bool NeedWeight = Weight.defined() && Ctx->needs_input_grad(2);
  const bool NeedBias = HasBias && Ctx->needs_input_grad(3);
  const bool NeedInput =
      Ctx->needs_input_grad(0) || (HasResidual && Ctx->needs_input_grad(1));

  NormBackwardResult R;
  if (DOut.defined() && (NeedInput || NeedWeight || NeedBias))
    R = normBackward(K, DOut.contiguous(), Input, Mean, Rstd, Weight,
                     NeedWeight, NeedBias);
  at::Tensor DInput = R.DInput;
  if (DSum.defined() && NeedInput)
    DInput = DInput.defined() ? DInput.add(DSum) : DSum;
  return {DInput,       HasResidual ? DInput : at::Tensor(),
          R.DWeight,    R.DBias,
          at::Tensor(), at::Tensor(),
          at::Tensor()};
}

} // namespace adopter::kernels
