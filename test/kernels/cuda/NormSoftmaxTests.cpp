//===- NormSoftmaxTests.cpp - CUDA norm, dropout-norm, softmax tests ------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "CudaTestUtil.h"
#include "Philox.h"

#include <algorithm>

namespace adopter::kernels::cuda::test {
namespace {

struct NormRef {
  std::vector<double> Y, Mean, Rstd, DX, DW, DB, DXDrop;
};

/// Double reference of norm(S) * W + B and its backward. S is the
/// normalised input as the kernel sees it (already rounded); DSum may be
/// empty; Mask/Scale give the dropout input gradient when not empty.
NormRef normRef(bool LN, const std::vector<float> &S,
                const std::vector<float> *W, const std::vector<float> *B,
                const std::vector<float> &DY, const std::vector<float> &DSum,
                const std::vector<uint8_t> &Mask, double DropScale,
                int64_t Rows, int64_t N, double Eps) {
  NormRef R;
  R.Y.resize(Rows * N);
  R.DX.resize(Rows * N);
  R.DXDrop.resize(Mask.empty() ? 0 : Rows * N);
  R.DW.assign(N, 0.0);
  R.DB.assign(N, 0.0);
  for (int64_t I = 0; I < Rows; ++I) {
    const float *X = S.data() + I * N;
    double M = 0, V = 0;
    if (LN) {
      for (int64_t C = 0; C < N; ++C)
        M += X[C];
      M /= N;
    }
    for (int64_t C = 0; C < N; ++C)
      V += (X[C] - M) * (X[C] - M);
    const double Rs = 1.0 / std::sqrt(V / N + Eps);
    R.Mean.push_back(M);
    R.Rstd.push_back(Rs);
    double SG = 0, SGX = 0;
    for (int64_t C = 0; C < N; ++C) {
      const double XH = (X[C] - M) * Rs;
      const double Wc = W ? (*W)[C] : 1.0;
      R.Y[I * N + C] = XH * Wc + (B ? (*B)[C] : 0.0);
      const double G = DY[I * N + C] * Wc;
      SG += G;
      SGX += G * XH;
      R.DW[C] += DY[I * N + C] * XH;
      R.DB[C] += DY[I * N + C];
    }
    for (int64_t C = 0; C < N; ++C) {
      const double XH = (X[C] - M) * Rs;
      const double G = DY[I * N + C] * (W ? (*W)[C] : 1.0);
      double D = Rs * (G - (LN ? SG / N : 0.0) - XH * SGX / N);
      if (!DSum.empty())
        D += DSum[I * N + C];
      R.DX[I * N + C] = D;
      if (!Mask.empty())
        R.DXDrop[I * N + C] = Mask[I * N + C] ? D * DropScale : 0.0;
    }
  }
  return R;
}

std::vector<double> asDouble(const std::vector<float> &V) {
  return std::vector<double>(V.begin(), V.end());
}

template <typename T>
void normCase(NormType Kind, bool Residual, bool Affine, int64_t Rows,
              int64_t N) {
  const bool LN = Kind == NormType::LayerNorm;
  const std::string Name = std::string(LN ? "layer_norm" : "rms_norm") +
                           (Residual ? "+residual" : "") +
                           (Affine ? "" : " no-affine") + " " +
                           shape({Rows, N});
  const float Eps = 1e-5f;
  Tensor<T> X(Rows * N), Res(Rows * N), W(N), B(N), Sum(Rows * N), Y(Rows * N),
      DY(Rows * N), DSum(Rows * N), DX(Rows * N), DW(N), DB(N);
  Array<float> Mean(Rows), Rstd(Rows);
  fillUniform(X.H, -2.0f, 3.0f); // a non-zero mean
  fillUniform(Res.H, -1.0f, 1.0f);
  fillUniform(W.H, 0.5f, 1.5f);
  fillUniform(B.H, -0.5f, 0.5f);
  fillUniform(DY.H, -1.0f, 1.0f);
  fillUniform(DSum.H, -1.0f, 1.0f);
  for (Tensor<T> *P : {&X, &Res, &W, &B, &DY, &DSum})
    P->toDevice();
  CUDA_OK(normForward<T>(
      Kind, X.ptr(), Residual ? Res.ptr() : nullptr, Affine ? W.ptr() : nullptr,
      Affine ? B.ptr() : nullptr, Residual ? Sum.ptr() : nullptr, Y.ptr(),
      LN ? Mean.ptr() : nullptr, Rstd.ptr(), Rows, N, Eps, nullptr));
  std::vector<float> S = X.H;
  if (Residual) {
    for (int64_t I = 0; I < Rows * N; ++I)
      S[I] = Elem<T>::round(X.H[I] + Res.H[I]);
    expectClose<T>(Name + " sum", Sum.toHost(), asDouble(S));
  }
  const NormRef R = normRef(
      LN, S, Affine ? &W.H : nullptr, Affine && LN ? &B.H : nullptr, DY.H,
      Residual ? DSum.H : std::vector<float>(), {}, 1.0, Rows, N, Eps);
  expectClose<T>(Name + " y", Y.toHost(), R.Y);
  if (LN)
    expectClose(Name + " mean", Mean.toHost(), R.Mean, 1e-5, 1e-5);
  expectClose(Name + " rstd", Rstd.toHost(), R.Rstd, 1e-5, 1e-4);
  CUDA_OK(normBackward<T>(
      Kind, DY.ptr(), Residual ? DSum.ptr() : nullptr,
      Residual ? Sum.ptr() : X.ptr(), LN ? Mean.ptr() : nullptr, Rstd.ptr(),
      Affine ? W.ptr() : nullptr, DX.ptr(), Affine ? DW.ptr() : nullptr,
      Affine && LN ? DB.ptr() : nullptr, nullptr, 1.0f, nullptr, Rows, N,
      nullptr));
  // A 1-element row has xhat = 0 and a huge rstd: dx is rounding noise
  // times rstd, as in any implementation; judge it only for N > 1.
  if (N > 1)
    expectClose<T>(Name + " dx", DX.toHost(), R.DX, 2.0);
  if (Affine) {
    expectClose<T>(Name + " dweight", DW.toHost(), R.DW, 2.0);
    if (LN)
      expectClose<T>(Name + " dbias", DB.toHost(), R.DB, 2.0);
  }
}

template <typename T> void dropoutCase(float P, int64_t Rows, int64_t N) {
  const std::string Name =
      "dropout_add_layer_norm p=" + std::to_string(P) + " " + shape({Rows, N});
  const uint64_t Seed = 42, Offset = 1000;
  Tensor<T> X(Rows * N), Res(Rows * N), W(N), B(N), Sum(Rows * N), Y(Rows * N),
      DY(Rows * N), DX(Rows * N), DXD(Rows * N);
  Array<uint8_t> Mask(Rows * N, 7);
  Array<float> Mean(Rows), Rstd(Rows);
  fillUniform(X.H, -2.0f, 2.0f);
  fillUniform(Res.H, -1.0f, 1.0f);
  fillUniform(W.H, 0.5f, 1.5f);
  fillUniform(B.H, -0.5f, 0.5f);
  fillUniform(DY.H, -1.0f, 1.0f);
  for (Tensor<T> *Q : {&X, &Res, &W, &B, &DY})
    Q->toDevice();
  CUDA_OK(dropoutAddNormForward<T>(NormType::LayerNorm, X.ptr(), Res.ptr(),
                                   W.ptr(), B.ptr(), P, Seed, Offset, Sum.ptr(),
                                   Y.ptr(), Mask.ptr(), Mean.ptr(), Rstd.ptr(),
                                   Rows, N, 1e-5f, nullptr));
  const float Keep = 1.0f - P, Scale = 1.0f / (1.0f - P);
  std::vector<uint8_t> RefMask(Rows * N);
  std::vector<float> S(Rows * N);
  size_t Kept = 0;
  for (int64_t I = 0; I < Rows * N; ++I) {
    RefMask[I] = philoxUniform(Seed, Offset + I) < Keep;
    Kept += RefMask[I];
    const float Xd = RefMask[I] ? Elem<T>::round(X.H[I] * Scale) : 0.0f;
    S[I] = Elem<T>::round(Xd + Res.H[I]);
  }
  if (Mask.toHost() != RefMask) {
    std::printf("FAIL %s mask: differs from the host Philox draw\n",
                Name.c_str());
    ++failures();
  }
  if (Rows * N >= 10000) {
    const double Frac = static_cast<double>(Kept) / (Rows * N);
    if (std::fabs(Frac - Keep) > 0.02) {
      std::printf("FAIL %s: kept %.4f, expected %.4f\n", Name.c_str(), Frac,
                  Keep);
      ++failures();
    }
  }
  expectClose<T>(Name + " sum", Sum.toHost(), asDouble(S));
  const NormRef R =
      normRef(true, S, &W.H, &B.H, DY.H, {}, RefMask, Scale, Rows, N, 1e-5);
  expectClose<T>(Name + " y", Y.toHost(), R.Y);
  CUDA_OK(normBackward<T>(NormType::LayerNorm, DY.ptr(), nullptr, Sum.ptr(),
                          Mean.ptr(), Rstd.ptr(), W.ptr(), DX.ptr(), nullptr,
                          nullptr, Mask.ptr(), Scale, DXD.ptr(), Rows, N,
                          nullptr));
  expectClose<T>(Name + " dresidual", DX.toHost(), R.DX, 2.0);
  expectClose<T>(Name + " dx", DXD.toHost(), R.DXDrop, 2.0);
}

template <typename T> void normsFor() {
  const int64_t Sizes[][2] = {{1, 1},   {3, 7},    {5, 17}, {1, 768},
                              {4, 768}, {2, 3000}, {33, 1}, {64, 4096}};
  for (NormType K : {NormType::LayerNorm, NormType::RMSNorm})
    for (bool Residual : {false, true})
      for (const auto &S : Sizes)
        normCase<T>(K, Residual, true, S[0], S[1]);
  normCase<T>(NormType::LayerNorm, false, false, 6, 33);
  normCase<T>(NormType::RMSNorm, true, false, 6, 33);
  dropoutCase<T>(0.0f, 3, 17);
  dropoutCase<T>(0.1f, 7, 768);
  dropoutCase<T>(0.5f, 16, 1000);
}

/// Reference softmax over rows of [B, H, Q, K] with a mask read at
/// broadcast strides.
struct SoftmaxCase {
  int64_t B, H, Q, K;
  MaskKind Kind;
  bool BroadcastBH; // mask [1, 1, Q, K] instead of [B, H, Q, K]
  float Fill;
};

template <typename T> void softmaxCase(const SoftmaxCase &C) {
  const char *Kinds[] = {"none", "bool", "additive"};
  const std::string Name =
      std::string("softmax mask=") + Kinds[static_cast<int>(C.Kind)] +
      (C.BroadcastBH ? " broadcast" : "") + " fill=" + std::to_string(C.Fill) +
      " " + shape({C.B, C.H, C.Q, C.K});
  const int64_t Rows = C.B * C.H * C.Q, N = Rows * C.K;
  const float Scale = 0.37f;
  Tensor<T> X(N), Y(N), DY(N), DX(N);
  const int64_t MaskN = C.BroadcastBH ? C.Q * C.K : N;
  Array<uint8_t> BoolMask(MaskN);
  Tensor<T> AddMask(MaskN);
  fillUniform(X.H, -4.0f, 4.0f);
  fillUniform(DY.H, -1.0f, 1.0f);
  fillUniform(AddMask.H, -3.0f, 1.0f);
  std::bernoulli_distribution Coin(0.3);
  for (auto &M : BoolMask.H)
    M = Coin(rng());
  // Row 0 of the mask is fully masked (zeros out, not NaN, for -inf fill).
  for (int64_t J = 0; J < C.K; ++J)
    BoolMask.H[J] = 1;
  BoolMask.toDevice();
  X.toDevice();
  DY.toDevice();
  AddMask.toDevice();
  MaskView M;
  M.Kind = C.Kind;
  M.Data = C.Kind == MaskKind::BoolFill
               ? static_cast<const void *>(BoolMask.ptr())
               : static_cast<const void *>(AddMask.ptr());
  M.StrideK = 1;
  M.StrideQ = C.K;
  M.StrideH = C.BroadcastBH ? 0 : C.Q * C.K;
  M.StrideB = C.BroadcastBH ? 0 : C.H * C.Q * C.K;
  M.FillValue = C.Fill;
  CUDA_OK(softmaxForward<T>(X.ptr(), Y.ptr(), M, Scale, C.B, C.H, C.Q, C.K,
                            nullptr));
  std::vector<double> RY(N), RDX(N);
  for (int64_t R = 0; R < Rows; ++R) {
    const int64_t Qi = R % C.Q, Hi = (R / C.Q) % C.H, Bi = R / (C.Q * C.H);
    const int64_t MB = Bi * M.StrideB + Hi * M.StrideH + Qi * M.StrideQ;
    std::vector<double> S(C.K);
    double Max = -INFINITY;
    for (int64_t J = 0; J < C.K; ++J) {
      double V = static_cast<double>(X.H[R * C.K + J]) * Scale;
      if (C.Kind == MaskKind::BoolFill && BoolMask.H[MB + J])
        V = C.Fill;
      else if (C.Kind == MaskKind::Additive)
        V += AddMask.H[MB + J];
      S[J] = V;
      Max = std::max(Max, V);
    }
    double Sum = 0;
    for (int64_t J = 0; J < C.K; ++J)
      Sum += Max == -INFINITY ? 0.0 : std::exp(S[J] - Max);
    for (int64_t J = 0; J < C.K; ++J)
      RY[R * C.K + J] = Max == -INFINITY ? 0.0 : std::exp(S[J] - Max) / Sum;
  }
  expectClose<T>(Name + " y", Y.toHost(), RY);
  // The backward takes the kernel's own y (as autograd would).
  CUDA_OK(softmaxBackward<T>(DY.ptr(), Y.ptr(), DX.ptr(), M, Scale, C.B, C.H,
                             C.Q, C.K, nullptr));
  for (int64_t R = 0; R < Rows; ++R) {
    const int64_t Qi = R % C.Q, Hi = (R / C.Q) % C.H, Bi = R / (C.Q * C.H);
    const int64_t MB = Bi * M.StrideB + Hi * M.StrideH + Qi * M.StrideQ;
    double Dot = 0;
    for (int64_t J = 0; J < C.K; ++J)
      Dot += static_cast<double>(DY.H[R * C.K + J]) * Y.H[R * C.K + J];
    for (int64_t J = 0; J < C.K; ++J) {
      const bool Filled = C.Kind == MaskKind::BoolFill && BoolMask.H[MB + J];
      RDX[R * C.K + J] =
          Filled ? 0.0 : Scale * Y.H[R * C.K + J] * (DY.H[R * C.K + J] - Dot);
    }
  }
  expectClose<T>(Name + " dx", DX.toHost(), RDX);
}

template <typename T> void softmaxFor() {
  const int64_t Shapes[][4] = {{1, 1, 1, 1},
                               {2, 3, 5, 7},
                               {1, 2, 3, 17},
                               {2, 1, 4, 1000},
                               {1, 1, 2, 5000}};
  for (const auto &S : Shapes) {
    softmaxCase<T>({S[0], S[1], S[2], S[3], MaskKind::None, false, 0.0f});
    softmaxCase<T>(
        {S[0], S[1], S[2], S[3], MaskKind::BoolFill, false, -INFINITY});
    softmaxCase<T>({S[0], S[1], S[2], S[3], MaskKind::BoolFill, true, -1e4f});
    softmaxCase<T>({S[0], S[1], S[2], S[3], MaskKind::Additive, true, 0.0f});
    softmaxCase<T>({S[0], S[1], S[2], S[3], MaskKind::Additive, false, 0.0f});
  }
}

} // namespace

void testNorms() {
  normsFor<float>();
  normsFor<__nv_bfloat16>();
}

void testSoftmax() {
  softmaxFor<float>();
  softmaxFor<__nv_bfloat16>();
}

} // namespace adopter::kernels::cuda::test
