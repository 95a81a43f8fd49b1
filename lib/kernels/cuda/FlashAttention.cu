//===- FlashAttention.cu - Tiled attention with online softmax (CUDA) -----===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Correctness-first flash attention: no score matrix in global memory.
//
// Forward: a block of 8 warps takes 8 query rows of one (batch, head), one
// row per warp, and walks the keys in tiles of 32 staged in shared memory.
// Lane j scores key j of the tile; the row keeps a running max m, sum l and
// output accumulator (lane owns dims lane, lane + 32, ...), rescaled by
// exp(m_old - m_new) at each tile (online softmax). It saves the row's
// logsumexp m + log l.
//
// Backward (recompute): p_ij = exp(s_ij - lse_i), dp_ij = dO_i . v_j,
// ds_ij = p_ij (dp_ij - D_i) with D_i = dO_i . O_i. dQ is computed like the
// forward (a warp per query row, tiles of keys); dK and dV by the mirror
// kernel (a warp per key row, tiles of queries), so neither needs atomics.
//
//===----------------------------------------------------------------------===//

#include "CudaCommon.cuh"

namespace adopter::kernels::cuda {
namespace {

using detail::fromF;
using detail::toF;
using detail::warpMax;
using detail::warpSum;

constexpr int MaxD = 128;
constexpr int Tile = 32; // keys (forward, dQ) or queries (dK/dV) per tile
constexpr int Warps = 8; // rows per block
constexpr int Pad = MaxD + 1;
constexpr int DPerLane = MaxD / 32;

struct Geometry {
  int64_t H, Sq, Sk, D;
  float Scale;
};

/// The scaled, masked score of query I and key J of (Bi, Hi), given the raw
/// dot product; -inf when masked out.
template <typename T>
__device__ __forceinline__ float score(const AttnMask &M, int64_t Bi,
                                       int64_t Hi, int64_t I, int64_t J,
                                       float Dot, float Scale) {
  if (M.Causal && J > I)
    return -INFINITY;
  float S = Dot * Scale;
  if (M.Kind != AttnMaskKind::None) {
    const int64_t Off =
        Bi * M.StrideB + Hi * M.StrideH + I * M.StrideQ + J * M.StrideK;
    if (M.Kind == AttnMaskKind::Bool) {
      if (!static_cast<const uint8_t *>(M.Data)[Off])
        return -INFINITY;
    } else {
      S += toF(static_cast<const T *>(M.Data)[Off]);
    }
  }
  return S;
}

/// Loads Rows rows (from First, of a [*, D] matrix at Base) into Dst[r][d]
/// as float, zero past Limit.
template <typename T>
__device__ __forceinline__ void loadTile(float (*Dst)[Pad], const T *Base,
                                         int64_t First, int64_t Limit, int Rows,
                                         int64_t D) {
  for (int64_t Idx = threadIdx.x; Idx < Rows * D; Idx += blockDim.x) {
    const int64_t R = Idx / D, C = Idx % D;
    Dst[R][C] = First + R < Limit ? toF(Base[(First + R) * D + C]) : 0.0f;
  }
}

template <typename T>
__global__ void __launch_bounds__(Warps * 32)
    forwardKernel(const T *Q, const T *K, const T *V, T *O, float *Lse,
                  AttnMask M, Geometry G) {
  __shared__ float Ks[Tile][Pad], Vs[Tile][Pad], Qs[Warps][MaxD];
  const int64_t QBlocks = (G.Sq + Warps - 1) / Warps;
  const int64_t BH = blockIdx.x / QBlocks;
  const int64_t QBase = (blockIdx.x % QBlocks) * Warps;
  const int64_t Bi = BH / G.H, Hi = BH % G.H;
  const int Warp = threadIdx.x >> 5, Lane = threadIdx.x & 31;
  const int64_t Row = QBase + Warp;
  const bool Valid = Row < G.Sq;
  const T *Kb = K + BH * G.Sk * G.D, *Vb = V + BH * G.Sk * G.D;
  if (Valid)
    for (int64_t C = Lane; C < G.D; C += 32)
      Qs[Warp][C] = toF(Q[(BH * G.Sq + Row) * G.D + C]);
  float Acc[DPerLane] = {0.0f, 0.0f, 0.0f, 0.0f};
  float Max = -INFINITY, Sum = 0.0f;
  int64_t KEnd = G.Sk;
  if (M.Causal && QBase + Warps < KEnd)
    KEnd = QBase + Warps; // no later key is visible to these rows
  for (int64_t KT = 0; KT < KEnd; KT += Tile) {
    __syncthreads();
    loadTile(Ks, Kb, KT, G.Sk, Tile, G.D);
    loadTile(Vs, Vb, KT, G.Sk, Tile, G.D);
    __syncthreads();
    if (!Valid)
      continue;
    const int64_t Key = KT + Lane;
    float S = -INFINITY;
    if (Key < G.Sk) {
      float Dot = 0.0f;
      for (int C = 0; C < G.D; ++C)
        Dot += Qs[Warp][C] * Ks[Lane][C];
      S = score<T>(M, Bi, Hi, Row, Key, Dot, G.Scale);
    }
    const float NewMax = fmaxf(Max, warpMax(S));
    if (NewMax == -INFINITY)
      continue; // nothing visible yet
    const float P = S == -INFINITY ? 0.0f : __expf(S - NewMax);
    const float Alpha = Max == -INFINITY ? 0.0f : __expf(Max - NewMax);
    Sum = Sum * Alpha + warpSum(P);
    Max = NewMax;
#pragma unroll
    for (int T2 = 0; T2 < DPerLane; ++T2)
      Acc[T2] *= Alpha;
    for (int J = 0; J < Tile; ++J) {
      const float PJ = __shfl_sync(0xffffffffu, P, J);
#pragma unroll
      for (int T2 = 0; T2 < DPerLane; ++T2)
        Acc[T2] += PJ * Vs[J][Lane + 32 * T2]; // past D: unused lanes
    }
  }
  if (!Valid)
    return;
  const float Inv = Sum > 0.0f ? 1.0f / Sum : 0.0f;
  T *Out = O + (BH * G.Sq + Row) * G.D;
#pragma unroll
  for (int T2 = 0; T2 < DPerLane; ++T2)
    if (Lane + 32 * T2 < G.D)
      Out[Lane + 32 * T2] = fromF<T>(Acc[T2] * Inv);
  if (Lane == 0)
    Lse[BH * G.Sq + Row] = Sum > 0.0f ? Max + logf(Sum) : -INFINITY;
}

/// Delta[row] = dO[row] . O[row], one warp per row.
template <typename T>
__global__ void deltaKernel(const T *O, const T *DO, float *Delta, int64_t Rows,
                            int64_t D) {
  const int64_t Row =
      blockIdx.x * static_cast<int64_t>(Warps) + (threadIdx.x >> 5);
  if (Row >= Rows)
    return;
  float S = 0.0f;
  for (int64_t C = threadIdx.x & 31; C < D; C += 32)
    S += toF(O[Row * D + C]) * toF(DO[Row * D + C]);
  S = warpSum(S);
  if ((threadIdx.x & 31) == 0)
    Delta[Row] = S;
}

template <typename T>
__global__ void __launch_bounds__(Warps * 32)
    dqKernel(const T *Q, const T *K, const T *V, const T *DO, const float *Lse,
             const float *Delta, T *DQ, AttnMask M, Geometry G) {
  __shared__ float Ks[Tile][Pad], Vs[Tile][Pad], Qs[Warps][MaxD],
      DOs[Warps][MaxD];
  const int64_t QBlocks = (G.Sq + Warps - 1) / Warps;
  const int64_t BH = blockIdx.x / QBlocks;
  const int64_t QBase = (blockIdx.x % QBlocks) * Warps;
  const int64_t Bi = BH / G.H, Hi = BH % G.H;
  const int Warp = threadIdx.x >> 5, Lane = threadIdx.x & 31;
  const int64_t Row = QBase + Warp;
  const bool Valid = Row < G.Sq;
  const T *Kb = K + BH * G.Sk * G.D, *Vb = V + BH * G.Sk * G.D;
  float L = -INFINITY, Dl = 0.0f;
  if (Valid) {
    for (int64_t C = Lane; C < G.D; C += 32) {
      Qs[Warp][C] = toF(Q[(BH * G.Sq + Row) * G.D + C]);
      DOs[Warp][C] = toF(DO[(BH * G.Sq + Row) * G.D + C]);
    }
    L = Lse[BH * G.Sq + Row];
    Dl = Delta[BH * G.Sq + Row];
  }
  float Acc[DPerLane] = {0.0f, 0.0f, 0.0f, 0.0f};
  int64_t KEnd = G.Sk;
  if (M.Causal && QBase + Warps < KEnd)
    KEnd = QBase + Warps;
  for (int64_t KT = 0; KT < KEnd; KT += Tile) {
    __syncthreads();
    loadTile(Ks, Kb, KT, G.Sk, Tile, G.D);
    loadTile(Vs, Vb, KT, G.Sk, Tile, G.D);
    __syncthreads();
    if (!Valid || L == -INFINITY)
      continue;
    const int64_t Key = KT + Lane;
    float DS = 0.0f;
    if (Key < G.Sk) {
      float Dot = 0.0f, DP = 0.0f;
      for (int C = 0; C < G.D; ++C) {
        Dot += Qs[Warp][C] * Ks[Lane][C];
        DP += DOs[Warp][C] * Vs[Lane][C];
      }
      const float S = score<T>(M, Bi, Hi, Row, Key, Dot, G.Scale);
      const float P = S == -INFINITY ? 0.0f : __expf(S - L);
      DS = P * (DP - Dl);
    }
    for (int J = 0; J < Tile; ++J) {
      const float DSJ = __shfl_sync(0xffffffffu, DS, J);
#pragma unroll
      for (int T2 = 0; T2 < DPerLane; ++T2)
        Acc[T2] += DSJ * Ks[J][Lane + 32 * T2];
    }
  }
  if (!Valid)
    return;
  T *Out = DQ + (BH * G.Sq + Row) * G.D;
#pragma unroll
  for (int T2 = 0; T2 < DPerLane; ++T2)
    if (Lane + 32 * T2 < G.D)
      Out[Lane + 32 * T2] = fromF<T>(Acc[T2] * G.Scale);
}

template <typename T>
__global__ void __launch_bounds__(Warps * 32)
    dkdvKernel(const T *Q, const T *K, const T *V, const T *DO,
               const float *Lse, const float *Delta, T *DK, T *DV, AttnMask M,
               Geometry G) {
  __shared__ float Qs[Tile][Pad], DOs[Tile][Pad], Ks[Warps][MaxD],
      Vs[Warps][MaxD], Ls[Tile], Ds[Tile];
  const int64_t KBlocks = (G.Sk + Warps - 1) / Warps;
  const int64_t BH = blockIdx.x / KBlocks;
  const int64_t KBase = (blockIdx.x % KBlocks) * Warps;
  const int64_t Bi = BH / G.H, Hi = BH % G.H;
  const int Warp = threadIdx.x >> 5, Lane = threadIdx.x & 31;
  const int64_t Key = KBase + Warp;
  const bool Valid = Key < G.Sk;
  const T *Qb = Q + BH * G.Sq * G.D, *DOb = DO + BH * G.Sq * G.D;
  if (Valid)
    for (int64_t C = Lane; C < G.D; C += 32) {
      Ks[Warp][C] = toF(K[(BH * G.Sk + Key) * G.D + C]);
      Vs[Warp][C] = toF(V[(BH * G.Sk + Key) * G.D + C]);
    }
  float AccK[DPerLane] = {0.0f, 0.0f, 0.0f, 0.0f};
  float AccV[DPerLane] = {0.0f, 0.0f, 0.0f, 0.0f};
  // Causal: queries before KBase see none of these keys.
  const int64_t QStart = M.Causal ? (KBase / Tile) * Tile : 0;
  for (int64_t QT = QStart; QT < G.Sq; QT += Tile) {
    __syncthreads();
    loadTile(Qs, Qb, QT, G.Sq, Tile, G.D);
    loadTile(DOs, DOb, QT, G.Sq, Tile, G.D);
    if (threadIdx.x < Tile) {
      const int64_t Qi = QT + threadIdx.x;
      Ls[threadIdx.x] = Qi < G.Sq ? Lse[BH * G.Sq + Qi] : -INFINITY;
      Ds[threadIdx.x] = Qi < G.Sq ? Delta[BH * G.Sq + Qi] : 0.0f;
    }
    __syncthreads();
    if (!Valid)
      continue;
    const int64_t Qi = QT + Lane;
    float P = 0.0f, DS = 0.0f;
    if (Qi < G.Sq && Ls[Lane] != -INFINITY) {
      float Dot = 0.0f, DP = 0.0f;
      for (int C = 0; C < G.D; ++C) {
        Dot += Ks[Warp][C] * Qs[Lane][C];
        DP += Vs[Warp][C] * DOs[Lane][C];
      }
      const float S = score<T>(M, Bi, Hi, Qi, Key, Dot, G.Scale);
      P = S == -INFINITY ? 0.0f : __expf(S - Ls[Lane]);
      DS = P * (DP - Ds[Lane]);
    }
    for (int I = 0; I < Tile; ++I) {
      const float PI = __shfl_sync(0xffffffffu, P, I);
      const float DSI = __shfl_sync(0xffffffffu, DS, I);
#pragma unroll
      for (int T2 = 0; T2 < DPerLane; ++T2) {
        AccV[T2] += PI * DOs[I][Lane + 32 * T2];
        AccK[T2] += DSI * Qs[I][Lane + 32 * T2];
      }
    }
  }
  if (!Valid)
    return;
  const int64_t Off = (BH * G.Sk + Key) * G.D;
#pragma unroll
  for (int T2 = 0; T2 < DPerLane; ++T2)
    if (Lane + 32 * T2 < G.D) {
      DK[Off + Lane + 32 * T2] = fromF<T>(AccK[T2] * G.Scale);
      DV[Off + Lane + 32 * T2] = fromF<T>(AccV[T2]);
    }
}

bool badArgs(const AttnMask &M, int64_t B, int64_t H, int64_t Sq, int64_t Sk,
             int64_t D) {
  return B < 0 || H < 0 || Sq < 0 || Sk < 0 || D < 1 || D > MaxD ||
         (M.Kind != AttnMaskKind::None && !M.Data);
}

/// Blocks of Warps rows over B * H * Rows, or 0 when that does not fit.
unsigned rowBlocks(int64_t BH, int64_t Rows) {
  const int64_t N = BH * ((Rows + Warps - 1) / Warps);
  return N > 0x7fffffff ? 0u : static_cast<unsigned>(N);
}

} // namespace

size_t flashAttentionBackwardWorkspaceBytes(int64_t B, int64_t H, int64_t Sq) {
  return static_cast<size_t>(B * H * Sq) * sizeof(float);
}

template <typename T>
cudaError_t flashAttentionForward(const T *Q, const T *K, const T *V, T *O,
                                  float *Lse, const AttnMask &Mask, float Scale,
                                  int64_t B, int64_t H, int64_t Sq, int64_t Sk,
                                  int64_t D, cudaStream_t Stream) {
  if (badArgs(Mask, B, H, Sq, Sk, D))
    return cudaErrorInvalidValue;
  if (B * H * Sq == 0)
    return cudaSuccess;
  const unsigned Blocks = rowBlocks(B * H, Sq);
  if (!Blocks)
    return cudaErrorInvalidValue;
  forwardKernel<T><<<Blocks, Warps * 32, 0, Stream>>>(
      Q, K, V, O, Lse, Mask, Geometry{H, Sq, Sk, D, Scale});
  return cudaGetLastError();
}

template <typename T>
cudaError_t flashAttentionBackward(const T *Q, const T *K, const T *V,
                                   const T *O, const T *DO, const float *Lse,
                                   T *DQ, T *DK, T *DV, void *Workspace,
                                   const AttnMask &Mask, float Scale, int64_t B,
                                   int64_t H, int64_t Sq, int64_t Sk, int64_t D,
                                   cudaStream_t Stream) {
  if (badArgs(Mask, B, H, Sq, Sk, D) || (B * H * Sq > 0 && !Workspace))
    return cudaErrorInvalidValue;
  const Geometry G{H, Sq, Sk, D, Scale};
  auto *Delta = static_cast<float *>(Workspace);
  if (B * H * Sq > 0) {
    const unsigned Blocks = rowBlocks(B * H, Sq);
    if (!Blocks)
      return cudaErrorInvalidValue;
    deltaKernel<T><<<rowBlocks(1, B * H * Sq), Warps * 32, 0, Stream>>>(
        O, DO, Delta, B * H * Sq, D);
    dqKernel<T><<<Blocks, Warps * 32, 0, Stream>>>(Q, K, V, DO, Lse, Delta, DQ,
                                                   Mask, G);
    if (cudaError_t E = cudaGetLastError())
      return E;
  }
  if (B * H * Sk > 0) {
    const unsigned Blocks = rowBlocks(B * H, Sk);
    if (!Blocks)
      return cudaErrorInvalidValue;
    dkdvKernel<T><<<Blocks, Warps * 32, 0, Stream>>>(Q, K, V, DO, Lse, Delta,
                                                     DK, DV, Mask, G);
  }
  return cudaGetLastError();
}

#define ADOPTER_INSTANTIATE_ATTN(T)                                            \
  template cudaError_t flashAttentionForward<T>(                               \
      const T *, const T *, const T *, T *, float *, const AttnMask &, float,  \
      int64_t, int64_t, int64_t, int64_t, int64_t, cudaStream_t);              \
  template cudaError_t flashAttentionBackward<T>(                              \
      const T *, const T *, const T *, const T *, const T *, const float *,    \
      T *, T *, T *, void *, const AttnMask &, float, int64_t, int64_t,        \
      int64_t, int64_t, int64_t, cudaStream_t);
ADOPTER_CUDA_INSTANTIATE(ADOPTER_INSTANTIATE_ATTN)

} // namespace adopter::kernels::cuda
