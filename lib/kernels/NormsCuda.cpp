//===- NormsCuda.cpp - CUDA tensors of the fused norms --------------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// LibTorch glue from CUDA tensors to the raw CUDA norm kernels
// (cuda/CudaKernels.h), on the current CUDA stream of the tensor's device.
// Built only against a CUDA-enabled LibTorch (ADOPTER_KERNELS_WITH_CUDA);
// normForward / normBackward (NormKernels.cpp) route CUDA tensors here, so
// NormFunction's fused autograd backward serves both devices.
//
//===----------------------------------------------------------------------===//

#include "NormKernels.h"

#include "cuda/CudaKernels.h"

#include <ATen/cuda/CUDAContext.h>
#include <ATen/ops/empty.h>
#include <ATen/ops/empty_like.h>
#include <c10/cuda/CUDAGuard.h>
#include <c10/util/BFloat16.h>
#include <c10/util/Exception.h>
#include <c10/util/Half.h>

namespace adopter::kernels {
namespace {

namespace kc = adopter::kernels::cuda;

/// Device pointer of T's CUDA type (float, __half, __nv_bfloat16) or null.
template <typename T> T *ptr(const at::Tensor &X) {
  return X.defined() ? static_cast<T *>(X.data_ptr()) : nullptr;
}

kc::NormType typeOf(NormKind Kind) {
  return Kind == NormKind::LayerNorm ? kc::NormType::LayerNorm
                                     : kc::NormType::RMSNorm;
}

void check(cudaError_t E, const char *What) {
  TORCH_CHECK(E == cudaSuccess, "adopter_kernels: ", What,
              " failed: ", cudaGetErrorString(E));
}

/// A parameter in the input's dtype (the kernels read weight and bias as T).
at::Tensor asInputType(const at::Tensor &P, const at::Tensor &X) {
  if (!P.defined() || P.scalar_type() == X.scalar_type())
    return P;
  return P.to(X.scalar_type()).contiguous();
}

template <typename T>
void forwardAs(NormKind Kind, const at::Tensor &X, const at::Tensor &Residual,
               const at::Tensor &Weight, const at::Tensor &Bias, double Eps,
               int64_t Rows, int64_t N, NormForwardResult &R) {
  check(kc::normForward<T>(typeOf(Kind), ptr<T>(X), ptr<T>(Residual),
                           ptr<T>(Weight), ptr<T>(Bias), ptr<T>(R.Sum),
                           ptr<T>(R.Output), ptr<float>(R.Mean),
                           ptr<float>(R.Rstd), Rows, N, static_cast<float>(Eps),
                           at::cuda::getCurrentCUDAStream()),
        "the CUDA norm forward");
}

template <typename T>
void backwardAs(NormKind Kind, const at::Tensor &DOutput,
                const at::Tensor &Input, const at::Tensor &Mean,
                const at::Tensor &Rstd, const at::Tensor &Weight, int64_t Rows,
                int64_t N, NormBackwardResult &R) {
  check(kc::normBackward<T>(typeOf(Kind), ptr<T>(DOutput), nullptr,
                            ptr<T>(Input), ptr<float>(Mean), ptr<float>(Rstd),
                            ptr<T>(Weight), ptr<T>(R.DInput), ptr<T>(R.DWeight),
                            ptr<T>(R.DBias), nullptr, 1.0f, nullptr, Rows, N,
                            at::cuda::getCurrentCUDAStream()),
        "the CUDA norm backward");
}

} // namespace

NormForwardResult normForwardCuda(NormKind Kind, const at::Tensor &X,
                                  const at::Tensor &Residual,
                                  const at::Tensor &Weight,
                                  const at::Tensor &Bias, double Eps) {
  const c10::cuda::CUDAGuard Guard(X.device());
  const int64_t N = X.size(-1);
  const int64_t Rows = N == 0 ? 0 : X.numel() / N;
  NormForwardResult R;
  R.Output = at::empty_like(X);
  if (Residual.defined())
    R.Sum = at::empty_like(X);
  const auto StatOpts = X.options().dtype(at::kFloat);
  if (Kind == NormKind::LayerNorm)
    R.Mean = at::empty({Rows}, StatOpts);
  R.Rstd = at::empty({Rows}, StatOpts);
  const at::Tensor W = asInputType(Weight, X), B = asInputType(Bias, X);
  switch (X.scalar_type()) {
  case at::kFloat:
    forwardAs<float>(Kind, X, Residual, W, B, Eps, Rows, N, R);
    break;
  case at::kHalf:
    forwardAs<__half>(Kind, X, Residual, W, B, Eps, Rows, N, R);
    break;
  case at::kBFloat16:
    forwardAs<__nv_bfloat16>(Kind, X, Residual, W, B, Eps, Rows, N, R);
    break;
  default:
    TORCH_CHECK(false,
                "adopter_kernels: the CUDA norms take float32, float16 "
                "or bfloat16 tensors, got ",
                X.scalar_type());
  }
  return R;
}

NormBackwardResult normBackwardCuda(NormKind Kind, const at::Tensor &DOutput,
                                    const at::Tensor &Input,
                                    const at::Tensor &Mean,
                                    const at::Tensor &Rstd,
                                    const at::Tensor &Weight, bool NeedWeight,
                                    bool NeedBias) {
  const c10::cuda::CUDAGuard Guard(Input.device());
  const int64_t N = Input.size(-1);
  const int64_t Rows = N == 0 ? 0 : Input.numel() / N;
  NormBackwardResult R;
  R.DInput = at::empty_like(Input);
  if (NeedWeight)
    R.DWeight = at::empty({N}, Input.options());
  if (NeedBias)
    R.DBias = at::empty({N}, Input.options());
  const at::Tensor W = asInputType(Weight, Input);
  switch (Input.scalar_type()) {
  case at::kFloat:
    backwardAs<float>(Kind, DOutput, Input, Mean, Rstd, W, Rows, N, R);
    break;
  case at::kHalf:
    backwardAs<__half>(Kind, DOutput, Input, Mean, Rstd, W, Rows, N, R);
    break;
  case at::kBFloat16:
    backwardAs<__nv_bfloat16>(Kind, DOutput, Input, Mean, Rstd, W, Rows, N, R);
    break;
  default:
    TORCH_CHECK(false,
                "adopter_kernels: the CUDA norms take float32, float16 "
                "or bfloat16 tensors, got ",
                Input.scalar_type());
  }
  return R;
}

} // namespace adopter::kernels
