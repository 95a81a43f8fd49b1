//===- Attention.cpp - Fused flash-style CPU attention --------------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/kernels/Attention.h"
#include "adopter/kernels/MaskedSoftmax.h"

#include "AttentionChain.h"
#include "AttentionFunction.h"
#include "AttentionMask.h"
#ifdef ADOPTER_KERNELS_WITH_CUDA
#include "AttentionCuda.h"
#endif

#include <ATen/ExpandUtils.h>
#include <ATen/ops/dropout.h>
#include <ATen/ops/empty.h>
#include <ATen/ops/matmul.h>
#include <ATen/ops/result_type.h>
#include <c10/util/Exception.h>

#include <vector>

namespace adopter::ops {

using kernels::attentionChain;
using kernels::AttentionFunction;
using kernels::AttentionMask;
using kernels::checkAttentionInput;
using kernels::maskNeedsGrad;

namespace {

std::vector<int64_t> withTail(at::IntArrayRef Batch, int64_t A, int64_t B) {
  std::vector<int64_t> S(Batch.begin(), Batch.end());
  S.push_back(A);
  S.push_back(B);
  return S;
}

/// T [..., R, C] broadcast to Batch + [R, C] and flattened to [B, R, C].
at::Tensor flatten(const at::Tensor &T, at::IntArrayRef Batch, int64_t B) {
  const int64_t R = T.size(-2), C = T.size(-1);
  return T.expand(withTail(Batch, R, C)).reshape({B, R, C}).contiguous();
}

/// The checks both forms of attention() make on q, kt and v.
void checkShapes(const char *Op, const at::Tensor &Q, const at::Tensor &KT,
                 const at::Tensor &V) {
  checkAttentionInput(Op, "q", Q);
  checkAttentionInput(Op, "kt", KT);
  checkAttentionInput(Op, "v", V);
  TORCH_CHECK(Q.dim() >= 2 && KT.dim() >= 2 && V.dim() >= 2, Op,
              ": expected q [..., Lq, D], kt [..., D, Lk] and v [..., Lk, Dv] "
              "with at least 2 dims, got q ",
              Q.sizes(), ", kt ", KT.sizes(), ", v ", V.sizes());
#ifdef ADOPTER_KERNELS_WITH_CUDA
  TORCH_CHECK(KT.device() == Q.device() && V.device() == Q.device(), Op,
              ": expected q, kt and v on one device, got ", Q.device(), ", ",
              KT.device(), ", ", V.device());
#endif
  TORCH_CHECK(KT.scalar_type() == Q.scalar_type() &&
                  V.scalar_type() == Q.scalar_type(),
              Op, ": expected q, kt and v of one dtype, got ", Q.scalar_type(),
              ", ", KT.scalar_type(), ", ", V.scalar_type());
  const int64_t D = Q.size(-1), Lk = KT.size(-1);
  TORCH_CHECK(KT.size(-2) == D, Op, ": expected kt of shape [..., ", D, ", Lk]",
              " (k already transposed; D = q.size(-1)), got ", KT.sizes());
  TORCH_CHECK(V.size(-2) == Lk, Op, ": expected v of shape [..., ", Lk,
              ", Dv] (Lk = kt.size(-1)), got ", V.sizes());
  TORCH_CHECK(Lk > 0, Op, ": expected at least one key (kt of shape ",
              KT.sizes(), ")");
}

void checkDropout(const char *Op, double P) {
  TORCH_CHECK(P >= 0.0 && P <= 1.0, Op,
              ": dropout probability has to be between 0 and 1, got ", P);
}

} // namespace

at::Tensor attention(const at::Tensor &Q, const at::Tensor &KT,
                     const at::Tensor &V, const at::Tensor &Mask, double Scale,
                     ScaleMode Mode, MaskKind Kind, double Fill,
                     const Dropout &Drop) {
  const char *Op = "adopter::ops::attention";
  checkDropout(Op, Drop.P);
  if (!Drop.Train || Drop.P == 0.0)
    return attention(Q, KT, V, Mask, Scale, Mode, Kind, Fill);
  checkShapes(Op, Q, KT, V);
  if (maskNeedsGrad(Kind, Mask))
    return attentionChain(Q, KT, V, Mask, Scale, Mode, Kind, Fill, Drop.P,
                          /*Train=*/true, /*MaskGrad=*/true);
  // The chain's scores, in the dtype its mask promotes them to (a float
  // additive mask on bfloat16 scores), so that its dropout draws the same
  // numbers on a tensor of the same shape and dtype.
  at::Tensor S = at::matmul(Q, KT);
  if (Kind == MaskKind::Additive && Mask.defined()) {
    const at::ScalarType T = at::result_type(S, Mask);
    if (T != S.scalar_type())
      S = S.to(T);
  }
  at::Tensor P = at::dropout(masked_softmax(S, Mask, Scale, Mode, Kind, Fill),
                             Drop.P, /*train=*/true);
  return at::matmul(P.to(V.scalar_type()), V).to(Q.scalar_type());
}

at::Tensor attention(const at::Tensor &Q, const at::Tensor &KT,
                     const at::Tensor &V, const at::Tensor &Mask, double Scale,
                     ScaleMode Mode, MaskKind Kind, double Fill,
                     double DropoutP, bool Train) {
  const char *Op = "adopter::ops::attention";
  checkShapes(Op, Q, KT, V);
  checkDropout(Op, DropoutP);
  const int64_t Lq = Q.size(-2), D = Q.size(-1);
  const int64_t Lk = KT.size(-1), Dv = V.size(-1);
  std::vector<int64_t> Batch =
      at::infer_size(at::infer_size(Q.sizes().slice(0, Q.dim() - 2),
                                    KT.sizes().slice(0, KT.dim() - 2)),
                     V.sizes().slice(0, V.dim() - 2));
  int64_t B = 1;
  for (int64_t S : Batch)
    B *= S;
  // A learned additive mask keeps its gradient: the chain, unfused.
  if (maskNeedsGrad(Kind, Mask))
    return attentionChain(Q, KT, V, Mask, Scale, Mode, Kind, Fill, DropoutP,
                          Train, /*MaskGrad=*/true);
  AttentionMask M(Op, Mask, Kind, withTail(Batch, Lq, Lk), Scale, Mode, Fill,
                  Q.device());
  if (B == 0 || Lq == 0)
    return at::empty(withTail(Batch, Lq, Dv), Q.options());
#ifdef ADOPTER_KERNELS_WITH_CUDA
  // The CUDA flash kernel lacks dropout, D != Dv, D > 128, finite fills of
  // a boolean mask and wide additive masks with narrow q: those run the
  // unfused ATen chain (AttentionCuda.cpp).
  if (Q.is_cuda() &&
      !kernels::attentionCudaFused(M, Q.scalar_type(), B, Lq, Lk, D, Dv,
                                   Train ? DropoutP : 0.0))
    return kernels::attentionChain(Q, KT, V, Mask, Scale, Mode, Kind, Fill,
                                   DropoutP, Train);
#endif
  at::Tensor Out = AttentionFunction::apply(
      flatten(Q, Batch, B), flatten(KT.transpose(-1, -2), Batch, B),
      flatten(V, Batch, B), M, Train ? DropoutP : 0.0)[0];
  return Out.view(withTail(Batch, Lq, Dv));
}

} // namespace adopter::ops
