//===- CudaTestUtil.h - Harness of the CUDA kernel tests -------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// A small harness for adopter-kernels-cuda-tests (plain C++ and the CUDA
// runtime, no LibTorch, no Catch2 dependency on the GPU host): device
// tensors with a float host mirror, element types float and bf16 (host
// values are rounded to the element type before the double-precision CPU
// reference sees them), and a checker that reports the worst element.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_TEST_KERNELS_CUDA_CUDATESTUTIL_H
#define ADOPTER_TEST_KERNELS_CUDA_CUDATESTUTIL_H

#include "CudaKernels.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

namespace adopter::kernels::cuda::test {

/// Failures so far (every check adds to it; main returns non-zero if any).
inline int &failures() {
  static int F = 0;
  return F;
}

/// Aborts the current test on a CUDA error.
#define CUDA_OK(EXPR)                                                          \
  do {                                                                         \
    cudaError_t E_ = (EXPR);                                                   \
    if (E_ != cudaSuccess) {                                                   \
      std::printf("FAIL %s:%d: %s -> %s\n", __FILE__, __LINE__, #EXPR,         \
                  cudaGetErrorString(E_));                                     \
      ++::adopter::kernels::cuda::test::failures();                            \
      return;                                                                  \
    }                                                                          \
  } while (0)

inline float bf16Round(float F) {
  uint32_t U;
  std::memcpy(&U, &F, 4);
  if (std::isnan(F))
    U = 0x7fc00000u;
  else
    U = (U + 0x7fffu + ((U >> 16) & 1u)) & 0xffff0000u;
  std::memcpy(&F, &U, 4);
  return F;
}

/// Host side of element type T: rounding, bytes, tolerances.
template <typename T> struct Elem;
template <> struct Elem<float> {
  static constexpr const char *Name = "f32";
  static float round(float V) { return V; }
  static void encode(float V, void *Dst) { std::memcpy(Dst, &V, 4); }
  static float decode(const void *Src) {
    float V;
    std::memcpy(&V, Src, 4);
    return V;
  }
  static constexpr size_t Bytes = 4;
  static constexpr double Atol = 2e-4, Rtol = 2e-4;
};
template <> struct Elem<__nv_bfloat16> {
  static constexpr const char *Name = "bf16";
  static float round(float V) { return bf16Round(V); }
  static void encode(float V, void *Dst) {
    uint32_t U;
    V = bf16Round(V);
    std::memcpy(&U, &V, 4);
    const uint16_t H = static_cast<uint16_t>(U >> 16);
    std::memcpy(Dst, &H, 2);
  }
  static float decode(const void *Src) {
    uint16_t H;
    std::memcpy(&H, Src, 2);
    const uint32_t U = static_cast<uint32_t>(H) << 16;
    float V;
    std::memcpy(&V, &U, 4);
    return V;
  }
  static constexpr size_t Bytes = 2;
  // One bf16 rounding of the output is 2^-9 relative; allow a few.
  static constexpr double Atol = 1.5e-2, Rtol = 1.6e-2;
};

/// Untyped device memory.
struct DeviceBuffer {
  void *P = nullptr;
  explicit DeviceBuffer(size_t Bytes) { cudaMalloc(&P, Bytes ? Bytes : 16); }
  ~DeviceBuffer() { cudaFree(P); }
  DeviceBuffer(const DeviceBuffer &) = delete;
  DeviceBuffer &operator=(const DeviceBuffer &) = delete;
};

/// A device tensor of element type T (float or __nv_bfloat16) with a float
/// host mirror H.
template <typename T> struct Tensor {
  std::vector<float> H;
  DeviceBuffer D;
  explicit Tensor(size_t N, float Fill = 0.0f)
      : H(N, Elem<T>::round(Fill)), D(N * Elem<T>::Bytes) {
    toDevice();
  }
  T *ptr() { return static_cast<T *>(D.P); }
  size_t size() const { return H.size(); }
  void toDevice() {
    std::vector<unsigned char> Bytes(H.size() * Elem<T>::Bytes);
    for (size_t I = 0; I < H.size(); ++I) {
      H[I] = Elem<T>::round(H[I]);
      Elem<T>::encode(H[I], Bytes.data() + I * Elem<T>::Bytes);
    }
    cudaMemcpy(D.P, Bytes.data(), Bytes.size(), cudaMemcpyHostToDevice);
  }
  /// Copies the device values into H and returns them.
  const std::vector<float> &toHost() {
    std::vector<unsigned char> Bytes(H.size() * Elem<T>::Bytes);
    cudaDeviceSynchronize();
    cudaMemcpy(Bytes.data(), D.P, Bytes.size(), cudaMemcpyDeviceToHost);
    for (size_t I = 0; I < H.size(); ++I)
      H[I] = Elem<T>::decode(Bytes.data() + I * Elem<T>::Bytes);
    return H;
  }
};

/// Plain device array of a trivially copyable type (float stats, masks...).
template <typename S> struct Array {
  std::vector<S> H;
  DeviceBuffer D;
  explicit Array(size_t N, S Fill = S()) : H(N, Fill), D(N * sizeof(S)) {
    toDevice();
  }
  S *ptr() { return static_cast<S *>(D.P); }
  void toDevice() {
    cudaMemcpy(D.P, H.data(), H.size() * sizeof(S), cudaMemcpyHostToDevice);
  }
  const std::vector<S> &toHost() {
    cudaDeviceSynchronize();
    cudaMemcpy(H.data(), D.P, H.size() * sizeof(S), cudaMemcpyDeviceToHost);
    return H;
  }
};

inline std::mt19937 &rng() {
  static std::mt19937 G(1234);
  return G;
}

inline void fillUniform(std::vector<float> &V, float Lo, float Hi) {
  std::uniform_real_distribution<float> D(Lo, Hi);
  for (float &X : V)
    X = D(rng());
}

/// Compares Got with Ref: |got - ref| <= Atol * Scale + Rtol * |ref|, where
/// Scale is max(1, max |ref|) (so sums of many terms are judged relative to
/// their magnitude). NaN / inf must match exactly. Prints one line.
inline bool expectClose(const std::string &What, const std::vector<float> &Got,
                        const std::vector<double> &Ref, double Atol,
                        double Rtol) {
  if (Got.size() != Ref.size()) {
    std::printf("FAIL %s: size %zu, expected %zu\n", What.c_str(), Got.size(),
                Ref.size());
    ++failures();
    return false;
  }
  double Scale = 1.0;
  for (double R : Ref)
    if (std::isfinite(R))
      Scale = std::max(Scale, std::fabs(R));
  double Worst = 0.0;
  size_t WorstAt = 0;
  bool Ok = true;
  for (size_t I = 0; I < Got.size(); ++I) {
    const double G = Got[I], R = Ref[I];
    if (!std::isfinite(R) || !std::isfinite(G)) {
      const bool Same = (std::isnan(R) && std::isnan(G)) || G == R;
      if (!Same) {
        Ok = false;
        Worst = INFINITY;
        WorstAt = I;
      }
      continue;
    }
    const double Err = std::fabs(G - R) / (Atol * Scale + Rtol * std::fabs(R));
    if (Err > Worst) {
      Worst = Err;
      WorstAt = I;
    }
    if (Err > 1.0)
      Ok = false;
  }
  if (!Ok) {
    std::printf("FAIL %s: element %zu got %.7g expected %.7g (%.3g x the "
                "tolerance)\n",
                What.c_str(), WorstAt, Got.empty() ? 0.0 : Got[WorstAt],
                Ref.empty() ? 0.0 : Ref[WorstAt], Worst);
    ++failures();
  }
  return Ok;
}

template <typename T>
bool expectClose(const std::string &What, const std::vector<float> &Got,
                 const std::vector<double> &Ref, double Factor = 1.0) {
  return expectClose(What + " [" + Elem<T>::Name + "]", Got, Ref,
                     Elem<T>::Atol * Factor, Elem<T>::Rtol * Factor);
}

inline std::string shape(std::initializer_list<int64_t> Dims) {
  std::string S = "[";
  for (int64_t D : Dims)
    S += (S.size() > 1 ? "," : "") + std::to_string(D);
  return S + "]";
}

// The test groups (one file each); every one runs float and bf16.
void testNorms();
void testSoftmax();
void testAttention();
void testEpilogues();
void testLossAndOptim();

} // namespace adopter::kernels::cuda::test

#endif // ADOPTER_TEST_KERNELS_CUDA_CUDATESTUTIL_H
