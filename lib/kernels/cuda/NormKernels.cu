//===- NormKernels.cu - Fused LayerNorm / RMSNorm CUDA kernels ------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// One block per row: the forward makes three sweeps over the row (sum, then
// centred sum of squares, then the output), the backward two; the row stays
// in L1/L2 between sweeps. dWeight / dBias are column sums over the rows
// (columnSum in CudaCommon.cuh), deterministic (no atomics).
//
//===----------------------------------------------------------------------===//

#include "CudaCommon.cuh"
#include "Philox.h"

namespace adopter::kernels::cuda {
namespace {

using detail::blockSum;
using detail::fromF;
using detail::toF;

template <typename T> struct NormFwdArgs {
  bool LayerNorm;
  const T *X, *Residual, *Weight, *Bias;
  T *Sum, *Y;
  float *Mean, *Rstd;
  int64_t N;
  float Eps;
  // Dropout of X before the add.
  bool Dropout;
  float Keep, Scale;
  uint64_t Seed, Offset;
  uint8_t *Mask;
};

template <typename T> __global__ void normForwardKernel(NormFwdArgs<T> A) {
  __shared__ float Scratch[32];
  const int64_t Base = static_cast<int64_t>(blockIdx.x) * A.N;
  const bool Stage = A.Residual != nullptr || A.Dropout;
  float Acc = 0.0f;
  for (int64_t C = threadIdx.x; C < A.N; C += blockDim.x) {
    float V;
    if (Stage) {
      float Xv = toF(A.X[Base + C]);
      if (A.Dropout) {
        const bool Kept = philoxUniform(A.Seed, A.Offset + Base + C) < A.Keep;
        A.Mask[Base + C] = Kept ? 1 : 0;
        Xv = Kept ? toF(fromF<T>(Xv * A.Scale)) : 0.0f;
      }
      const T S =
          fromF<T>(Xv + (A.Residual ? toF(A.Residual[Base + C]) : 0.0f));
      A.Sum[Base + C] = S;
      V = toF(S);
    } else {
      V = toF(A.X[Base + C]);
    }
    Acc += V;
  }
  const T *In = Stage ? A.Sum : A.X;
  const float Inv = 1.0f / static_cast<float>(A.N);
  const float Mean = A.LayerNorm ? blockSum(Acc, Scratch) * Inv : 0.0f;
  Acc = 0.0f;
  for (int64_t C = threadIdx.x; C < A.N; C += blockDim.x) {
    const float D = toF(In[Base + C]) - Mean;
    Acc += D * D;
  }
  const float Rstd = rsqrtf(blockSum(Acc, Scratch) * Inv + A.Eps);
  if (threadIdx.x == 0) {
    if (A.Mean)
      A.Mean[blockIdx.x] = Mean;
    A.Rstd[blockIdx.x] = Rstd;
  }
  for (int64_t C = threadIdx.x; C < A.N; C += blockDim.x) {
    float V = (toF(In[Base + C]) - Mean) * Rstd;
    if (A.Weight)
      V *= toF(A.Weight[C]);
    if (A.Bias)
      V += toF(A.Bias[C]);
    A.Y[Base + C] = fromF<T>(V);
  }
}

template <typename T> struct NormBwdArgs {
  bool LayerNorm;
  const T *DY, *DSum, *Input;
  const float *Mean, *Rstd;
  const T *Weight;
  T *DX;
  const uint8_t *Mask;
  float DropoutScale;
  T *DXDropout;
  int64_t N;
};

template <typename T> __global__ void normBackwardKernel(NormBwdArgs<T> A) {
  __shared__ float Scratch[32];
  const int64_t Base = static_cast<int64_t>(blockIdx.x) * A.N;
  const float Mean = A.LayerNorm ? A.Mean[blockIdx.x] : 0.0f;
  const float Rstd = A.Rstd[blockIdx.x];
  float SumG = 0.0f, SumGX = 0.0f;
  for (int64_t C = threadIdx.x; C < A.N; C += blockDim.x) {
    const float XHat = (toF(A.Input[Base + C]) - Mean) * Rstd;
    float G = toF(A.DY[Base + C]);
    if (A.Weight)
      G *= toF(A.Weight[C]);
    SumG += G;
    SumGX += G * XHat;
  }
  const float Inv = 1.0f / static_cast<float>(A.N);
  const float MeanG = A.LayerNorm ? blockSum(SumG, Scratch) * Inv : 0.0f;
  const float MeanGX = blockSum(SumGX, Scratch) * Inv;
  for (int64_t C = threadIdx.x; C < A.N; C += blockDim.x) {
    const float XHat = (toF(A.Input[Base + C]) - Mean) * Rstd;
    float G = toF(A.DY[Base + C]);
    if (A.Weight)
      G *= toF(A.Weight[C]);
    float DX = Rstd * (G - MeanG - XHat * MeanGX);
    if (A.DSum)
      DX += toF(A.DSum[Base + C]);
    if (A.DX)
      A.DX[Base + C] = fromF<T>(DX);
    if (A.Mask)
      A.DXDropout[Base + C] =
          fromF<T>(A.Mask[Base + C] ? DX * A.DropoutScale : 0.0f);
  }
}

/// dWeight column term dy * xhat.
template <typename T> struct DWeightTerm {
  const T *DY, *Input;
  const float *Mean, *Rstd;
  int64_t N;
  __device__ float operator()(int64_t R, int64_t C) const {
    const float M = Mean ? Mean[R] : 0.0f;
    return toF(DY[R * N + C]) * (toF(Input[R * N + C]) - M) * Rstd[R];
  }
};

template <typename T> struct PlainTerm {
  const T *Data;
  int64_t N;
  __device__ float operator()(int64_t R, int64_t C) const {
    return toF(Data[R * N + C]);
  }
};

template <typename T>
cudaError_t launchForward(const NormFwdArgs<T> &A, int64_t Rows,
                          cudaStream_t Stream) {
  if (Rows == 0 || A.N == 0)
    return cudaSuccess;
  if (Rows > 0x7fffffff)
    return cudaErrorInvalidValue;
  normForwardKernel<T>
      <<<static_cast<unsigned>(Rows), detail::rowThreads(A.N), 0, Stream>>>(A);
  return cudaGetLastError();
}

} // namespace

template <typename T>
cudaError_t normForward(NormType Kind, const T *X, const T *Residual,
                        const T *Weight, const T *Bias, T *Sum, T *Y,
                        float *Mean, float *Rstd, int64_t Rows, int64_t N,
                        float Eps, cudaStream_t Stream) {
  if (Residual && !Sum)
    return cudaErrorInvalidValue;
  const bool LN = Kind == NormType::LayerNorm;
  NormFwdArgs<T> A{LN,
                   X,
                   Residual,
                   Weight,
                   LN ? Bias : nullptr,
                   Sum,
                   Y,
                   LN ? Mean : nullptr,
                   Rstd,
                   N,
                   Eps,
                   false,
                   1.0f,
                   1.0f,
                   0,
                   0,
                   nullptr};
  return launchForward(A, Rows, Stream);
}

template <typename T>
cudaError_t dropoutAddNormForward(NormType Kind, const T *X, const T *Residual,
                                  const T *Weight, const T *Bias, float P,
                                  uint64_t Seed, uint64_t Offset, T *Sum, T *Y,
                                  uint8_t *Mask, float *Mean, float *Rstd,
                                  int64_t Rows, int64_t N, float Eps,
                                  cudaStream_t Stream) {
  if (!Sum || !Mask || !(P >= 0.0f && P < 1.0f))
    return cudaErrorInvalidValue;
  const bool LN = Kind == NormType::LayerNorm;
  NormFwdArgs<T> A{LN,
                   X,
                   Residual,
                   Weight,
                   LN ? Bias : nullptr,
                   Sum,
                   Y,
                   LN ? Mean : nullptr,
                   Rstd,
                   N,
                   Eps,
                   true,
                   1.0f - P,
                   1.0f / (1.0f - P),
                   Seed,
                   Offset,
                   Mask};
  return launchForward(A, Rows, Stream);
}

template <typename T>
cudaError_t normBackward(NormType Kind, const T *DY, const T *DSum,
                         const T *Input, const float *Mean, const float *Rstd,
                         const T *Weight, T *DX, T *DWeight, T *DBias,
                         const uint8_t *DropoutMask, float DropoutScale,
                         T *DXDropout, int64_t Rows, int64_t N,
                         cudaStream_t Stream) {
  const bool LN = Kind == NormType::LayerNorm;
  if (N == 0)
    return cudaSuccess;
  if (Rows > 0x7fffffff || (DropoutMask && !DXDropout))
    return cudaErrorInvalidValue;
  if (Rows > 0 && (DX || DropoutMask)) {
    NormBwdArgs<T> A{LN,        DY,     DSum, Input,       LN ? Mean : nullptr,
                     Rstd,      Weight, DX,   DropoutMask, DropoutScale,
                     DXDropout, N};
    normBackwardKernel<T>
        <<<static_cast<unsigned>(Rows), detail::rowThreads(N), 0, Stream>>>(A);
    if (cudaError_t E = cudaGetLastError())
      return E;
  }
  if (DWeight) {
    DWeightTerm<T> F{DY, Input, LN ? Mean : nullptr, Rstd, N};
    if (cudaError_t E = detail::columnSum(F, DWeight, Rows, N, Stream))
      return E;
  }
  if (DBias && LN)
    return detail::columnSum(PlainTerm<T>{DY, N}, DBias, Rows, N, Stream);
  return cudaSuccess;
}

#define ADOPTER_INSTANTIATE_NORMS(T)                                           \
  template cudaError_t normForward<T>(                                         \
      NormType, const T *, const T *, const T *, const T *, T *, T *, float *, \
      float *, int64_t, int64_t, float, cudaStream_t);                         \
  template cudaError_t normBackward<T>(                                        \
      NormType, const T *, const T *, const T *, const float *, const float *, \
      const T *, T *, T *, T *, const uint8_t *, float, T *, int64_t, int64_t, \
      cudaStream_t);                                                           \
  template cudaError_t dropoutAddNormForward<T>(                               \
      NormType, const T *, const T *, const T *, const T *, float, uint64_t,   \
      uint64_t, T *, T *, uint8_t *, float *, float *, int64_t, int64_t,       \
      float, cudaStream_t);
ADOPTER_CUDA_INSTANTIATE(ADOPTER_INSTANTIATE_NORMS)

} // namespace adopter::kernels::cuda
