//===- LinearActFunction.cpp - Autograd function of GEMM + epilogue -------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "LinearActFunction.h"
#include "LinActKernels.h"

#include <ATen/ops/addmm.h>
#include <ATen/ops/empty.h>
#include <ATen/ops/empty_like.h>
#include <ATen/ops/mm.h>
#include <ATen/ops/zeros.h>

namespace adopter::kernels {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

variable_list
LinearActFunction::forward(AutogradContext *Ctx, const at::Tensor &X,
                           const at::Tensor &W, const at::Tensor &Bias,
                           int64_t Epilogue, bool HasBias, bool NeedGrad) {
  const auto E = static_cast<LinActEpilogue>(Epilogue);
#ifdef ADOPTER_KERNELS_WITH_CUDA
  if (X.is_cuda()) {
    // cuBLASLt GEMM with the bias (+ activation) epilogue (LinearActCuda.cpp);
    // the backward below is shared (linActBackward routes to CUDA).
    LinearActCudaResult R =
        linearActForwardCuda(E, X, W, HasBias ? Bias : at::Tensor(), NeedGrad);
    Ctx->saved_data["epilogue"] = Epilogue;
    Ctx->saved_data["has_bias"] = HasBias;
    if (NeedGrad)
      Ctx->save_for_backward({X, W, R.Saved});
    return {R.Out};
  }
#endif
  const int64_t M = X.size(0), N = W.size(0);
  at::Tensor H = at::empty({M, N}, X.options());
  // In float32 the bias is added in the epilogue, saving a pass. In bfloat16
  // the GEMM output would be rounded before the bias is added, and a sum
  // near zero would then get the wrong sign (a flipped ReLU mask, off by a
  // whole upstream gradient): there the GEMM takes the bias, so the sum is
  // rounded once, as in torch::linear.
  const bool BiasInGemm = HasBias && X.scalar_type() != at::kFloat;
  if (BiasInGemm)
    at::addmm_out(H, Bias.to(X.scalar_type()), X, W.t());
  else
    at::mm_out(H, X, W.t());
  const bool IsReLU = E == LinActEpilogue::ReLU;
  at::Tensor Out;
  if (E == LinActEpilogue::SwiGLU)
    Out = at::empty({M, linActOutCols(E, N)}, X.options());
  else if (!NeedGrad || IsReLU)
    Out = H;
  else
    Out = at::empty_like(H);
  linActForward(E, H, HasBias && !BiasInGemm ? Bias : at::Tensor(), Out,
                /*StorePre=*/NeedGrad && !IsReLU);
  Ctx->saved_data["epilogue"] = Epilogue;
  Ctx->saved_data["has_bias"] = HasBias;
  if (NeedGrad)
    Ctx->save_for_backward({X, W, IsReLU ? Out : H});
  return {Out};
}

variable_list LinearActFunction::backward(AutogradContext *Ctx,
                                          variable_list GradOutputs) {
  const auto E =
      static_cast<LinActEpilogue>(Ctx->saved_data["epilogue"].toInt());
  const bool HasBias = Ctx->saved_data["has_bias"].toBool();
  variable_list Saved = Ctx->get_saved_variables();
  TORCH_CHECK(Saved.size() == 3,
              "adopter: backward through a fused linear + activation whose "
              "forward ran without gradient recording");
  const at::Tensor &X = Saved[0];
  const at::Tensor &W = Saved[1];
  const at::Tensor &Pre = Saved[2];
  const bool NeedX = Ctx->needs_input_grad(0);
  const bool NeedW = Ctx->needs_input_grad(1);
  const bool NeedB = HasBias && Ctx->needs_input_grad(2);
  at::Tensor DX, DW, DB;
  if (GradOutputs[0].defined() && (NeedX || NeedW || NeedB)) {
    at::Tensor DPre = at::empty_like(Pre);
    at::Tensor DBF;
    if (NeedB)
      DBF = at::zeros({Pre.size(1)}, Pre.options().dtype(at::kFloat));
    linActBackward(E, GradOutputs[0].contiguous(), Pre, DPre, DBF);
    if (NeedX)
      DX = at::mm(DPre, W);
    if (NeedW)
      DW = at::mm(DPre.t(), X);
    if (NeedB)
      DB = DBF.to(Pre.scalar_type());
  }
  return {DX, DW, DB, at::Tensor(), at::Tensor(), at::Tensor()};
}

} // namespace adopter::kernels
