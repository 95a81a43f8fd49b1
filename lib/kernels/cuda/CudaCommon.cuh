//===- CudaCommon.cuh - Shared device helpers of CUDA kernels ---*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Conversions to and from float, warp / block reductions, and the explicit
// instantiation macro, shared by the .cu files of lib/kernels/cuda.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_LIB_KERNELS_CUDA_CUDACOMMON_CUH
#define ADOPTER_LIB_KERNELS_CUDA_CUDACOMMON_CUH

#include "CudaKernels.h"

#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_runtime.h>

#include <cstdint>

namespace adopter::kernels::cuda {
namespace detail {

__device__ __forceinline__ float toF(float V) { return V; }
__device__ __forceinline__ float toF(__half V) { return __half2float(V); }
__device__ __forceinline__ float toF(__nv_bfloat16 V) {
  return __bfloat162float(V);
}

template <typename T> __device__ __forceinline__ T fromF(float V);
template <> __device__ __forceinline__ float fromF<float>(float V) { return V; }
template <> __device__ __forceinline__ __half fromF<__half>(float V) {
  return __float2half_rn(V);
}
template <>
__device__ __forceinline__ __nv_bfloat16 fromF<__nv_bfloat16>(float V) {
  return __float2bfloat16_rn(V);
}

__device__ __forceinline__ float warpSum(float V) {
#pragma unroll
  for (int Off = 16; Off > 0; Off >>= 1)
    V += __shfl_xor_sync(0xffffffffu, V, Off);
  return V;
}

__device__ __forceinline__ float warpMax(float V) {
#pragma unroll
  for (int Off = 16; Off > 0; Off >>= 1)
    V = fmaxf(V, __shfl_xor_sync(0xffffffffu, V, Off));
  return V;
}

/// Sum over the block (blockDim.x a multiple of 32, at most 1024), returned
/// to every thread. Scratch: 32 floats of shared memory; safe to call
/// repeatedly with the same scratch.
__device__ __forceinline__ float blockSum(float V, float *Scratch) {
  const int Lane = threadIdx.x & 31, Warp = threadIdx.x >> 5;
  const int NumWarps = blockDim.x >> 5;
  V = warpSum(V);
  __syncthreads(); // previous use of Scratch is over
  if (Lane == 0)
    Scratch[Warp] = V;
  __syncthreads();
  V = Lane < NumWarps ? Scratch[Lane] : 0.0f;
  return warpSum(V);
}

__device__ __forceinline__ float blockMax(float V, float *Scratch) {
  const int Lane = threadIdx.x & 31, Warp = threadIdx.x >> 5;
  const int NumWarps = blockDim.x >> 5;
  V = warpMax(V);
  __syncthreads();
  if (Lane == 0)
    Scratch[Warp] = V;
  __syncthreads();
  V = Lane < NumWarps ? Scratch[Lane] : -INFINITY;
  return warpMax(V);
}

/// Threads per block for a row kernel over rows of N elements.
inline int rowThreads(int64_t N) {
  int Threads = 32;
  while (Threads < 1024 && Threads < N)
    Threads *= 2;
  return Threads < 128 ? (N <= 32 ? 32 : 128) : (Threads > 512 ? 512 : Threads);
}

/// Column sums Out[c] = sum_r In(r, c) over a [Rows, N] matrix, computed by
/// columnSumKernel from a functor giving the float value of (r, c).
template <typename T, typename F>
__global__ void columnSumKernel(F Value, T *Out, int64_t Rows, int64_t N) {
  __shared__ float Partial[16][33];
  const int64_t Col = blockIdx.x * 32 + threadIdx.x;
  float Acc = 0.0f;
  if (Col < N)
    for (int64_t R = threadIdx.y; R < Rows; R += 16)
      Acc += Value(R, Col);
  Partial[threadIdx.y][threadIdx.x] = Acc;
  __syncthreads();
  if (threadIdx.y == 0 && Col < N) {
    float S = 0.0f;
    for (int I = 0; I < 16; ++I)
      S += Partial[I][threadIdx.x];
    Out[Col] = fromF<T>(S);
  }
}

template <typename T, typename F>
cudaError_t columnSum(F Value, T *Out, int64_t Rows, int64_t N,
                      cudaStream_t Stream) {
  if (N == 0)
    return cudaSuccess;
  const dim3 Grid(static_cast<unsigned>((N + 31) / 32));
  columnSumKernel<T, F><<<Grid, dim3(32, 16), 0, Stream>>>(Value, Out, Rows, N);
  return cudaGetLastError();
}

inline unsigned gridFor(int64_t Work, int Threads,
                        int64_t MaxBlocks = 65535LL * 16) {
  int64_t Blocks = (Work + Threads - 1) / Threads;
  if (Blocks < 1)
    Blocks = 1;
  return static_cast<unsigned>(Blocks < MaxBlocks ? Blocks : MaxBlocks);
}

} // namespace detail
} // namespace adopter::kernels::cuda

/// Explicitly instantiates a template function for float, half and bf16:
/// ADOPTER_CUDA_INSTANTIATE(MACRO) expands MACRO(float), MACRO(__half), ...
#define ADOPTER_CUDA_INSTANTIATE(M)                                            \
  M(float)                                                                     \
  M(__half)                                                                    \
  M(__nv_bfloat16)

#endif // ADOPTER_LIB_KERNELS_CUDA_CUDACOMMON_CUH
