//===- CudaKernels.h - Raw CUDA kernels of adopter_kernels -----*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// The CUDA kernels of adopter_kernels, on raw device pointers. No LibTorch
// here: the .cu files compile with nvcc alone, and the LibTorch glue (e.g.
// NormsCuda.cpp) or a test calls them with pointers, sizes and a stream.
//
// Conventions, for every function:
//  - T is float, half or __nv_bfloat16 (explicitly instantiated for those
//    three); arithmetic and reductions are done in float.
//  - Tensors are dense and row-major unless strides are given; sizes and
//    strides count elements, not bytes.
//  - Pointers documented "nullable" may be nullptr; all others must be valid
//    device pointers.
//  - The kernels are enqueued on `Stream` and the function returns the
//    launch's cudaError_t (cudaSuccess when nothing had to be launched).
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_LIB_KERNELS_CUDA_CUDAKERNELS_H
#define ADOPTER_LIB_KERNELS_CUDA_CUDAKERNELS_H

#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_runtime_api.h>

#include <cstddef>
#include <cstdint>

namespace adopter::kernels::cuda {

//===----------------------------------------------------------------------===//
// LayerNorm / RMSNorm, optionally after a residual add and a dropout.
//===----------------------------------------------------------------------===//

enum class NormType { LayerNorm, RMSNorm };

/// Forward of y = norm(s) * weight + bias over rows of length N, where
/// s = x (+ residual when Residual is not null). Sum (nullable; required when
/// Residual is given) receives s rounded to T, and the statistics are taken
/// over that rounded s (the backward sees the same input). Mean (nullable;
/// unused for RMSNorm) and Rstd (not null) receive float [Rows]. Weight and
/// Bias are nullable (identity affine; Bias ignored for RMSNorm).
template <typename T>
cudaError_t normForward(NormType Kind, const T *X, const T *Residual,
                        const T *Weight, const T *Bias, T *Sum, T *Y,
                        float *Mean, float *Rstd, int64_t Rows, int64_t N,
                        float Eps, cudaStream_t Stream);

/// Backward of normForward. Input is the normalised input (x, or the sum s).
/// DSum (nullable) is a gradient arriving at the sum output, added to the
/// input gradient. DX (nullable) receives d loss / d s. DWeight / DBias
/// (nullable) receive the column sums (DBias ignored for RMSNorm).
/// DropoutMask (nullable, uint8 [Rows, N]) with DropoutScale: DXDropout
/// (required then) also receives d loss / d x of s = residual + dropout(x),
/// i.e. DX * mask * DropoutScale (DX is then d loss / d residual).
template <typename T>
cudaError_t normBackward(NormType Kind, const T *DY, const T *DSum,
                         const T *Input, const float *Mean, const float *Rstd,
                         const T *Weight, T *DX, T *DWeight, T *DBias,
                         const uint8_t *DropoutMask, float DropoutScale,
                         T *DXDropout, int64_t Rows, int64_t N,
                         cudaStream_t Stream);

/// s = residual + dropout(x, P), then LayerNorm (or RMSNorm) of s. The keep
/// mask (uint8 [Rows, N], 1 = kept, kept values scaled by 1 / (1 - P)) is
/// drawn with philoxUniform(Seed, Offset + row * N + col) < 1 - P and saved
/// in Mask for the backward (normBackward with DropoutMask). Residual is
/// nullable (then s = dropout(x)).
template <typename T>
cudaError_t dropoutAddNormForward(NormType Kind, const T *X, const T *Residual,
                                  const T *Weight, const T *Bias, float P,
                                  uint64_t Seed, uint64_t Offset, T *Sum, T *Y,
                                  uint8_t *Mask, float *Mean, float *Rstd,
                                  int64_t Rows, int64_t N, float Eps,
                                  cudaStream_t Stream);

//===----------------------------------------------------------------------===//
// Scaled masked softmax over the last dimension.
//===----------------------------------------------------------------------===//

enum class MaskKind {
  None,
  /// uint8/bool mask; where it is true the (scaled) score is replaced by
  /// FillValue (masked_fill semantics).
  BoolFill,
  /// Additive mask of type T added to the scaled score.
  Additive,
};

/// A mask broadcast over a logical [B, H, Q, K] score tensor: element
/// (b, h, q, k) is at Data + b * StrideB + h * StrideH + q * StrideQ +
/// k * StrideK; a zero stride broadcasts that dimension.
struct MaskView {
  MaskKind Kind = MaskKind::None;
  const void *Data = nullptr; // const uint8_t* (BoolFill) or const T*
  int64_t StrideB = 0, StrideH = 0, StrideQ = 0, StrideK = 0;
  float FillValue = 0.0f; // BoolFill only
};

/// Y = softmax(X * Scale, masked) over rows of a contiguous [B, H, Q, K]
/// tensor (each row has K elements). A row whose every score is -inf (e.g.
/// fully masked with FillValue -inf) gives all zeros instead of NaN.
template <typename T>
cudaError_t softmaxForward(const T *X, T *Y, const MaskView &Mask, float Scale,
                           int64_t B, int64_t H, int64_t Q, int64_t K,
                           cudaStream_t Stream);

/// DX = Scale * Y * (DY - sum(DY * Y)), and 0 where a BoolFill mask is true.
template <typename T>
cudaError_t softmaxBackward(const T *DY, const T *Y, T *DX,
                            const MaskView &Mask, float Scale, int64_t B,
                            int64_t H, int64_t Q, int64_t K,
                            cudaStream_t Stream);

//===----------------------------------------------------------------------===//
// Flash attention: O = softmax(Q K^T * Scale + mask) V, never materialising
// the score matrix.
//===----------------------------------------------------------------------===//

enum class AttnMaskKind {
  None,
  /// uint8/bool mask, true = take part in attention (the convention of
  /// scaled_dot_product_attention's boolean attn_mask).
  Bool,
  /// Additive mask of type T added to the scaled scores.
  Additive,
};

struct AttnMask {
  AttnMaskKind Kind = AttnMaskKind::None;
  const void *Data = nullptr; // const uint8_t* (Bool) or const T*
  int64_t StrideB = 0, StrideH = 0, StrideQ = 0, StrideK = 0;
  /// Key j is hidden from query i when j > i (top-left aligned, as
  /// is_causal), in addition to Data.
  bool Causal = false;
};

/// Q [B, H, Sq, D], K and V [B, H, Sk, D], O [B, H, Sq, D], all contiguous;
/// D <= 128. Lse (float [B, H, Sq]) receives the per-row logsumexp of the
/// masked scaled scores (-inf for a fully masked row, whose output is 0).
template <typename T>
cudaError_t flashAttentionForward(const T *Q, const T *K, const T *V, T *O,
                                  float *Lse, const AttnMask &Mask, float Scale,
                                  int64_t B, int64_t H, int64_t Sq, int64_t Sk,
                                  int64_t D, cudaStream_t Stream);

/// Bytes of float workspace that flashAttentionBackward needs.
size_t flashAttentionBackwardWorkspaceBytes(int64_t B, int64_t H, int64_t Sq);

/// Backward by recomputation from Q, K, V, O and Lse: writes DQ, DK, DV (same
/// shapes as Q, K, V). Workspace: flashAttentionBackwardWorkspaceBytes bytes.
template <typename T>
cudaError_t flashAttentionBackward(const T *Q, const T *K, const T *V,
                                   const T *O, const T *DO, const float *Lse,
                                   T *DQ, T *DK, T *DV, void *Workspace,
                                   const AttnMask &Mask, float Scale, int64_t B,
                                   int64_t H, int64_t Sq, int64_t Sk, int64_t D,
                                   cudaStream_t Stream);

//===----------------------------------------------------------------------===//
// Bias + activation epilogues, SwiGLU, and the cuBLASLt Linear.
//===----------------------------------------------------------------------===//

enum class Activation { None, GeluExact, GeluTanh, ReLU, SiLU };

/// Y = act(X + Bias) over [Rows, N] (Bias [N] nullable).
template <typename T>
cudaError_t biasActForward(Activation Act, const T *X, const T *Bias, T *Y,
                           int64_t Rows, int64_t N, cudaStream_t Stream);

/// DX = DY * act'(X + Bias) (DX may alias DY); DBias (nullable) receives the
/// column sums of DX.
template <typename T>
cudaError_t biasActBackward(Activation Act, const T *DY, const T *X,
                            const T *Bias, T *DX, T *DBias, int64_t Rows,
                            int64_t N, cudaStream_t Stream);

/// Out = silu(A) * B over [Rows, Cols]; each operand has its own row stride
/// (e.g. the two halves of one [Rows, 2 * Cols] tensor: LdA = LdB = 2 * Cols).
template <typename T>
cudaError_t swigluForward(const T *A, const T *B, T *Out, int64_t Rows,
                          int64_t Cols, int64_t LdA, int64_t LdB, int64_t LdOut,
                          cudaStream_t Stream);

/// DA = DOut * B * silu'(A), DB = DOut * silu(A) (row strides as above; DA and
/// DB use LdA and LdB).
template <typename T>
cudaError_t swigluBackward(const T *DOut, const T *A, const T *B, T *DA, T *DB,
                           int64_t Rows, int64_t Cols, int64_t LdA, int64_t LdB,
                           int64_t LdOut, cudaStream_t Stream);

/// Epilogue of linearForward.
enum class LinearEpilogue { None, Bias, ReluBias, GeluBias };

/// Y [M, N] = X [M, K] W [N, K]^T (+ Bias [N], then ReLU / tanh-GELU) with
/// cuBLASLt (CUBLASLT_EPILOGUE_BIAS / RELU_BIAS / GELU_BIAS), all row-major
/// as torch::nn::Linear. float uses FP32 compute (no TF32); half and bf16
/// accumulate in float. Handle is a cublasLtHandle_t; Workspace (nullable)
/// of WorkspaceBytes lets cuBLASLt pick faster algorithms. Returns
/// cudaErrorNotSupported when cuBLASLt reports an error or finds no
/// algorithm.
template <typename T>
cudaError_t linearForward(void *Handle, LinearEpilogue Epi, const T *X,
                          const T *W, const T *Bias, T *Y, int64_t M, int64_t N,
                          int64_t K, void *Workspace, size_t WorkspaceBytes,
                          cudaStream_t Stream);

//===----------------------------------------------------------------------===//
// Cross-entropy.
//===----------------------------------------------------------------------===//

enum class Reduction { None, Sum, Mean };

/// Logits [Rows, C], Targets int64 [Rows] (IgnoreIndex rows contribute 0),
/// ClassWeight float [C] (nullable). Lse float [Rows] receives the per-row
/// logsumexp. Loss: float [Rows] for Reduction::None (w_t * (lse - x_t)),
/// else float [2]: the summed loss (Sum) or the weighted mean (Mean, as
/// torch::nn::functional::cross_entropy: divided by the sum of the weights
/// of the non-ignored targets), then that sum of weights. A target out of
/// [0, C) that is not IgnoreIndex gives a NaN loss.
template <typename T>
cudaError_t crossEntropyForward(const T *Logits, const int64_t *Targets,
                                const float *ClassWeight, float *Lse,
                                float *Loss, Reduction Red, int64_t IgnoreIndex,
                                int64_t Rows, int64_t C, cudaStream_t Stream);

/// DLogits = g * w_t * (softmax(logits) - onehot(t)), 0 on ignored rows,
/// where g = DLoss[row] (None), DLoss[0] (Sum) or DLoss[0] / WeightSum[0]
/// (Mean; WeightSum = Loss + 1 of the forward, required only for Mean).
template <typename T>
cudaError_t crossEntropyBackward(const T *Logits, const int64_t *Targets,
                                 const float *ClassWeight, const float *Lse,
                                 const float *DLoss, const float *WeightSum,
                                 T *DLogits, Reduction Red, int64_t IgnoreIndex,
                                 int64_t Rows, int64_t C, cudaStream_t Stream);

//===----------------------------------------------------------------------===//
// Multi-tensor Adam / AdamW.
//===----------------------------------------------------------------------===//

/// One parameter of the step: Param and Grad of type T, float moments.
template <typename T> struct AdamTensor {
  T *Param;
  const T *Grad;
  float *ExpAvg;
  float *ExpAvgSq;
  int64_t Numel;
};

struct AdamOptions {
  float Lr = 1e-3f, Beta1 = 0.9f, Beta2 = 0.999f, Eps = 1e-8f;
  float WeightDecay = 0.0f;
  bool AdamW = false; // decoupled weight decay (AdamW) instead of L2 (Adam)
  int64_t Step = 1;   // the step being taken, from 1 (bias correction)
};

/// One torch.optim.Adam / AdamW step over every tensor of Tensors (a host
/// array of Count descriptors of device pointers), in one kernel launch per
/// 48 tensors.
template <typename T>
cudaError_t multiTensorAdam(const AdamTensor<T> *Tensors, int Count,
                            const AdamOptions &Opt, cudaStream_t Stream);

} // namespace adopter::kernels::cuda

#endif // ADOPTER_LIB_KERNELS_CUDA_CUDAKERNELS_H
