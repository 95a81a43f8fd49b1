//===- EpilogueTests.cpp - CUDA bias+activation, SwiGLU, Linear tests -----===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "CudaTestUtil.h"

#include <cublasLt.h>

namespace adopter::kernels::cuda::test {
namespace {

double actRef(Activation A, double V) {
  switch (A) {
  case Activation::GeluExact:
    return 0.5 * V * (1.0 + std::erf(V / std::sqrt(2.0)));
  case Activation::GeluTanh:
    return 0.5 * V *
           (1.0 +
            std::tanh(std::sqrt(2.0 / M_PI) * (V + 0.044715 * V * V * V)));
  case Activation::ReLU:
    return V > 0 ? V : 0.0;
  case Activation::SiLU:
    return V / (1.0 + std::exp(-V));
  default:
    return V;
  }
}

double actGradRef(Activation A, double V) {
  if (A == Activation::ReLU)
    return V > 0 ? 1.0 : 0.0;
  const double H = 1e-5 * std::max(1.0, std::fabs(V)); // central difference
  return (actRef(A, V + H) - actRef(A, V - H)) / (2 * H);
}

template <typename T>
void biasActCase(Activation A, bool Bias, int64_t Rows, int64_t N) {
  const char *Names[] = {"none", "gelu", "gelu_tanh", "relu", "silu"};
  const std::string Name = std::string("bias_act ") +
                           Names[static_cast<int>(A)] +
                           (Bias ? "+bias " : " ") + shape({Rows, N});
  Tensor<T> X(Rows * N), Bv(N), Y(Rows * N), DY(Rows * N), DX(Rows * N), DB(N);
  fillUniform(X.H, -4.0f, 4.0f);
  fillUniform(Bv.H, -1.0f, 1.0f);
  fillUniform(DY.H, -1.0f, 1.0f);
  X.toDevice();
  Bv.toDevice();
  DY.toDevice();
  CUDA_OK(biasActForward<T>(A, X.ptr(), Bias ? Bv.ptr() : nullptr, Y.ptr(),
                            Rows, N, nullptr));
  std::vector<double> RY(Rows * N), RDX(Rows * N), RDB(N, 0.0);
  for (int64_t I = 0; I < Rows * N; ++I) {
    // The pre-activation is rounded to T, as the unfused x + bias would be.
    const double Pre = Bias ? Elem<T>::round(X.H[I] + Bv.H[I % N])
                            : static_cast<double>(X.H[I]);
    RY[I] = actRef(A, Pre);
    RDX[I] = DY.H[I] * actGradRef(A, Pre);
    RDB[I % N] += RDX[I];
  }
  expectClose<T>(Name + " y", Y.toHost(), RY);
  CUDA_OK(biasActBackward<T>(A, DY.ptr(), X.ptr(), Bias ? Bv.ptr() : nullptr,
                             DX.ptr(), Bias ? DB.ptr() : nullptr, Rows, N,
                             nullptr));
  expectClose<T>(Name + " dx", DX.toHost(), RDX);
  if (Bias)
    expectClose<T>(Name + " dbias", DB.toHost(), RDB, 2.0);
}

template <typename T> void swigluCase(bool Packed, int64_t Rows, int64_t Cols) {
  const std::string Name =
      std::string("swiglu") + (Packed ? " packed " : " ") + shape({Rows, Cols});
  // Packed: A and B are the two halves of one [Rows, 2 * Cols] tensor.
  const int64_t Ld = Packed ? 2 * Cols : Cols;
  Tensor<T> In(Rows * 2 * Cols), Out(Rows * Cols), DOut(Rows * Cols),
      DIn(Rows * 2 * Cols);
  fillUniform(In.H, -4.0f, 4.0f);
  fillUniform(DOut.H, -1.0f, 1.0f);
  In.toDevice();
  DOut.toDevice();
  T *A = In.ptr(), *B = In.ptr() + (Packed ? Cols : Rows * Cols);
  T *DA = DIn.ptr(), *DB = DIn.ptr() + (Packed ? Cols : Rows * Cols);
  auto At = [&](int64_t R, int64_t C) { return R * Ld + C; };
  const int64_t BOff = Packed ? Cols : Rows * Cols;
  CUDA_OK(swigluForward<T>(A, B, Out.ptr(), Rows, Cols, Ld, Ld, Cols, nullptr));
  std::vector<double> RO(Rows * Cols), RD(Rows * 2 * Cols, 0.0);
  for (int64_t R = 0; R < Rows; ++R)
    for (int64_t C = 0; C < Cols; ++C) {
      const double Av = In.H[At(R, C)], Bv = In.H[BOff + At(R, C)];
      const double G = DOut.H[R * Cols + C];
      const double S = 1.0 / (1.0 + std::exp(-Av));
      RO[R * Cols + C] = Av * S * Bv;
      RD[At(R, C)] = G * Bv * S * (1.0 + Av * (1.0 - S));
      RD[BOff + At(R, C)] = G * Av * S;
    }
  expectClose<T>(Name + " out", Out.toHost(), RO);
  CUDA_OK(swigluBackward<T>(DOut.ptr(), A, B, DA, DB, Rows, Cols, Ld, Ld, Cols,
                            nullptr));
  expectClose<T>(Name + " d(a, b)", DIn.toHost(), RD);
}

template <typename T>
void linearCase(cublasLtHandle_t Handle, LinearEpilogue Epi, int64_t M,
                int64_t N, int64_t K) {
  const char *Names[] = {"none", "bias", "relu_bias", "gelu_bias"};
  const std::string Name = std::string("linear ") +
                           Names[static_cast<int>(Epi)] + " " +
                           shape({M, N, K});
  Tensor<T> X(M * K), W(N * K), B(N), Y(M * N);
  fillUniform(X.H, -1.0f, 1.0f);
  fillUniform(W.H, -1.0f, 1.0f);
  fillUniform(B.H, -1.0f, 1.0f);
  X.toDevice();
  W.toDevice();
  B.toDevice();
  Array<unsigned char> Work(4 << 20);
  CUDA_OK(linearForward<T>(Handle, Epi, X.ptr(), W.ptr(),
                           Epi == LinearEpilogue::None ? nullptr : B.ptr(),
                           Y.ptr(), M, N, K, Work.ptr(), 4 << 20, nullptr));
  std::vector<double> RY(M * N);
  for (int64_t I = 0; I < M; ++I)
    for (int64_t J = 0; J < N; ++J) {
      double S = 0;
      for (int64_t L = 0; L < K; ++L)
        S += static_cast<double>(X.H[I * K + L]) * W.H[J * K + L];
      if (Epi != LinearEpilogue::None)
        S += B.H[J];
      if (Epi == LinearEpilogue::ReluBias)
        S = S > 0 ? S : 0.0;
      else if (Epi == LinearEpilogue::GeluBias) // cuBLASLt: tanh GELU
        S = actRef(Activation::GeluTanh, S);
      RY[I * N + J] = S;
    }
  // Judged relative to max |y| (see expectClose), which grows with K.
  expectClose<T>(Name + " y", Y.toHost(), RY);
}

template <typename T> void epiloguesFor(cublasLtHandle_t Handle) {
  const int64_t Sizes[][2] = {{1, 1}, {7, 17}, {33, 1000}, {3, 4099}};
  for (Activation A :
       {Activation::None, Activation::GeluExact, Activation::GeluTanh,
        Activation::ReLU, Activation::SiLU})
    for (bool Bias : {false, true})
      for (const auto &S : Sizes)
        biasActCase<T>(A, Bias, S[0], S[1]);
  for (bool Packed : {false, true})
    for (const auto &S : Sizes)
      swigluCase<T>(Packed, S[0], S[1]);
  const int64_t Mats[][3] = {
      {1, 1, 1}, {7, 17, 33}, {64, 96, 80}, {5, 768, 768}};
  for (LinearEpilogue E : {LinearEpilogue::None, LinearEpilogue::Bias,
                           LinearEpilogue::ReluBias, LinearEpilogue::GeluBias})
    for (const auto &S : Mats)
      linearCase<T>(Handle, E, S[0], S[1], S[2]);
}

} // namespace

void testEpilogues() {
  cublasLtHandle_t Handle;
  if (cublasLtCreate(&Handle) != CUBLAS_STATUS_SUCCESS) {
    std::printf("FAIL cublasLtCreate\n");
    ++failures();
    return;
  }
  epiloguesFor<float>(Handle);
  epiloguesFor<__nv_bfloat16>(Handle);
  cublasLtDestroy(Handle);
}

} // namespace adopter::kernels::cuda::test
