//===- Norms.cpp - Fused CPU normalisation operators ----------------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/kernels/Norms.h"

#include "LinearChecks.h"
#include "NormFunction.h"
#include "NormKernels.h"
#include "ResidualBroadcast.h"

#include <ATen/ATen.h>
#include <ATen/ops/empty.h>
#include <c10/util/Exception.h>

namespace adopter::ops {

using kernels::NormFunction;
using kernels::NormKind;

namespace {

/// Defined, at least 1-D, on a device and of a dtype the kernels take.
void checkInput(const char *Op, const at::Tensor &X) {
  kernels::checkLinearInput(Op, X);
  TORCH_CHECK(X.dim() >= 1, Op,
              ": expected an input of shape [..., N] with at least one "
              "dimension, got a 0-dim tensor");
}

/// T on X's device with X's dtype.
void checkLike(const char *Op, const char *Name, const at::Tensor &T,
               const at::Tensor &X) {
  kernels::checkLinearLike(Op, Name, T, X);
}

void checkParam(const char *Op, const char *Name, const at::Tensor &P,
                const at::Tensor &X) {
  if (!P.defined())
    return;
  const int64_t N = X.size(-1);
  TORCH_CHECK(P.dim() == 1 && P.size(0) == N, Op, ": expected ", Name,
              " of shape [", N,
              "] (the size of the last dimension of the "
              "input, whose shape is ",
              X.sizes(), "), got ", Name, " of shape ", P.sizes());
  checkLike(Op, Name, P, X);
}

void checkResidual(const char *Op, const at::Tensor &R, const at::Tensor &X) {
  TORCH_CHECK(R.defined(), Op, ": residual is undefined");
  TORCH_CHECK(R.sizes() == X.sizes(), Op,
              ": expected residual of the input's shape ", X.sizes(), ", got ",
              R.sizes());
  checkLike(Op, "residual", R, X);
}

/// T made contiguous, or an empty placeholder when T is undefined.
at::Tensor contiguousOrPlaceholder(const at::Tensor &T, const at::Tensor &X) {
  return T.defined() ? T.contiguous() : at::empty({0}, X.options());
}

torch::autograd::variable_list run(NormKind Kind, const at::Tensor &X,
                                   const at::Tensor &Residual,
                                   const at::Tensor &Weight,
                                   const at::Tensor &Bias, double Eps) {
  const int64_t Present = (Residual.defined() ? NormFunction::HasResidual : 0) |
                          (Weight.defined() ? NormFunction::HasWeight : 0) |
                          (Bias.defined() ? NormFunction::HasBias : 0);
  return NormFunction::apply(
      X.contiguous(), contiguousOrPlaceholder(Residual, X),
      contiguousOrPlaceholder(Weight, X), contiguousOrPlaceholder(Bias, X),
      static_cast<int64_t>(Kind), Present, Eps);
}

/// A weight or bias the fused kernel does not take (not [C] of X's dtype)
/// but that the written-out norm broadcasts against X: a member of shape
/// [1, 1, C], a float32 weight on bfloat16 activations. The norm then runs
/// as written, so a rewritten norm computes what the chain computed.
bool chainParam(const at::Tensor &P, const at::Tensor &X) {
  if (!P.defined() || P.device() != X.device() ||
      (P.dim() == 1 && P.size(0) == X.size(-1) &&
       P.scalar_type() == X.scalar_type()))
    return false;
  if (!at::isFloatingType(P.scalar_type()) || P.dim() > X.dim())
    return false;
  for (int64_t I = 1; I <= P.dim(); ++I)
    if (P.size(-I) != 1 && P.size(-I) != X.size(-I))
      return false;
  return true;
}

} // namespace

at::Tensor layer_norm(const at::Tensor &X, const at::Tensor &Weight,
                      const at::Tensor &Bias, double Eps) {
  const char *Op = "adopter::ops::layer_norm";
  checkInput(Op, X);
  if (chainParam(Weight, X) || chainParam(Bias, X)) {
    at::Tensor C = X - X.mean(-1, /*keepdim=*/true);
    at::Tensor Y = C / at::sqrt(C.pow(2).mean(-1, /*keepdim=*/true) + Eps);
    if (Weight.defined())
      Y = Y * Weight;
    return Bias.defined() ? Y + Bias : Y;
  }
  checkParam(Op, "weight", Weight, X);
  checkParam(Op, "bias", Bias, X);
  return run(NormKind::LayerNorm, X, at::Tensor(), Weight, Bias, Eps)[0];
}

std::tuple<at::Tensor, at::Tensor>
add_layer_norm(const at::Tensor &In, const at::Tensor &Res,
               const at::Tensor &Weight, const at::Tensor &Bias, double Eps) {
  const char *Op = "adopter::ops::add_layer_norm";
  auto [X, Residual] = kernels::broadcastResidual(Op, In, Res);
  checkInput(Op, X);
  checkResidual(Op, Residual, X);
  checkParam(Op, "weight", Weight, X);
  checkParam(Op, "bias", Bias, X);
  auto Out = run(NormKind::LayerNorm, X, Residual, Weight, Bias, Eps);
  return {Out[0], Out[1]};
}

at::Tensor rms_norm(const at::Tensor &X, const at::Tensor &Weight, double Eps) {
  const char *Op = "adopter::ops::rms_norm";
  checkInput(Op, X);
  if (chainParam(Weight, X))
    return X * at::rsqrt(X.pow(2).mean(-1, /*keepdim=*/true) + Eps) * Weight;
  checkParam(Op, "weight", Weight, X);
  return run(NormKind::RMSNorm, X, at::Tensor(), Weight, at::Tensor(), Eps)[0];
}

std::tuple<at::Tensor, at::Tensor> add_rms_norm(const at::Tensor &In,
                                                const at::Tensor &Res,
                                                const at::Tensor &Weight,
                                                double Eps) {
  const char *Op = "adopter::ops::add_rms_norm";
  auto [X, Residual] = kernels::broadcastResidual(Op, In, Res);
  checkInput(Op, X);
  checkResidual(Op, Residual, X);
  checkParam(Op, "weight", Weight, X);
  auto Out = run(NormKind::RMSNorm, X, Residual, Weight, at::Tensor(), Eps);
  return {Out[0], Out[1]};
}

} // namespace adopter::ops
