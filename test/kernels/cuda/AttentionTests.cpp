//===- AttentionTests.cpp - CUDA flash-attention tests --------------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "CudaTestUtil.h"

#include <algorithm>

namespace adopter::kernels::cuda::test {
namespace {

struct AttnCase {
  int64_t B, H, Sq, Sk, D;
  AttnMaskKind Kind;
  bool Causal;
};

template <typename T> void attnCase(const AttnCase &C) {
  const char *Kinds[] = {"none", "bool", "additive"};
  const std::string Name =
      std::string("flash_attention mask=") + Kinds[static_cast<int>(C.Kind)] +
      (C.Causal ? " causal" : "") + " " + shape({C.B, C.H, C.Sq, C.Sk, C.D});
  const int64_t BH = C.B * C.H, NQ = BH * C.Sq * C.D, NK = BH * C.Sk * C.D;
  const float Scale = 1.0f / std::sqrt(static_cast<float>(C.D));
  Tensor<T> Q(NQ), K(NK), V(NK), O(NQ), DO(NQ), DQ(NQ), DK(NK), DV(NK);
  Array<float> Lse(BH * C.Sq);
  // Bool mask [B, 1, Sq, Sk] (broadcast over heads); additive [1, H, Sq, Sk].
  Array<uint8_t> BoolMask(C.B * C.Sq * C.Sk);
  Tensor<T> AddMask(C.H * C.Sq * C.Sk);
  fillUniform(Q.H, -2.0f, 2.0f);
  fillUniform(K.H, -2.0f, 2.0f);
  fillUniform(V.H, -1.0f, 1.0f);
  fillUniform(DO.H, -1.0f, 1.0f);
  fillUniform(AddMask.H, -2.0f, 1.0f);
  std::bernoulli_distribution Coin(0.7);
  for (auto &M : BoolMask.H)
    M = Coin(rng());
  // Query 0 of batch 0 sees nothing: zero output, zero gradients.
  for (int64_t J = 0; J < C.Sk; ++J)
    BoolMask.H[J] = 0;
  for (Tensor<T> *P : {&Q, &K, &V, &DO, &AddMask})
    P->toDevice();
  BoolMask.toDevice();
  AttnMask M;
  M.Kind = C.Kind;
  M.Causal = C.Causal;
  if (C.Kind == AttnMaskKind::Bool) {
    M.Data = BoolMask.ptr();
    M.StrideB = C.Sq * C.Sk;
    M.StrideH = 0;
  } else if (C.Kind == AttnMaskKind::Additive) {
    M.Data = AddMask.ptr();
    M.StrideB = 0;
    M.StrideH = C.Sq * C.Sk;
  }
  M.StrideQ = C.Sk;
  M.StrideK = 1;
  CUDA_OK(flashAttentionForward<T>(Q.ptr(), K.ptr(), V.ptr(), O.ptr(),
                                   Lse.ptr(), M, Scale, C.B, C.H, C.Sq, C.Sk,
                                   C.D, nullptr));
  std::vector<double> RO(NQ, 0.0), RLse(BH * C.Sq), RDQ(NQ, 0.0), RDK(NK, 0.0),
      RDV(NK, 0.0);
  // The backward reference uses the kernel's own O (as autograd would).
  const std::vector<float> &OG = O.toHost();
  for (int64_t BHi = 0; BHi < BH; ++BHi) {
    const int64_t Bi = BHi / C.H, Hi = BHi % C.H;
    for (int64_t I = 0; I < C.Sq; ++I) {
      const float *Qi = &Q.H[(BHi * C.Sq + I) * C.D];
      std::vector<double> S(C.Sk);
      double Max = -INFINITY;
      for (int64_t J = 0; J < C.Sk; ++J) {
        const float *Kj = &K.H[(BHi * C.Sk + J) * C.D];
        double Dot = 0;
        for (int64_t X = 0; X < C.D; ++X)
          Dot += static_cast<double>(Qi[X]) * Kj[X];
        double Sc = Dot * Scale;
        const int64_t Off = Bi * M.StrideB + Hi * M.StrideH + I * C.Sk + J;
        if (C.Causal && J > I)
          Sc = -INFINITY;
        else if (C.Kind == AttnMaskKind::Bool && !BoolMask.H[Off])
          Sc = -INFINITY;
        else if (C.Kind == AttnMaskKind::Additive)
          Sc += AddMask.H[Off];
        S[J] = Sc;
        Max = std::max(Max, Sc);
      }
      double Sum = 0;
      for (int64_t J = 0; J < C.Sk; ++J)
        Sum += Max == -INFINITY ? 0.0 : std::exp(S[J] - Max);
      RLse[BHi * C.Sq + I] = Max == -INFINITY ? -INFINITY : Max + std::log(Sum);
      std::vector<double> P(C.Sk, 0.0);
      for (int64_t J = 0; J < C.Sk; ++J)
        P[J] = Max == -INFINITY ? 0.0 : std::exp(S[J] - Max) / Sum;
      const float *DOi = &DO.H[(BHi * C.Sq + I) * C.D];
      double Delta = 0;
      for (int64_t X = 0; X < C.D; ++X)
        Delta += static_cast<double>(DOi[X]) * OG[(BHi * C.Sq + I) * C.D + X];
      for (int64_t J = 0; J < C.Sk; ++J) {
        if (P[J] == 0.0)
          continue;
        const float *Kj = &K.H[(BHi * C.Sk + J) * C.D];
        const float *Vj = &V.H[(BHi * C.Sk + J) * C.D];
        double DP = 0;
        for (int64_t X = 0; X < C.D; ++X) {
          RO[(BHi * C.Sq + I) * C.D + X] += P[J] * Vj[X];
          DP += static_cast<double>(DOi[X]) * Vj[X];
          RDV[(BHi * C.Sk + J) * C.D + X] += P[J] * DOi[X];
        }
        const double DS = P[J] * (DP - Delta) * Scale;
        for (int64_t X = 0; X < C.D; ++X) {
          RDQ[(BHi * C.Sq + I) * C.D + X] += DS * Kj[X];
          RDK[(BHi * C.Sk + J) * C.D + X] += DS * Qi[X];
        }
      }
    }
  }
  expectClose<T>(Name + " out", OG, RO);
  expectClose(Name + " lse", Lse.toHost(), RLse, 1e-4, 1e-4);
  Array<unsigned char> Work(std::max<size_t>(
      flashAttentionBackwardWorkspaceBytes(C.B, C.H, C.Sq), 1));
  CUDA_OK(flashAttentionBackward<T>(Q.ptr(), K.ptr(), V.ptr(), O.ptr(),
                                    DO.ptr(), Lse.ptr(), DQ.ptr(), DK.ptr(),
                                    DV.ptr(), Work.ptr(), M, Scale, C.B, C.H,
                                    C.Sq, C.Sk, C.D, nullptr));
  expectClose<T>(Name + " dq", DQ.toHost(), RDQ, 2.0);
  expectClose<T>(Name + " dk", DK.toHost(), RDK, 2.0);
  expectClose<T>(Name + " dv", DV.toHost(), RDV, 2.0);
}

template <typename T> void attentionFor() {
  const int64_t Shapes[][5] = {{1, 1, 1, 1, 1},    {2, 3, 7, 17, 16},
                               {1, 2, 33, 45, 64}, {1, 1, 70, 70, 128},
                               {2, 2, 17, 1, 8},   {1, 1, 100, 37, 80}};
  for (const auto &S : Shapes)
    for (AttnMaskKind K :
         {AttnMaskKind::None, AttnMaskKind::Bool, AttnMaskKind::Additive})
      for (bool Causal : {false, true})
        attnCase<T>({S[0], S[1], S[2], S[3], S[4], K, Causal});
}

} // namespace

void testAttention() {
  attentionFor<float>();
  attentionFor<__nv_bfloat16>();
}

} // namespace adopter::kernels::cuda::test
