//===- AttentionKernels.cpp - Run-time ISA dispatch of attention ----------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "AttentionKernels.h"
#include "CpuIsa.h"

namespace adopter::kernels {

#define ADOPTER_DECLARE_ISA(ISA)                                               \
  namespace ISA {                                                              \
  void attentionForwardImpl(const ScoreParams &, const DropoutParams &,        \
                            const float *, const float *, const float *,       \
                            float *, float *, int64_t, int64_t, int64_t,       \
                            int64_t, int64_t);                                 \
  void attentionBackwardImpl(const ScoreParams &, const DropoutParams &,       \
                             const float *, const float *, const float *,      \
                             const float *, const float *, const float *,      \
                             const float *, float *, float *, float *,         \
                             int64_t, int64_t, int64_t, int64_t, int64_t);     \
  void maskedSoftmaxForwardImpl(const ScoreParams &, const at::Tensor &,       \
                                at::Tensor &);                                 \
  void maskedSoftmaxBackwardImpl(const ScoreParams &, const at::Tensor &,      \
                                 const at::Tensor &, at::Tensor &);            \
  }

ADOPTER_DECLARE_ISA(isa_default)
#ifdef ADOPTER_KERNELS_HAVE_AVX2
ADOPTER_DECLARE_ISA(isa_avx2)
#endif
#undef ADOPTER_DECLARE_ISA

void attentionForward(const ScoreParams &SP, const DropoutParams &DP,
                      const float *Q, const float *KT, const float *V, float *O,
                      float *Lse, int64_t B, int64_t Lq, int64_t Lk, int64_t D,
                      int64_t Dv) {
  ADOPTER_KERNELS_DISPATCH(attentionForwardImpl, SP, DP, Q, KT, V, O, Lse, B,
                           Lq, Lk, D, Dv);
}

void attentionBackward(const ScoreParams &SP, const DropoutParams &DP,
                       const float *Q, const float *K, const float *KT,
                       const float *VT, const float *DO, const float *Lse,
                       const float *Delta, float *DQ, float *DK, float *DV,
                       int64_t B, int64_t Lq, int64_t Lk, int64_t D,
                       int64_t Dv) {
  ADOPTER_KERNELS_DISPATCH(attentionBackwardImpl, SP, DP, Q, K, KT, VT, DO, Lse,
                           Delta, DQ, DK, DV, B, Lq, Lk, D, Dv);
}

void maskedSoftmaxForward(const ScoreParams &SP, const at::Tensor &X,
                          at::Tensor &Y) {
  ADOPTER_KERNELS_DISPATCH(maskedSoftmaxForwardImpl, SP, X, Y);
}

void maskedSoftmaxBackward(const ScoreParams &SP, const at::Tensor &Y,
                           const at::Tensor &DY, at::Tensor &DX) {
  ADOPTER_KERNELS_DISPATCH(maskedSoftmaxBackwardImpl, SP, Y, DY, DX);
}

} // namespace adopter::kernels
