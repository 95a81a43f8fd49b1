//===- KernelVec.h - Per-ISA vector type and row helpers --------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Included by each per-ISA kernel file (`*Impl.inc`, built once portable and
// once with -mavx2 -mfma; see lib/kernels/CMakeLists.txt), inside no
// namespace: it opens `adopter::kernels::ADOPTER_KERNEL_ISA` itself, so every
// ISA gets its own copy of these helpers.
//
// `Vec` is eight floats. With ADOPTER_KERNELS_VECTOR_EXT it is a GCC/Clang
// vector type (ATen's AVX2 Vectorized<float> needs sleef.h, and its generic
// one goes through memory in 16-byte halves, which stalls on store
// forwarding); otherwise it is at::vec::Vectorized<float>. Only the
// operations below are used by the kernels, so both spellings work.
//
// Transcendental functions (`vexp`, `vtanh`, `vsigmoid`, `verfcAbs`) are
// polynomial approximations (Cephes' expf; Numerical Recipes' erfc) with
// relative errors of about 1e-7 to 1e-6 over the float range, close to what
// ATen's own vectorized CPU kernels achieve with Sleef. They return 0, inf
// and NaN where the function does.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_LIB_KERNELS_KERNELVEC_H
#define ADOPTER_LIB_KERNELS_KERNELVEC_H

#ifndef ADOPTER_KERNEL_ISA
#error "define ADOPTER_KERNEL_ISA before including KernelVec.h"
#endif

#include <ATen/cpu/vec/vec.h>
#if defined(__FMA__) || defined(__AVX__)
#include <immintrin.h>
#endif
#include <c10/util/BFloat16.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

