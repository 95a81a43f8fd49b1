//===- BatchNormActFunction.cpp - Autograd batch-norm + activation --------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "BatchNormActFunction.h"
#include "ConvBNKernels.h"

namespace adopter::kernels {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

namespace {
ActSpec spec(int64_t Kind, double A, double B) {
  ActSpec S;
  S.Kind = static_cast<int>(Kind);
  S.A = static_cast<float>(A);
  S.B = static_cast<float>(B);
  return S;
}
} // namespace

variable_list
BatchNormActFunction::forward(AutogradContext *Ctx, const at::Tensor &X,
                              const at::Tensor &Weight, const at::Tensor &Bias,
                              int64_t Present, double Eps, int64_t ActKind,
                              double ActA, double ActB) {
  const at::Tensor W = Present & HasWeight ? Weight : at::Tensor();
  const at::Tensor B = Present & HasBias ? Bias : at::Tensor();
  BatchNormActForwardResult R =
      batchNormActForward(X, W, B, Eps, spec(ActKind, ActA, ActB));
  Ctx->saved_data["present"] = Present;
  Ctx->saved_data["kind"] = ActKind;
  Ctx->saved_data["a"] = ActA;
  Ctx->saved_data["b"] = ActB;
  Ctx->save_for_backward({X, R.Mean, R.Invstd, W, B});
  Ctx->mark_non_differentiable({R.Mean, R.Var});
  return {R.Output, R.Mean, R.Var};
}

variable_list BatchNormActFunction::backward(AutogradContext *Ctx,
                                             variable_list GradOutputs) {
  const int64_t Present = Ctx->saved_data["present"].toInt();
  variable_list Saved = Ctx->get_saved_variables();
  const at::Tensor &X = Saved[0];
  const bool NeedWeight = (Present & HasWeight) && Ctx->needs_input_grad(1);
  const bool NeedBias = (Present & HasBias) && Ctx->needs_input_grad(2);
  at::Tensor DY = GradOutputs[0];
  if (!DY.defined() || !(Ctx->needs_input_grad(0) || NeedWeight || NeedBias))
    return {at::Tensor(), at::Tensor(), at::Tensor(), at::Tensor(),
            at::Tensor(), at::Tensor(), at::Tensor(), at::Tensor()};
  BatchNormActBackwardResult R = batchNormActBackward(
      DY.to(X.scalar_type()).contiguous(), X, Saved[1], Saved[2], Saved[3],
      Saved[4],
      spec(Ctx->saved_data["kind"].toInt(), Ctx->saved_data["a"].toDouble(),
           Ctx->saved_data["b"].toDouble()),
      NeedWeight, NeedBias);
  at::Tensor DW = R.DWeight, DB = R.DBias;
  if (DW.defined())
    DW = DW.to(Saved[3].scalar_type());
  if (DB.defined())
    DB = DB.to(Saved[4].scalar_type());
  return {R.DInput,     DW,           DB,           at::Tensor(),
          at::Tensor(), at::Tensor(), at::Tensor(), at::Tensor()};
}

} // namespace adopter::kernels
