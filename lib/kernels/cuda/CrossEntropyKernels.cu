//===- CrossEntropyKernels.cu - Fused cross-entropy CUDA kernels ----------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// log_softmax + nll_loss in one: one block per row computes the row's
// logsumexp; the reduction (Sum / Mean) is a single-block pass over the rows
// that recomputes each row's loss from the saved logsumexp. The backward
// writes softmax - onehot directly, never materialising log-probabilities.
//
//===----------------------------------------------------------------------===//

#include "CudaCommon.cuh"

namespace adopter::kernels::cuda {
namespace {

using detail::blockMax;
using detail::blockSum;
using detail::fromF;
using detail::toF;

/// The loss of one row and its weight (0, 0 when ignored).
template <typename T>
__device__ __forceinline__ void
rowLoss(const T *Logits, const int64_t *Targets, const float *ClassWeight,
        const float *Lse, int64_t IgnoreIndex, int64_t C, int64_t Row,
        float &Loss, float &Weight) {
  const int64_t Target = Targets[Row];
  if (Target == IgnoreIndex) {
    Loss = 0.0f;
    Weight = 0.0f;
  } else if (Target < 0 || Target >= C) {
    Loss = NAN;
    Weight = NAN;
  } else {
    Weight = ClassWeight ? ClassWeight[Target] : 1.0f;
    Loss = Weight * (Lse[Row] - toF(Logits[Row * C + Target]));
  }
}

template <typename T>
__global__ void lseKernel(const T *Logits, const int64_t *Targets,
                          const float *ClassWeight, float *Lse, float *Loss,
                          bool PerRow, int64_t IgnoreIndex, int64_t C) {
  __shared__ float Scratch[32];
  const int64_t Row = blockIdx.x;
  const T *X = Logits + Row * C;
  float Max = -INFINITY;
  for (int64_t I = threadIdx.x; I < C; I += blockDim.x)
    Max = fmaxf(Max, toF(X[I]));
  Max = blockMax(Max, Scratch);
  float Sum = 0.0f;
  if (Max != -INFINITY)
    for (int64_t I = threadIdx.x; I < C; I += blockDim.x)
      Sum += __expf(toF(X[I]) - Max);
  Sum = blockSum(Sum, Scratch);
  if (threadIdx.x == 0) {
    Lse[Row] = Max == -INFINITY ? -INFINITY : Max + logf(Sum);
    if (PerRow) {
      float L, W;
      rowLoss(Logits, Targets, ClassWeight, Lse, IgnoreIndex, C, Row, L, W);
      Loss[Row] = L;
    }
  }
}

template <typename T>
__global__ void reduceLossKernel(const T *Logits, const int64_t *Targets,
                                 const float *ClassWeight, const float *Lse,
                                 float *Loss, bool Mean, int64_t IgnoreIndex,
                                 int64_t Rows, int64_t C) {
  __shared__ float Scratch[32];
  float SumL = 0.0f, SumW = 0.0f;
  for (int64_t R = threadIdx.x; R < Rows; R += blockDim.x) {
    float L, W;
    rowLoss(Logits, Targets, ClassWeight, Lse, IgnoreIndex, C, R, L, W);
    SumL += L;
    SumW += W;
  }
  SumL = blockSum(SumL, Scratch);
  SumW = blockSum(SumW, Scratch);
  if (threadIdx.x == 0) {
    Loss[0] = Mean ? SumL / SumW : SumL;
    Loss[1] = SumW;
  }
}

template <typename T>
__global__ void crossEntropyBackwardKernel(
    const T *Logits, const int64_t *Targets, const float *ClassWeight,
    const float *Lse, const float *DLoss, const float *WeightSum, T *DLogits,
    Reduction Red, int64_t IgnoreIndex, int64_t C) {
  const int64_t Row = blockIdx.x;
  const int64_t Target = Targets[Row];
  T *DX = DLogits + Row * C;
  const T *X = Logits + Row * C;
  float G = 0.0f;
  if (Target != IgnoreIndex) {
    if (Target < 0 || Target >= C)
      G = NAN;
    else {
      G = (Red == Reduction::None ? DLoss[Row] : DLoss[0]) *
          (ClassWeight ? ClassWeight[Target] : 1.0f);
      if (Red == Reduction::Mean)
        G /= WeightSum[0];
    }
  }
  const float L = Lse[Row];
  for (int64_t I = threadIdx.x; I < C; I += blockDim.x) {
    const float P = G == 0.0f ? 0.0f : __expf(toF(X[I]) - L);
    DX[I] = fromF<T>(G * (P - (I == Target ? 1.0f : 0.0f)));
  }
}

} // namespace

template <typename T>
cudaError_t crossEntropyForward(const T *Logits, const int64_t *Targets,
                                const float *ClassWeight, float *Lse,
                                float *Loss, Reduction Red, int64_t IgnoreIndex,
                                int64_t Rows, int64_t C, cudaStream_t Stream) {
  if (Rows < 0 || Rows > 0x7fffffff || C <= 0)
    return cudaErrorInvalidValue;
  if (Rows > 0) {
    lseKernel<T>
        <<<static_cast<unsigned>(Rows), detail::rowThreads(C), 0, Stream>>>(
            Logits, Targets, ClassWeight, Lse, Loss, Red == Reduction::None,
            IgnoreIndex, C);
    if (cudaError_t E = cudaGetLastError())
      return E;
  }
  if (Red == Reduction::None)
    return cudaSuccess;
  reduceLossKernel<T><<<1, 1024, 0, Stream>>>(Logits, Targets, ClassWeight, Lse,
                                              Loss, Red == Reduction::Mean,
                                              IgnoreIndex, Rows, C);
  return cudaGetLastError();
}

template <typename T>
cudaError_t crossEntropyBackward(const T *Logits, const int64_t *Targets,
                                 const float *ClassWeight, const float *Lse,
                                 const float *DLoss, const float *WeightSum,
                                 T *DLogits, Reduction Red, int64_t IgnoreIndex,
                                 int64_t Rows, int64_t C, cudaStream_t Stream) {
  if (Rows < 0 || Rows > 0x7fffffff || C <= 0 ||
      (Red == Reduction::Mean && !WeightSum))
    return cudaErrorInvalidValue;
  if (Rows == 0)
    return cudaSuccess;
  crossEntropyBackwardKernel<T>
      <<<static_cast<unsigned>(Rows), detail::rowThreads(C), 0, Stream>>>(
          Logits, Targets, ClassWeight, Lse, DLoss, WeightSum, DLogits, Red,
          IgnoreIndex, C);
  return cudaGetLastError();
}

#define ADOPTER_INSTANTIATE_CE(T)                                              \
  template cudaError_t crossEntropyForward<T>(                                 \
      const T *, const int64_t *, const float *, float *, float *, Reduction,  \
      int64_t, int64_t, int64_t, cudaStream_t);                                \
  template cudaError_t crossEntropyBackward<T>(                                \
      const T *, const int64_t *, const float *, const float *, const float *, \
      const float *, T *, Reduction, int64_t, int64_t, int64_t, cudaStream_t);
ADOPTER_CUDA_INSTANTIATE(ADOPTER_INSTANTIATE_CE)

} // namespace adopter::kernels::cuda
