//===- SoftmaxKernels.cu - Scaled masked softmax CUDA kernels -------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// softmax(x * scale (+ mask)) over the last dimension: one block per row,
// three sweeps (max, sum of exponentials, output); the backward two.
//
//===----------------------------------------------------------------------===//

#include "CudaCommon.cuh"

namespace adopter::kernels::cuda {
namespace {

using detail::blockMax;
using detail::blockSum;
using detail::fromF;
using detail::toF;

struct RowShape {
  int64_t H, Q, K;
};

/// Offset of row Row's mask in elements (column 0).
__device__ __forceinline__ int64_t maskRowOffset(const MaskView &M,
                                                 const RowShape &S,
                                                 int64_t Row) {
  const int64_t Qi = Row % S.Q;
  const int64_t Hi = (Row / S.Q) % S.H;
  const int64_t Bi = Row / (S.Q * S.H);
  return Bi * M.StrideB + Hi * M.StrideH + Qi * M.StrideQ;
}

template <typename T>
__device__ __forceinline__ float maskedScore(const MaskView &M, int64_t MBase,
                                             int64_t C, float V) {
  if (M.Kind == MaskKind::BoolFill) {
    if (static_cast<const uint8_t *>(M.Data)[MBase + C * M.StrideK])
      return M.FillValue;
  } else if (M.Kind == MaskKind::Additive) {
    V += toF(static_cast<const T *>(M.Data)[MBase + C * M.StrideK]);
  }
  return V;
}

template <typename T>
__global__ void softmaxForwardKernel(const T *X, T *Y, MaskView M, float Scale,
                                     RowShape S) {
  __shared__ float Scratch[32];
  const int64_t Row = blockIdx.x;
  const int64_t Base = Row * S.K;
  const int64_t MBase = M.Kind == MaskKind::None ? 0 : maskRowOffset(M, S, Row);
  float Max = -INFINITY;
  for (int64_t C = threadIdx.x; C < S.K; C += blockDim.x)
    Max = fmaxf(Max, maskedScore<T>(M, MBase, C, toF(X[Base + C]) * Scale));
  Max = blockMax(Max, Scratch);
  if (Max == -INFINITY) { // every score is -inf: a fully masked row
    for (int64_t C = threadIdx.x; C < S.K; C += blockDim.x)
      Y[Base + C] = fromF<T>(0.0f);
    return;
  }
  float Sum = 0.0f;
  for (int64_t C = threadIdx.x; C < S.K; C += blockDim.x)
    Sum += __expf(maskedScore<T>(M, MBase, C, toF(X[Base + C]) * Scale) - Max);
  const float Inv = 1.0f / blockSum(Sum, Scratch);
  for (int64_t C = threadIdx.x; C < S.K; C += blockDim.x)
    Y[Base + C] = fromF<T>(
        __expf(maskedScore<T>(M, MBase, C, toF(X[Base + C]) * Scale) - Max) *
        Inv);
}

template <typename T>
__global__ void softmaxBackwardKernel(const T *DY, const T *Y, T *DX,
                                      MaskView M, float Scale, RowShape S) {
  __shared__ float Scratch[32];
  const int64_t Row = blockIdx.x;
  const int64_t Base = Row * S.K;
  const bool Fill = M.Kind == MaskKind::BoolFill;
  const int64_t MBase = Fill ? maskRowOffset(M, S, Row) : 0;
  float Dot = 0.0f;
  for (int64_t C = threadIdx.x; C < S.K; C += blockDim.x)
    Dot += toF(DY[Base + C]) * toF(Y[Base + C]);
  Dot = blockSum(Dot, Scratch);
  const uint8_t *Mask = static_cast<const uint8_t *>(M.Data);
  for (int64_t C = threadIdx.x; C < S.K; C += blockDim.x) {
    float G = Scale * toF(Y[Base + C]) * (toF(DY[Base + C]) - Dot);
    if (Fill && Mask[MBase + C * M.StrideK])
      G = 0.0f;
    DX[Base + C] = fromF<T>(G);
  }
}

bool badShape(int64_t B, int64_t H, int64_t Q, int64_t K) {
  return B < 0 || H < 0 || Q < 0 || K < 0 || B * H * Q > 0x7fffffff;
}

} // namespace

template <typename T>
cudaError_t softmaxForward(const T *X, T *Y, const MaskView &Mask, float Scale,
                           int64_t B, int64_t H, int64_t Q, int64_t K,
                           cudaStream_t Stream) {
  if (badShape(B, H, Q, K) || (Mask.Kind != MaskKind::None && !Mask.Data))
    return cudaErrorInvalidValue;
  if (B * H * Q == 0 || K == 0)
    return cudaSuccess;
  softmaxForwardKernel<T>
      <<<static_cast<unsigned>(B * H * Q), detail::rowThreads(K), 0, Stream>>>(
          X, Y, Mask, Scale, RowShape{H, Q, K});
  return cudaGetLastError();
}

template <typename T>
cudaError_t softmaxBackward(const T *DY, const T *Y, T *DX,
                            const MaskView &Mask, float Scale, int64_t B,
                            int64_t H, int64_t Q, int64_t K,
                            cudaStream_t Stream) {
  if (badShape(B, H, Q, K) || (Mask.Kind != MaskKind::None && !Mask.Data))
    return cudaErrorInvalidValue;
  if (B * H * Q == 0 || K == 0)
    return cudaSuccess;
  softmaxBackwardKernel<T>
      <<<static_cast<unsigned>(B * H * Q), detail::rowThreads(K), 0, Stream>>>(
          DY, Y, DX, Mask, Scale, RowShape{H, Q, K});
  return cudaGetLastError();
}

#define ADOPTER_INSTANTIATE_SOFTMAX(T)                                         \
  template cudaError_t softmaxForward<T>(const T *, T *, const MaskView &,     \
                                         float, int64_t, int64_t, int64_t,     \
                                         int64_t, cudaStream_t);               \
  template cudaError_t softmaxBackward<T>(                                     \
      const T *, const T *, T *, const MaskView &, float, int64_t, int64_t,    \
      int64_t, int64_t, cudaStream_t);
ADOPTER_CUDA_INSTANTIATE(ADOPTER_INSTANTIATE_SOFTMAX)

} // namespace adopter::kernels::cuda
