//===- ActivationFunction.cpp - Autograd function of an activation --------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "ActivationFunction.h"
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

at::Tensor ActivationFunction::forward(AutogradContext *Ctx,
                                       const at::Tensor &X, int64_t Kind,
                                       double A, double B) {
  Ctx->saved_data["kind"] = Kind;
  Ctx->saved_data["a"] = A;
  Ctx->saved_data["b"] = B;
  Ctx->save_for_backward({X});
  return activationForward(X, spec(Kind, A, B), /*InPlace=*/false);
}

variable_list ActivationFunction::backward(AutogradContext *Ctx,
                                           variable_list GradOutputs) {
  const at::Tensor X = Ctx->get_saved_variables()[0];
  at::Tensor DX;
  if (GradOutputs[0].defined())
    DX = activationBackward(GradOutputs[0].to(X.scalar_type()).contiguous(), X,
                            spec(Ctx->saved_data["kind"].toInt(),
                                 Ctx->saved_data["a"].toDouble(),
                                 Ctx->saved_data["b"].toDouble()));
  return {DX, at::Tensor(), at::Tensor(), at::Tensor()};
}

} // namespace adopter::kernels
