//===- ActivationKernels.cu - Bias + activation and SwiGLU CUDA kernels ---===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Elementwise epilogues: y = act(x + bias) and silu(a) * b, forward and
// backward (grid-stride loops; the backward of the bias is a column sum).
//
//===----------------------------------------------------------------------===//

#include "CudaCommon.cuh"

namespace adopter::kernels::cuda {
namespace {

using detail::fromF;
using detail::toF;

constexpr float InvSqrt2 = 0.70710678118654752f;
constexpr float Sqrt2OverPi = 0.79788456080286536f;
constexpr float InvSqrt2Pi = 0.39894228040143268f;

__device__ __forceinline__ float sigmoid(float V) {
  return 1.0f / (1.0f + __expf(-V));
}

__device__ __forceinline__ float activate(Activation Act, float V) {
  switch (Act) {
  case Activation::GeluExact:
    return 0.5f * V * (1.0f + erff(V * InvSqrt2));
  case Activation::GeluTanh:
    return 0.5f * V * (1.0f + tanhf(Sqrt2OverPi * (V + 0.044715f * V * V * V)));
  case Activation::ReLU:
    // NaN stays NaN, as torch::relu (clamp_min) keeps it.
    return V > 0.0f || V != V ? V : 0.0f;
  case Activation::SiLU:
    return V * sigmoid(V);
  default:
    return V;
  }
}

/// d act(v) / dv.
__device__ __forceinline__ float activateGrad(Activation Act, float V) {
  switch (Act) {
  case Activation::GeluExact:
    return 0.5f * (1.0f + erff(V * InvSqrt2)) +
           V * InvSqrt2Pi * __expf(-0.5f * V * V);
  case Activation::GeluTanh: {
    const float Inner = Sqrt2OverPi * (V + 0.044715f * V * V * V);
    const float Th = tanhf(Inner);
    const float DInner = Sqrt2OverPi * (1.0f + 3.0f * 0.044715f * V * V);
    return 0.5f * (1.0f + Th) + 0.5f * V * (1.0f - Th * Th) * DInner;
  }
  case Activation::ReLU:
    // threshold_backward: 0 where V <= 0; a NaN pre-activation passes the
    // gradient (the CPU kernels do the same).
    return V <= 0.0f ? 0.0f : 1.0f;
  case Activation::SiLU: {
    const float S = sigmoid(V);
    return S * (1.0f + V * (1.0f - S));
  }
  default:
    return 1.0f;
  }
}

template <typename T>
__global__ void biasActForwardKernel(Activation Act, const T *X, const T *Bias,
                                     T *Y, int64_t Total, int64_t N) {
  for (int64_t I = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x;
       I < Total; I += static_cast<int64_t>(gridDim.x) * blockDim.x) {
    float V = toF(X[I]);
    if (Bias)
      V = toF(fromF<T>(V + toF(Bias[I % N])));
    Y[I] = fromF<T>(activate(Act, V));
  }
}

template <typename T>
__global__ void biasActBackwardKernel(Activation Act, const T *DY, const T *X,
                                      const T *Bias, T *DX, int64_t Total,
                                      int64_t N) {
  for (int64_t I = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x;
       I < Total; I += static_cast<int64_t>(gridDim.x) * blockDim.x) {
    float V = toF(X[I]);
    if (Bias)
      V = toF(fromF<T>(V + toF(Bias[I % N])));
    DX[I] = fromF<T>(toF(DY[I]) * activateGrad(Act, V));
  }
}

template <typename T> struct DenseTerm {
  const T *Data;
  int64_t N;
  __device__ float operator()(int64_t R, int64_t C) const {
    return toF(Data[R * N + C]);
  }
};

template <typename T>
__global__ void swigluForwardKernel(const T *A, const T *B, T *Out,
                                    int64_t Rows, int64_t Cols, int64_t LdA,
                                    int64_t LdB, int64_t LdOut) {
  const int64_t Total = Rows * Cols;
  for (int64_t I = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x;
       I < Total; I += static_cast<int64_t>(gridDim.x) * blockDim.x) {
    const int64_t R = I / Cols, C = I % Cols;
    const float Av = toF(A[R * LdA + C]);
    Out[R * LdOut + C] = fromF<T>(Av * sigmoid(Av) * toF(B[R * LdB + C]));
  }
}

template <typename T>
__global__ void swigluBackwardKernel(const T *DOut, const T *A, const T *B,
                                     T *DA, T *DB, int64_t Rows, int64_t Cols,
                                     int64_t LdA, int64_t LdB, int64_t LdOut) {
  const int64_t Total = Rows * Cols;
  for (int64_t I = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x;
       I < Total; I += static_cast<int64_t>(gridDim.x) * blockDim.x) {
    const int64_t R = I / Cols, C = I % Cols;
    const float Av = toF(A[R * LdA + C]), Bv = toF(B[R * LdB + C]);
    const float G = toF(DOut[R * LdOut + C]);
    const float S = sigmoid(Av);
    // Read both inputs before writing: DA / DB may alias A / B.
    DA[R * LdA + C] = fromF<T>(G * Bv * S * (1.0f + Av * (1.0f - S)));
    DB[R * LdB + C] = fromF<T>(G * Av * S);
  }
}

constexpr int Threads = 256;

} // namespace

template <typename T>
cudaError_t biasActForward(Activation Act, const T *X, const T *Bias, T *Y,
                           int64_t Rows, int64_t N, cudaStream_t Stream) {
  const int64_t Total = Rows * N;
  if (Total == 0)
    return cudaSuccess;
  biasActForwardKernel<T>
      <<<detail::gridFor(Total, Threads), Threads, 0, Stream>>>(Act, X, Bias, Y,
                                                                Total, N);
  return cudaGetLastError();
}

template <typename T>
cudaError_t biasActBackward(Activation Act, const T *DY, const T *X,
                            const T *Bias, T *DX, T *DBias, int64_t Rows,
                            int64_t N, cudaStream_t Stream) {
  const int64_t Total = Rows * N;
  if (N == 0)
    return cudaSuccess;
  if (Total > 0) {
    biasActBackwardKernel<T>
        <<<detail::gridFor(Total, Threads), Threads, 0, Stream>>>(
            Act, DY, X, Bias, DX, Total, N);
    if (cudaError_t E = cudaGetLastError())
      return E;
  }
  if (DBias)
    return detail::columnSum(DenseTerm<T>{DX, N}, DBias, Rows, N, Stream);
  return cudaSuccess;
}

template <typename T>
cudaError_t swigluForward(const T *A, const T *B, T *Out, int64_t Rows,
                          int64_t Cols, int64_t LdA, int64_t LdB, int64_t LdOut,
                          cudaStream_t Stream) {
  const int64_t Total = Rows * Cols;
  if (Total == 0)
    return cudaSuccess;
  swigluForwardKernel<T>
      <<<detail::gridFor(Total, Threads), Threads, 0, Stream>>>(
          A, B, Out, Rows, Cols, LdA, LdB, LdOut);
  return cudaGetLastError();
}

template <typename T>
cudaError_t swigluBackward(const T *DOut, const T *A, const T *B, T *DA, T *DB,
                           int64_t Rows, int64_t Cols, int64_t LdA, int64_t LdB,
                           int64_t LdOut, cudaStream_t Stream) {
  const int64_t Total = Rows * Cols;
  if (Total == 0)
    return cudaSuccess;
  swigluBackwardKernel<T>
      <<<detail::gridFor(Total, Threads), Threads, 0, Stream>>>(
          DOut, A, B, DA, DB, Rows, Cols, LdA, LdB, LdOut);
  return cudaGetLastError();
}

#define ADOPTER_INSTANTIATE_ACT(T)                                             \
  template cudaError_t biasActForward<T>(Activation, const T *, const T *,     \
                                         T *, int64_t, int64_t, cudaStream_t); \
  template cudaError_t biasActBackward<T>(Activation, const T *, const T *,    \
                                          const T *, T *, T *, int64_t,        \
                                          int64_t, cudaStream_t);              \
  template cudaError_t swigluForward<T>(const T *, const T *, T *, int64_t,    \
                                        int64_t, int64_t, int64_t, int64_t,    \
                                        cudaStream_t);                         \
  template cudaError_t swigluBackward<T>(const T *, const T *, const T *, T *, \
                                         T *, int64_t, int64_t, int64_t,       \
                                         int64_t, int64_t, cudaStream_t);
ADOPTER_CUDA_INSTANTIATE(ADOPTER_INSTANTIATE_ACT)

} // namespace adopter::kernels::cuda
