//===- GRUCellFunction.cpp - Autograd function of the GRU cell ------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "GRUCellFunction.h"
#include "RNNCellKernels.h"

namespace adopter::kernels {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

namespace {

at::Tensor floatBias(const at::Tensor &B, bool Present) {
  if (!Present)
    return at::Tensor();
  return B.scalar_type() == at::kFloat ? B.contiguous()
                                       : B.to(at::kFloat).contiguous();
}

} // namespace

variable_list GRUCellFunction::forward(AutogradContext *Ctx,
                                       const at::Tensor &Gi,
                                       const at::Tensor &Gh,
                                       const at::Tensor &Bi,
                                       const at::Tensor &Bh,
                                       const at::Tensor &Hx, int64_t Present) {
  GruForwardResult R =
      gruCellForward(Gi, Gh, floatBias(Bi, Present & HasInputBias),
                     floatBias(Bh, Present & HasHiddenBias), Hx);
  Ctx->saved_data["present"] = Present;
  Ctx->saved_data["bias_dtype"] = static_cast<int64_t>(Bi.scalar_type());
  Ctx->save_for_backward({R.Saved, Hx});
  return {R.H};
}

variable_list GRUCellFunction::backward(AutogradContext *Ctx,
                                        variable_list GradOutputs) {
  const int64_t Present = Ctx->saved_data["present"].toInt();
  const auto BiasType =
      static_cast<at::ScalarType>(Ctx->saved_data["bias_dtype"].toInt());
  variable_list Saved = Ctx->get_saved_variables();
  const at::Tensor &Work = Saved[0];
  const at::Tensor &Hx = Saved[1];
  const at::Tensor &DH = GradOutputs[0];
  if (!DH.defined())
    return {at::Tensor(), at::Tensor(), at::Tensor(),
            at::Tensor(), at::Tensor(), at::Tensor()};
  auto [DGi, DGh, DHx] =
      gruCellBackward(DH.to(Hx.scalar_type()).contiguous(), Work, Hx);
  at::Tensor DBi, DBh;
  if ((Present & HasInputBias) && Ctx->needs_input_grad(2))
    DBi = DGi.sum(0, false, at::kFloat).to(BiasType);
  if ((Present & HasHiddenBias) && Ctx->needs_input_grad(3))
    DBh = DGh.sum(0, false, at::kFloat).to(BiasType);
  return {DGi, DGh, DBi, DBh, DHx, at::Tensor()};
}

} // namespace adopter::kernels