namespace adopter::kernels::ADOPTER_KERNEL_ISA {
namespace {

#ifdef ADOPTER_KERNELS_VECTOR_EXT
/// Eight floats in a GCC / Clang vector.
class Vec {
public:
  typedef float Lanes __attribute__((vector_size(32)));
  typedef int32_t IntLanes __attribute__((vector_size(32)));
  static constexpr int64_t size() { return 8; }
  Vec() = default;
  Vec(float F) : V{F, F, F, F, F, F, F, F} {}
  static Vec loadu(const float *P) {
    Vec R;
    std::memcpy(&R.V, P, sizeof(Lanes));
    return R;
  }
  void store(float *P) const { std::memcpy(P, &V, sizeof(Lanes)); }
  friend Vec operator+(const Vec &A, const Vec &B) { return make(A.V + B.V); }
  friend Vec operator-(const Vec &A, const Vec &B) { return make(A.V - B.V); }
  friend Vec operator*(const Vec &A, const Vec &B) { return make(A.V * B.V); }
  friend Vec operator/(const Vec &A, const Vec &B) { return make(A.V / B.V); }
  friend Vec maximum(const Vec &A, const Vec &B) {
    return make(A.V > B.V ? A.V : B.V);
  }
  friend Vec minimum(const Vec &A, const Vec &B) {
    return make(A.V < B.V ? A.V : B.V);
  }
  /// Lanes where A < B take T, the others F.
  friend Vec selectLess(const Vec &A, const Vec &B, const Vec &T,
                        const Vec &F) {
    return make(A.V < B.V ? T.V : F.V);
  }
  friend Vec vabs(const Vec &A) { return make(A.V < 0.f ? -A.V : A.V); }
  /// Lanes where X is NaN take X (the NaN), the others R.
  friend Vec passNaN(const Vec &X, const Vec &R) {
    return make(X.V != X.V ? X.V : R.V);
  }
  /// Rounds to the nearest integer (ties away from zero or to even: either
  /// suffices here).
  friend Vec roundNearest(const Vec &A) {
#ifdef __AVX__
    return make(
        _mm256_round_ps(A.V, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC));
#else
    Lanes Half = A.V < 0.f ? Lanes{} - 0.5f : Lanes{} + 0.5f;
    return make(__builtin_convertvector(
        __builtin_convertvector(A.V + Half, IntLanes), Lanes));
#endif
  }
  /// A * B + C; one fused multiply-add (rounded once) where the ISA has it.
  /// Written as `A * B + C` over Vec's operators it would not be contracted:
  /// the product and the sum are separate calls.
  friend Vec fmadd(const Vec &A, const Vec &B, const Vec &C) {
#ifdef __FMA__
    return make(_mm256_fmadd_ps(A.V, B.V, C.V));
#else
    return make(A.V * B.V + C.V);
#endif
  }
  /// 2^N for integral lanes N in [-126, 127].
  friend Vec pow2i(const Vec &N) {
    IntLanes E = (__builtin_convertvector(N.V, IntLanes) + 127) << 23;
    Vec R;
    std::memcpy(&R.V, &E, sizeof(Lanes));
    return R;
  }

private:
  static Vec make(Lanes L) {
    Vec R;
    R.V = L;
    return R;
  }
  Lanes V;
};
#else
using Vec = at::vec::Vectorized<float>;
using at::vec::fmadd;
inline Vec maximum(const Vec &A, const Vec &B) {
  return at::vec::maximum(A, B);
}
inline Vec minimum(const Vec &A, const Vec &B) {
  return at::vec::minimum(A, B);
}
inline Vec selectLess(const Vec &A, const Vec &B, const Vec &T, const Vec &F) {
  return Vec::blendv(F, T, A < B);
}
inline Vec vabs(const Vec &A) { return A.abs(); }
inline Vec passNaN(const Vec &X, const Vec &R) {
  return Vec::blendv(R, X, X != X);
}
inline Vec roundNearest(const Vec &A) { return A.round(); }
inline Vec pow2i(const Vec &N) {
  alignas(64) float L[Vec::size()];
  N.store(L);
  for (float &F : L)
    F = std::ldexp(1.f, static_cast<int>(F));
  return Vec::loadu(L);
}
#endif
constexpr int64_t VecWidth = Vec::size();

/// Rows handed to one task: at least ~32K elements of work.
inline int64_t grainFor(int64_t N) {
  return std::max<int64_t>(1, 32768 / std::max<int64_t>(N, 1));
}

inline float horizontalSum(const Vec &V) {
  alignas(64) float Lanes[VecWidth];
  V.store(Lanes);
  float S = 0.f;
  for (int64_t I = 0; I < VecWidth; ++I)
    S += Lanes[I];
  return S;
}

inline float horizontalMax(const Vec &V) {
  alignas(64) float Lanes[VecWidth];
  V.store(Lanes);
  float M = Lanes[0];
  for (int64_t I = 1; I < VecWidth; ++I)
    M = std::max(M, Lanes[I]);
  return M;
}

/// exp(X), Cephes' expf: X = n ln2 + r, |r| <= ln2 / 2, a degree-5
/// polynomial for e^r. Below -87.3 (where float exp is denormal or 0) it
/// gives 0, above 88.72 (overflow) +inf; NaN stays NaN.
inline Vec vexp(Vec X) {
  constexpr float Lo = -87.33654f, Hi = 88.7228f;
  const Vec In = X;
  X = minimum(maximum(X, Vec(Lo)), Vec(Hi));
  // N in [-126, 127]: pow2i(N) is a normal float. Above 88.38 (N would be
  // 128) R grows to 0.69; the polynomial still holds 2e-7 there.
  Vec N = minimum(roundNearest(X * Vec(1.44269504088896341f)), Vec(127.f));
  Vec R = fmadd(N, Vec(-0.693359375f), X);
  R = fmadd(N, Vec(2.12194440e-4f), R);
  // Cephes' degree-5 polynomial, evaluated in two halves (Estrin) to
  // shorten the chain of dependent multiply-adds.
  Vec R2 = R * R;
  Vec A = fmadd(Vec(1.9875691500E-4f), R, Vec(1.3981999507E-3f));
  Vec B = fmadd(Vec(8.3334519073E-3f), R, Vec(4.1665795894E-2f));
  Vec C = fmadd(Vec(1.6666665459E-1f), R, Vec(5.0000001201E-1f));
  Vec P = fmadd(fmadd(A, R2, B), R2, C);
  P = fmadd(P * R, R, R + Vec(1.f));
  Vec E = P * pow2i(N);
  E = selectLess(In, Vec(Lo), Vec(0.f), E);
  E = selectLess(Vec(Hi), In, Vec(std::numeric_limits<float>::infinity()), E);
  return passNaN(In, E);
}

/// tanh(X) = 1 - 2 / (exp(2X) + 1), with |X| clamped where tanh is +-1 in
/// float; for tiny |X| the polynomial X - X^3/3 avoids the cancellation.
inline Vec vtanh(const Vec &X) {
  Vec C = minimum(maximum(X, Vec(-9.f)), Vec(9.f));
  Vec E = vexp(C * Vec(2.f));
  Vec T = Vec(1.f) - Vec(2.f) / (E + Vec(1.f));
  Vec X2 = X * X;
  Vec Small = X - X * X2 * Vec(1.f / 3.f) + X * X2 * X2 * Vec(2.f / 15.f);
  return passNaN(X, selectLess(vabs(X), Vec(0.0625f), Small, T));
}

/// 1 / (1 + exp(-X)).
inline Vec vsigmoid(const Vec &X) {
  return Vec(1.f) / (Vec(1.f) + vexp(Vec(0.f) - X));
}

/// erfc(A) for A >= 0 (NaN stays NaN): t exp(-A^2 + P(t)), t = 1 / (1 +
/// A / 2), P of degree 9 (Numerical Recipes' erfcc, relative error 1.2e-7
/// over the whole range in exact arithmetic; about 1e-6 in float where
/// erfc is normal, up to 2e-5 at A = 9.5 from the rounding of A^2). No
/// cancellation: the tail of the normal CDF keeps its digits.
inline Vec verfcAbs(const Vec &A) {
  Vec T = Vec(1.f) / fmadd(Vec(0.5f), A, Vec(1.f));
  // P(T) = sum c_i T^i, i = 0..9, evaluated by Estrin's scheme (pairs, then
  // T^2, T^4, T^8): a chain of 4 multiply-adds instead of Horner's 9.
  Vec T2 = T * T, T4 = T2 * T2, T8 = T4 * T4;
  Vec C01 = fmadd(Vec(1.00002368f), T, Vec(-1.26551223f));
  Vec C23 = fmadd(Vec(0.09678418f), T, Vec(0.37409196f));
  Vec C45 = fmadd(Vec(0.27886807f), T, Vec(-0.18628806f));
  Vec C67 = fmadd(Vec(1.48851587f), T, Vec(-1.13520398f));
  Vec C89 = fmadd(Vec(0.17087277f), T, Vec(-0.82215223f));
  Vec P = fmadd(C89, T8, fmadd(fmadd(C67, T2, C45), T4, fmadd(C23, T2, C01)));
  return T * vexp(P - A * A);
}

inline float rowSum(const float *P, int64_t N) {
  Vec A0(0.f), A1(0.f);
  int64_t J = 0;
  for (; J + 2 * VecWidth <= N; J += 2 * VecWidth) {
    A0 = A0 + Vec::loadu(P + J);
    A1 = A1 + Vec::loadu(P + J + VecWidth);
  }
  for (; J + VecWidth <= N; J += VecWidth)
    A0 = A0 + Vec::loadu(P + J);
  float S = horizontalSum(A0 + A1);
  for (; J < N; ++J)
    S += P[J];
  return S;
}

/// Max of P[0, N), N > 0.
inline float rowMax(const float *P, int64_t N) {
  int64_t J = 0;
  float M = P[0];
  if (N >= VecWidth) {
    Vec A = Vec::loadu(P);
    for (J = VecWidth; J + VecWidth <= N; J += VecWidth)
      A = maximum(A, Vec::loadu(P + J));
    M = horizontalMax(A);
  }
  for (; J < N; ++J)
    M = std::max(M, P[J]);
  return M;
}

/// S = X + Y (float).
inline void addRow(const float *X, const float *Y, float *S, int64_t N) {
  int64_t J = 0;
  for (; J + VecWidth <= N; J += VecWidth)
    (Vec::loadu(X + J) + Vec::loadu(Y + J)).store(S + J);
  for (; J < N; ++J)
    S[J] = X[J] + Y[J];
}

template <typename T>
inline void widenRow(const T *Src, float *Dst, int64_t N) {
  for (int64_t J = 0; J < N; ++J)
    Dst[J] = static_cast<float>(Src[J]);
}

template <typename T>
inline void narrowRow(const float *Src, T *Dst, int64_t N) {
  for (int64_t J = 0; J < N; ++J)
    Dst[J] = static_cast<T>(Src[J]);
}

/// Square root of each lane, correctly rounded (as std::sqrt).
inline Vec vsqrt(const Vec &A) {
#ifdef ADOPTER_KERNELS_VECTOR_EXT
  Vec::Lanes L;
  A.store(reinterpret_cast<float *>(&L));
#if defined(__has_builtin)
#if __has_builtin(__builtin_elementwise_sqrt)
#define ADOPTER_KERNELVEC_ELEMENTWISE_SQRT
#endif
#endif
#ifdef ADOPTER_KERNELVEC_ELEMENTWISE_SQRT
  L = __builtin_elementwise_sqrt(L);
#else
  for (int I = 0; I < VecWidth; ++I)
    L[I] = __builtin_sqrtf(L[I]);
#endif
  return Vec::loadu(reinterpret_cast<const float *>(&L));
#else
  return A.sqrt();
#endif
}

} // namespace
} // namespace adopter::kernels::ADOPTER_KERNEL_ISA

#endif // ADOPTER_LIB_KERNELS_KERNELVEC_H
