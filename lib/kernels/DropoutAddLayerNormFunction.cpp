//===- DropoutAddLayerNormFunction.cpp - Autograd dropout-add-norm --------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "DropoutAddLayerNormFunction.h"
#include "DropoutAddNormKernels.h"
#include "NormKernels.h"

namespace adopter::kernels {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

variable_list DropoutAddLayerNormFunction::forward(
    AutogradContext *Ctx, const at::Tensor &A, const at::Tensor &B,
    const at::Tensor &Weight, const at::Tensor &Bias, int64_t Present, double P,
    const at::Tensor &NoiseOrEmpty, int64_t Seed, double Eps) {
  const at::Tensor W = Present & HasWeight ? Weight : at::Tensor();
  const at::Tensor Bs = Present & HasBias ? Bias : at::Tensor();
  const at::Tensor Noise =
      NoiseOrEmpty.numel() == 0 ? at::Tensor() : NoiseOrEmpty;
#ifdef ADOPTER_KERNELS_WITH_CUDA
  // The CUDA kernel draws its mask from the CUDA generator.
  DropoutAddNormResult R =
      A.is_cuda() ? dropoutAddNormForwardCuda(A, B, W, Bs, P, Eps)
                  : dropoutAddNormForward(A, B, W, Bs, Noise,
                                          static_cast<uint64_t>(Seed), P, Eps);
#else
  DropoutAddNormResult R = dropoutAddNormForward(
      A, B, W, Bs, Noise, static_cast<uint64_t>(Seed), P, Eps);
#endif
  Ctx->saved_data["present"] = Present;
  Ctx->saved_data["p"] = P;
  // An output nobody differentiates comes to backward undefined (no tensor
  // of zeros to allocate and add).
  Ctx->set_materialize_grads(false);
  Ctx->save_for_backward({R.Sum, R.Mean, R.Rstd, W, R.Mask});
  return {R.Sum, R.Output};
}

variable_list DropoutAddLayerNormFunction::backward(AutogradContext *Ctx,
                                                    variable_list GradOutputs) {
  const int64_t Present = Ctx->saved_data["present"].toInt();
  const double P = Ctx->saved_data["p"].toDouble();
  variable_list Saved = Ctx->get_saved_variables();
  const at::Tensor &Sum = Saved[0];
  const bool NeedWeight = (Present & HasWeight) && Ctx->needs_input_grad(2);
  const bool NeedBias = (Present & HasBias) && Ctx->needs_input_grad(3);
  const bool NeedInput = Ctx->needs_input_grad(0) || Ctx->needs_input_grad(1);
#ifdef ADOPTER_KERNELS_WITH_CUDA
  if (Sum.is_cuda()) {
    // One fused pass for ds and the dropout's gradient
    // (DropoutAddLayerNormCuda.cpp).
    auto Grad = [&](size_t I) {
      return GradOutputs[I].defined() ? GradOutputs[I] : at::zeros_like(Sum);
    };
    DropoutAddNormCudaGrads G = dropoutAddNormBackwardCuda(
        Grad(1), Grad(0), Sum, Saved[1], Saved[2], Saved[3], Saved[4], P,
        Ctx->needs_input_grad(0), Ctx->needs_input_grad(1), NeedWeight,
        NeedBias);
    return {G.DA,         G.DB,         G.DWeight,    G.DBias,     at::Tensor(),
            at::Tensor(), at::Tensor(), at::Tensor(), at::Tensor()};
  }
#endif
  at::Tensor DS;
  NormBackwardResult R;
  if (GradOutputs[1].defined() && (NeedInput || NeedWeight || NeedBias)) {
    R = normBackward(NormKind::LayerNorm,
                     GradOutputs[1].to(Sum.scalar_type()).contiguous(), Sum,
                     Saved[1], Saved[2], Saved[3], NeedWeight, NeedBias);
    DS = R.DInput;
  }
  if (GradOutputs[0].defined() && NeedInput)
    DS = DS.defined() ? DS.add(GradOutputs[0]) : GradOutputs[0];
  at::Tensor DA;
  if (DS.defined() && Ctx->needs_input_grad(0))
    DA = dropoutBackward(DS.to(Sum.scalar_type()).contiguous(), Saved[4], P);
  return {DA,           Ctx->needs_input_grad(1) ? DS : at::Tensor(),
          R.DWeight,    R.DBias,
          at::Tensor(), at::Tensor(),
          at::Tensor(), at::Tensor(),
          at::Tensor()};
}

} // namespace adopter::kernels
