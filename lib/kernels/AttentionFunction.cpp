//===- AttentionFunction.cpp - Autograd function of attention -------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// bfloat16 inputs are widened to float once (O(L * D) extra memory, never
// O(Lq * Lk)); the kernels work in float and the results are rounded back.
//
//===----------------------------------------------------------------------===//

#include "AttentionFunction.h"
#include "AttentionKernels.h"
#ifdef ADOPTER_KERNELS_WITH_CUDA
#include "AttentionCuda.h"
#endif

#include <ATen/ops/empty.h>
#include <ATen/ops/randint.h>

#include <limits>

namespace adopter::kernels {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

namespace {

at::Tensor asFloat(const at::Tensor &T) {
  return T.to(at::kFloat).contiguous();
}

} // namespace

variable_list
AttentionFunction::forward(AutogradContext *Ctx, const at::Tensor &Q,
                           const at::Tensor &K, const at::Tensor &V,
                           const AttentionMask &Mask, double DropoutP) {
#ifdef ADOPTER_KERNELS_WITH_CUDA
  if (Q.is_cuda()) {
    // The CUDA flash kernel (AttentionCuda.cpp); adopter::ops::attention
    // sends dropout to the unfused chain instead.
    TORCH_CHECK(DropoutP == 0.0, "adopter_kernels: the CUDA flash attention "
                                 "has no dropout");
    AttentionCudaResult R = attentionForwardCuda(Mask, Q, K, V);
    Mask.save(Ctx);
    Ctx->saved_data["cuda_mask"] = R.Mask;
    Ctx->save_for_backward({Q, K, V, R.Out, R.Lse});
    return {R.Out};
  }
#endif
  const int64_t B = Q.size(0), Lq = Q.size(1), D = Q.size(2);
  const int64_t Lk = K.size(1), Dv = V.size(2);
  at::Tensor QF = asFloat(Q), VF = asFloat(V);
  at::Tensor KT = K.to(at::kFloat).transpose(1, 2).contiguous();
  at::Tensor O = at::empty({B, Lq, Dv}, QF.options());
  at::Tensor Lse = at::empty({B, Lq, 2}, QF.options());
  DropoutParams DP;
  if (DropoutP > 0.0) {
    DP.P = static_cast<float>(DropoutP);
    DP.Seed = static_cast<uint64_t>(
        at::randint(std::numeric_limits<int64_t>::max(), {1},
                    at::TensorOptions().dtype(at::kLong))
            .item<int64_t>());
  }
  attentionForward(Mask.params(), DP, QF.data_ptr<float>(),
                   KT.data_ptr<float>(), VF.data_ptr<float>(),
                   O.data_ptr<float>(), Lse.data_ptr<float>(), B, Lq, Lk, D,
                   Dv);
  Mask.save(Ctx);
  Ctx->saved_data["dropout_p"] = DropoutP;
  Ctx->saved_data["seed"] = static_cast<int64_t>(DP.Seed);
  Ctx->save_for_backward({Q, K, V, O, Lse});
  return {Q.scalar_type() == at::kFloat ? O : O.to(Q.scalar_type())};
}

variable_list AttentionFunction::backward(AutogradContext *Ctx,
                                          variable_list GradOutputs) {
  variable_list Saved = Ctx->get_saved_variables();
  const at::Tensor &Q = Saved[0], &K = Saved[1], &V = Saved[2];
  const at::Tensor &O = Saved[3], &Lse = Saved[4];
  const AttentionMask Mask = AttentionMask::load(Ctx);
#ifdef ADOPTER_KERNELS_WITH_CUDA
  if (Q.is_cuda()) {
    if (!GradOutputs[0].defined())
      return {at::Tensor(), at::Tensor(), at::Tensor(), at::Tensor(),
              at::Tensor()};
    AttentionCudaGrads G =
        attentionBackwardCuda(Mask, Ctx->saved_data["cuda_mask"].toTensor(), Q,
                              K, V, O, Lse, GradOutputs[0]);
    return {G.DQ, G.DK, G.DV, at::Tensor(), at::Tensor()};
  }
#endif
  DropoutParams DP;
  DP.P = static_cast<float>(Ctx->saved_data["dropout_p"].toDouble());
  DP.Seed = static_cast<uint64_t>(Ctx->saved_data["seed"].toInt());
  const int64_t B = Q.size(0), Lq = Q.size(1), D = Q.size(2);
  const int64_t Lk = K.size(1), Dv = V.size(2);

  at::Tensor DO = asFloat(GradOutputs[0]);
  at::Tensor Delta = DO.mul(O).sum(-1).contiguous();
  at::Tensor QF = asFloat(Q), KF = asFloat(K);
  at::Tensor KT = KF.transpose(1, 2).contiguous();
  at::Tensor VT = V.to(at::kFloat).transpose(1, 2).contiguous();
  at::Tensor DQ = at::empty({B, Lq, D}, QF.options());
  at::Tensor DK = at::empty({B, Lk, D}, QF.options());
  at::Tensor DV = at::empty({B, Lk, Dv}, QF.options());
  attentionBackward(
      Mask.params(), DP, QF.data_ptr<float>(), KF.data_ptr<float>(),
      KT.data_ptr<float>(), VT.data_ptr<float>(), DO.data_ptr<float>(),
      Lse.data_ptr<float>(), Delta.data_ptr<float>(), DQ.data_ptr<float>(),
      DK.data_ptr<float>(), DV.data_ptr<float>(), B, Lq, Lk, D, Dv);
  const auto T = Q.scalar_type();
  return {DQ.to(T), DK.to(T), DV.to(T), at::Tensor(), at::Tensor()};
}

} // namespace adopter::kernels
