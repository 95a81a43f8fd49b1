//===- LinearAct.cpp - Fused linear + activation operators ----------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/kernels/LinearAct.h"

#include "LinActKernels.h"
#include "LinearActFunction.h"
#include "LinearChecks.h"

#include <ATen/ops/empty.h>

namespace adopter::kernels {

/// Checks and runs LinearActFunction on X viewed as [rows, in_features];
/// also used by SwiGLU.cpp.
at::Tensor runLinearAct(const char *Op, LinActEpilogue E, const at::Tensor &X,
                        const at::Tensor &W, const at::Tensor &B) {
  checkLinearInput(Op, X);
  checkLinearWeight(Op, "weight", W, X, E == LinActEpilogue::SwiGLU);
  checkLinearBias(Op, "bias", B, W, X);
  const int64_t K = X.size(-1);
  at::Tensor Out = LinearActFunction::apply(
      X.reshape({-1, K}).contiguous(), W.contiguous(),
      B.defined() ? B.contiguous() : at::empty({0}, X.options()),
      static_cast<int64_t>(E), B.defined(), needsGrad({X, W, B}))[0];
  return Out.view(withLastSize(X, Out.size(1)));
}

/// "none" or "tanh" as an epilogue.
LinActEpilogue geluEpilogue(const char *Op, const std::string &Approximate) {
  TORCH_CHECK(Approximate == "none" || Approximate == "tanh", Op,
              ": expected approximate \"none\" or \"tanh\" (as torch::gelu), "
              "got \"",
              Approximate, "\"");
  return Approximate == "tanh" ? LinActEpilogue::GeluTanh
                               : LinActEpilogue::GeluErf;
}

} // namespace adopter::kernels

namespace adopter::ops {

using kernels::LinActEpilogue;

at::Tensor linear_gelu(const at::Tensor &X, const at::Tensor &Weight,
                       const at::Tensor &Bias, const std::string &Approximate) {
  const char *Op = "adopter::ops::linear_gelu";
  return kernels::runLinearAct(Op, kernels::geluEpilogue(Op, Approximate), X,
                               Weight, Bias);
}

at::Tensor linear_relu(const at::Tensor &X, const at::Tensor &Weight,
                       const at::Tensor &Bias) {
  return kernels::runLinearAct("adopter::ops::linear_relu",
                               LinActEpilogue::ReLU, X, Weight, Bias);
}

at::Tensor linear_silu(const at::Tensor &X, const at::Tensor &Weight,
                       const at::Tensor &Bias) {
  return kernels::runLinearAct("adopter::ops::linear_silu",
                               LinActEpilogue::SiLU, X, Weight, Bias);
}

at::Tensor linear_gelu(const at::Tensor &X, const torch::nn::LinearImpl &FC,
                       const std::string &Approximate) {
  return linear_gelu(X, FC.weight, FC.bias, Approximate);
}

at::Tensor linear_relu(const at::Tensor &X, const torch::nn::LinearImpl &FC) {
  return linear_relu(X, FC.weight, FC.bias);
}

at::Tensor linear_silu(const at::Tensor &X, const torch::nn::LinearImpl &FC) {
  return linear_silu(X, FC.weight, FC.bias);
}

} // namespace adopter::ops
