//===- MultiTensorAdam.cu - Multi-tensor Adam / AdamW CUDA kernel ---------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// One launch updates up to MaxTensors parameters: the descriptors travel in
// the kernel's arguments, each block updates one chunk of one tensor (found
// by a binary search over the chunk prefix sums).
//
//===----------------------------------------------------------------------===//

#include "CudaCommon.cuh"

#include <cmath>

namespace adopter::kernels::cuda {
namespace {

using detail::fromF;
using detail::toF;

constexpr int MaxTensors = 48;
constexpr int64_t ChunkSize = 4096;
constexpr int Threads = 256;

template <typename T> struct AdamBatch {
  AdamTensor<T> Tensors[MaxTensors];
  int64_t ChunkStart[MaxTensors + 1]; // prefix sums of chunks per tensor
  int Count;
};

struct AdamScalars {
  float Lr, Beta1, Beta2, Eps, WeightDecay;
  float StepSize;   // lr / (1 - beta1^step)
  float InvSqrtBc2; // 1 / sqrt(1 - beta2^step)
  bool AdamW;
};

template <typename T>
__global__ void adamKernel(const __grid_constant__ AdamBatch<T> Batch,
                           AdamScalars S) {
  const int64_t Chunk = blockIdx.x;
  int Lo = 0, Hi = Batch.Count - 1; // last tensor with ChunkStart <= Chunk
  while (Lo < Hi) {
    const int Mid = (Lo + Hi + 1) / 2;
    if (Batch.ChunkStart[Mid] <= Chunk)
      Lo = Mid;
    else
      Hi = Mid - 1;
  }
  const AdamTensor<T> &Tn = Batch.Tensors[Lo];
  const int64_t Begin = (Chunk - Batch.ChunkStart[Lo]) * ChunkSize;
  const int64_t End =
      Begin + ChunkSize < Tn.Numel ? Begin + ChunkSize : Tn.Numel;
  for (int64_t I = Begin + threadIdx.x; I < End; I += blockDim.x) {
    float P = toF(Tn.Param[I]);
    float G = toF(Tn.Grad[I]);
    if (S.WeightDecay != 0.0f) {
      if (S.AdamW)
        P *= 1.0f - S.Lr * S.WeightDecay;
      else
        G += S.WeightDecay * P;
    }
    const float M = S.Beta1 * Tn.ExpAvg[I] + (1.0f - S.Beta1) * G;
    const float V = S.Beta2 * Tn.ExpAvgSq[I] + (1.0f - S.Beta2) * G * G;
    Tn.ExpAvg[I] = M;
    Tn.ExpAvgSq[I] = V;
    const float Denom = sqrtf(V) * S.InvSqrtBc2 + S.Eps;
    Tn.Param[I] = fromF<T>(P - S.StepSize * M / Denom);
  }
}

} // namespace

template <typename T>
cudaError_t multiTensorAdam(const AdamTensor<T> *Tensors, int Count,
                            const AdamOptions &Opt, cudaStream_t Stream) {
  if (Count < 0 || Opt.Step < 1)
    return cudaErrorInvalidValue;
  const double Bc1 = 1.0 - std::pow(static_cast<double>(Opt.Beta1),
                                    static_cast<double>(Opt.Step));
  const double Bc2 = 1.0 - std::pow(static_cast<double>(Opt.Beta2),
                                    static_cast<double>(Opt.Step));
  const AdamScalars S{Opt.Lr,
                      Opt.Beta1,
                      Opt.Beta2,
                      Opt.Eps,
                      Opt.WeightDecay,
                      static_cast<float>(Opt.Lr / Bc1),
                      static_cast<float>(1.0 / std::sqrt(Bc2)),
                      Opt.AdamW};
  AdamBatch<T> Batch;
  int I = 0;
  while (I < Count) {
    Batch.Count = 0;
    int64_t Chunks = 0;
    for (; I < Count && Batch.Count < MaxTensors; ++I) {
      if (Tensors[I].Numel <= 0)
        continue;
      Batch.Tensors[Batch.Count] = Tensors[I];
      Batch.ChunkStart[Batch.Count] = Chunks;
      Chunks += (Tensors[I].Numel + ChunkSize - 1) / ChunkSize;
      ++Batch.Count;
    }
    Batch.ChunkStart[Batch.Count] = Chunks;
    if (Chunks == 0)
      continue;
    if (Chunks > 0x7fffffff)
      return cudaErrorInvalidValue;
    adamKernel<T>
        <<<static_cast<unsigned>(Chunks), Threads, 0, Stream>>>(Batch, S);
    if (cudaError_t E = cudaGetLastError())
      return E;
  }
  return cudaSuccess;
}

#define ADOPTER_INSTANTIATE_ADAM(T)                                            \
  template cudaError_t multiTensorAdam<T>(const AdamTensor<T> *, int,          \
                                          const AdamOptions &, cudaStream_t);
ADOPTER_CUDA_INSTANTIATE(ADOPTER_INSTANTIATE_ADAM)

} // namespace adopter::kernels::cuda
