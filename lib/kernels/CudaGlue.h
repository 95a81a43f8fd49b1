//===- CudaGlue.h - Helpers of the CUDA glue --------------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Shared by the *Cuda.cpp files, which turn CUDA tensors into the raw
// pointers, sizes and stream of the kernels in cuda/CudaKernels.h (the
// pattern of NormsCuda.cpp). Include only from files compiled with
// ADOPTER_KERNELS_WITH_CUDA (it needs a CUDA-enabled LibTorch).
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_LIB_KERNELS_CUDAGLUE_H
#define ADOPTER_LIB_KERNELS_CUDAGLUE_H

#include "cuda/CudaKernels.h"

#include <ATen/core/Tensor.h>
#include <c10/util/Exception.h>

#include <utility>

namespace adopter::kernels::glue {

namespace kc = adopter::kernels::cuda;

/// Device pointer of T's CUDA type (float, __half, __nv_bfloat16, ...) or
/// null for an undefined tensor.
template <typename T> T *ptr(const at::Tensor &X) {
  return X.defined() ? static_cast<T *>(X.data_ptr()) : nullptr;
}

/// Throws a c10::Error naming `What` unless E is cudaSuccess.
inline void check(cudaError_t E, const char *What) {
  TORCH_CHECK(E == cudaSuccess, "adopter_kernels: ", What,
              " failed: ", cudaGetErrorString(E));
}

/// A parameter in the input's dtype (the kernels read weights as T).
inline at::Tensor asInputType(const at::Tensor &P, const at::Tensor &X) {
  if (!P.defined() || P.scalar_type() == X.scalar_type())
    return P;
  return P.to(X.scalar_type()).contiguous();
}

/// Whether the kernels have an instantiation for dtype S.
inline bool isKernelType(at::ScalarType S) {
  return S == at::kFloat || S == at::kHalf || S == at::kBFloat16;
}

template <typename T> struct TypeTag {
  using type = T;
};

/// Calls F(TypeTag<T>{}) with T the CUDA type of S (float, __half or
/// __nv_bfloat16); any other dtype is a TORCH_CHECK error naming `Family`.
template <typename Fn>
void dispatchType(at::ScalarType S, const char *Family, Fn &&F) {
  switch (S) {
  case at::kFloat:
    std::forward<Fn>(F)(TypeTag<float>{});
    break;
  case at::kHalf:
    std::forward<Fn>(F)(TypeTag<__half>{});
    break;
  case at::kBFloat16:
    std::forward<Fn>(F)(TypeTag<__nv_bfloat16>{});
    break;
  default:
    TORCH_CHECK(false, "adopter_kernels: the CUDA ", Family,
                " take float32, float16 or bfloat16 tensors, got ", S);
  }
}

} // namespace adopter::kernels::glue

#endif // ADOPTER_LIB_KERNELS_CUDAGLUE_H
