//===- LSTMCellFunction.cpp - Autograd function of the LSTM cell ----------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "LSTMCellFunction.h"
#include "RNNCellKernels.h"

namespace adopter::kernels {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

namespace {

LstmGateOrder unpackOrder(int64_t Packed) {
  return {Packed & 3, (Packed >> 2) & 3, (Packed >> 4) & 3, (Packed >> 6) & 3};
}

at::Tensor floatBias(const at::Tensor &B, bool Present) {
  if (!Present)
    return at::Tensor();
  return B.scalar_type() == at::kFloat ? B.contiguous()
                                       : B.to(at::kFloat).contiguous();
}

} // namespace

variable_list
LSTMCellFunction::forward(AutogradContext *Ctx, const at::Tensor &Gi,
                          const at::Tensor &Gh, const at::Tensor &Bi,
                          const at::Tensor &Bh, const at::Tensor &Cx,
                          int64_t Present, int64_t Order) {
  LstmForwardResult R = lstmCellForward(
      Gi, Present & HasHiddenGates ? Gh : at::Tensor(),
      floatBias(Bi, Present & HasInputBias),
      floatBias(Bh, Present & HasHiddenBias), Cx, unpackOrder(Order));
  Ctx->saved_data["present"] = Present;
  Ctx->saved_data["order"] = Order;
  Ctx->saved_data["bias_dtype"] = static_cast<int64_t>(Bi.scalar_type());
  Ctx->save_for_backward({R.Saved, Cx});
  // h alone or c alone may be differentiated (the last step's c is often
  // dropped): the kernel takes an undefined gradient as zero.
  Ctx->set_materialize_grads(false);
  return {R.H, R.C};
}

variable_list LSTMCellFunction::backward(AutogradContext *Ctx,
                                         variable_list GradOutputs) {
  const int64_t Present = Ctx->saved_data["present"].toInt();
  const auto Order = unpackOrder(Ctx->saved_data["order"].toInt());
  const auto BiasType =
      static_cast<at::ScalarType>(Ctx->saved_data["bias_dtype"].toInt());
  variable_list Saved = Ctx->get_saved_variables();
  const at::Tensor &Work = Saved[0];
  const at::Tensor &Cx = Saved[1];
  const at::Tensor &DH = GradOutputs[0];
  const at::Tensor &DC = GradOutputs[1];
  if (!DH.defined() && !DC.defined())
    return {at::Tensor(), at::Tensor(), at::Tensor(), at::Tensor(),
            at::Tensor(), at::Tensor(), at::Tensor()};
  auto Prep = [&Cx](const at::Tensor &G) {
    return G.defined() ? G.to(Cx.scalar_type()).contiguous() : G;
  };
  auto [DGates, DCx] = lstmCellBackward(Prep(DH), Prep(DC), Work, Cx, Order);
  at::Tensor DBias;
  if (((Present & HasInputBias) && Ctx->needs_input_grad(2)) ||
      ((Present & HasHiddenBias) && Ctx->needs_input_grad(3)))
    DBias = DGates.sum(0, false, at::kFloat).to(BiasType);
  return {DGates,
          Present & HasHiddenGates ? DGates : at::Tensor(),
          Present & HasInputBias ? DBias : at::Tensor(),
          Present & HasHiddenBias ? DBias : at::Tensor(),
          DCx,
          at::Tensor(),
          at::Tensor()};
}

} // namespace adopter::kernels
