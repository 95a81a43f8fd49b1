//===- LinearCublasLt.cu - Linear + bias + activation via cuBLASLt --------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Y = X W^T + bias (+ ReLU / GELU) with the bias and activation fused into
// the GEMM's epilogue. Row-major Y [M, N] is column-major Y^T [N, M] =
// W X^T, so cuBLASLt computes op(A) = W^T^T (A = W, column-major [K, N],
// transposed) times B = X^T (column-major [K, M]); the bias is a vector
// over the N rows of that column-major result.
//
//===----------------------------------------------------------------------===//

#include "CudaKernels.h"

#include <cublasLt.h>

#include <type_traits>

namespace adopter::kernels::cuda {
namespace {

template <typename T> cudaDataType_t dataType() {
  if (std::is_same<T, float>::value)
    return CUDA_R_32F;
  if (std::is_same<T, __half>::value)
    return CUDA_R_16F;
  return CUDA_R_16BF;
}

/// Destroys the cuBLASLt descriptors on every return path.
struct Descriptors {
  cublasLtMatmulDesc_t Op = nullptr;
  cublasLtMatrixLayout_t A = nullptr, B = nullptr, C = nullptr;
  cublasLtMatmulPreference_t Pref = nullptr;
  ~Descriptors() {
    if (Pref)
      cublasLtMatmulPreferenceDestroy(Pref);
    if (C)
      cublasLtMatrixLayoutDestroy(C);
    if (B)
      cublasLtMatrixLayoutDestroy(B);
    if (A)
      cublasLtMatrixLayoutDestroy(A);
    if (Op)
      cublasLtMatmulDescDestroy(Op);
  }
};

cublasLtEpilogue_t epilogueOf(LinearEpilogue Epi) {
  switch (Epi) {
  case LinearEpilogue::Bias:
    return CUBLASLT_EPILOGUE_BIAS;
  case LinearEpilogue::ReluBias:
    return CUBLASLT_EPILOGUE_RELU_BIAS;
  case LinearEpilogue::GeluBias:
    return CUBLASLT_EPILOGUE_GELU_BIAS;
  default:
    return CUBLASLT_EPILOGUE_DEFAULT;
  }
}

} // namespace

template <typename T>
cudaError_t linearForward(void *Handle, LinearEpilogue Epi, const T *X,
                          const T *W, const T *Bias, T *Y, int64_t M, int64_t N,
                          int64_t K, void *Workspace, size_t WorkspaceBytes,
                          cudaStream_t Stream) {
  if (!Handle || M < 0 || N < 0 || K < 0 ||
      (Epi != LinearEpilogue::None && !Bias))
    return cudaErrorInvalidValue;
  if (M == 0 || N == 0)
    return cudaSuccess;
  if (K == 0)
    return cudaErrorNotSupported; // cuBLASLt needs K >= 1; callers fill bias
  auto *Lt = static_cast<cublasLtHandle_t>(Handle);
  const cudaDataType_t Type = dataType<T>();
  Descriptors D;
#define ADOPTER_LT(CALL)                                                       \
  if ((CALL) != CUBLAS_STATUS_SUCCESS)                                         \
  return cudaErrorNotSupported
  ADOPTER_LT(cublasLtMatmulDescCreate(&D.Op, CUBLAS_COMPUTE_32F, CUDA_R_32F));
  const cublasOperation_t TransA = CUBLAS_OP_T, TransB = CUBLAS_OP_N;
  ADOPTER_LT(cublasLtMatmulDescSetAttribute(D.Op, CUBLASLT_MATMUL_DESC_TRANSA,
                                            &TransA, sizeof(TransA)));
  ADOPTER_LT(cublasLtMatmulDescSetAttribute(D.Op, CUBLASLT_MATMUL_DESC_TRANSB,
                                            &TransB, sizeof(TransB)));
  const cublasLtEpilogue_t Epilogue = epilogueOf(Epi);
  ADOPTER_LT(cublasLtMatmulDescSetAttribute(D.Op, CUBLASLT_MATMUL_DESC_EPILOGUE,
                                            &Epilogue, sizeof(Epilogue)));
  if (Epi != LinearEpilogue::None) {
    ADOPTER_LT(cublasLtMatmulDescSetAttribute(
        D.Op, CUBLASLT_MATMUL_DESC_BIAS_POINTER, &Bias, sizeof(Bias)));
    ADOPTER_LT(cublasLtMatmulDescSetAttribute(
        D.Op, CUBLASLT_MATMUL_DESC_BIAS_DATA_TYPE, &Type, sizeof(Type)));
  }
  // A = W: column-major [K, N], ld K. B = X^T: column-major [K, M], ld K.
  // C = Y^T: column-major [N, M], ld N.
  ADOPTER_LT(cublasLtMatrixLayoutCreate(&D.A, Type, K, N, K));
  ADOPTER_LT(cublasLtMatrixLayoutCreate(&D.B, Type, K, M, K));
  ADOPTER_LT(cublasLtMatrixLayoutCreate(&D.C, Type, N, M, N));
  ADOPTER_LT(cublasLtMatmulPreferenceCreate(&D.Pref));
  const size_t Bytes = Workspace ? WorkspaceBytes : 0;
  ADOPTER_LT(cublasLtMatmulPreferenceSetAttribute(
      D.Pref, CUBLASLT_MATMUL_PREF_MAX_WORKSPACE_BYTES, &Bytes, sizeof(Bytes)));
  cublasLtMatmulHeuristicResult_t Heuristic = {};
  int Found = 0;
  ADOPTER_LT(cublasLtMatmulAlgoGetHeuristic(Lt, D.Op, D.A, D.B, D.C, D.C,
                                            D.Pref, 1, &Heuristic, &Found));
  if (Found == 0)
    return cudaErrorNotSupported;
  const float Alpha = 1.0f, Beta = 0.0f;
  ADOPTER_LT(cublasLtMatmul(Lt, D.Op, &Alpha, W, D.A, X, D.B, &Beta, Y, D.C, Y,
                            D.C, &Heuristic.algo, Workspace, Bytes, Stream));
#undef ADOPTER_LT
  return cudaGetLastError();
}

#define ADOPTER_INSTANTIATE_LINEAR(T)                                          \
  template cudaError_t linearForward<T>(                                       \
      void *, LinearEpilogue, const T *, const T *, const T *, T *, int64_t,   \
      int64_t, int64_t, void *, size_t, cudaStream_t);
ADOPTER_INSTANTIATE_LINEAR(float)
ADOPTER_INSTANTIATE_LINEAR(__half)
ADOPTER_INSTANTIATE_LINEAR(__nv_bfloat16)

} // namespace adopter::kernels::cuda
