//===- CrossEntropyCuda.cpp - CUDA tensors of the fused cross-entropy -----===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// LibTorch glue from CUDA tensors to the raw CUDA cross-entropy kernels
// (cuda/CudaKernels.h: crossEntropyForward / crossEntropyBackward), on the
// current CUDA stream of the tensor's device. Built only against a
// CUDA-enabled LibTorch (ADOPTER_KERNELS_WITH_CUDA); CrossEntropyFunction
// routes CUDA tensors here, so its autograd serves both devices.
//
// The kernels reduce (sum, or torch's weighted mean) on the device, so the
// loss never needs the host: unlike the CPU path, targets are not checked
// against the number of classes (that would synchronise); an out-of-range
// target gives NaN, as the kernels document.
//
//===----------------------------------------------------------------------===//

#include "CrossEntropyKernels.h"

#include "CudaGlue.h"

#include <ATen/core/Reduction.h>
#include <ATen/cuda/CUDAContext.h>
#include <ATen/ops/empty.h>
#include <ATen/ops/empty_like.h>
#include <c10/cuda/CUDAGuard.h>
#include <c10/util/Exception.h>

namespace adopter::kernels {
namespace {

namespace kc = adopter::kernels::cuda;
using glue::check;
using glue::ptr;

kc::Reduction reductionOf(int64_t Reduction) {
  switch (Reduction) {
  case at::Reduction::None:
    return kc::Reduction::None;
  case at::Reduction::Sum:
    return kc::Reduction::Sum;
  default:
    return kc::Reduction::Mean;
  }
}

} // namespace

CrossEntropyCudaResult crossEntropyForwardCuda(const at::Tensor &X,
                                               const at::Tensor &Target,
                                               const at::Tensor &Weight,
                                               int64_t Reduction,
                                               int64_t IgnoreIndex) {
  const c10::cuda::CUDAGuard Guard(X.device());
  const int64_t Rows = X.size(0), C = X.size(1);
  const kc::Reduction Red = reductionOf(Reduction);
  const auto FloatOpts = X.options().dtype(at::kFloat);
  CrossEntropyCudaResult R;
  R.Lse = at::empty({Rows}, FloatOpts);
  at::Tensor Loss =
      at::empty({Red == kc::Reduction::None ? Rows : 2}, FloatOpts);
  glue::dispatchType(X.scalar_type(), "cross-entropy kernels", [&](auto Tag) {
    using T = typename decltype(Tag)::type;
    check(kc::crossEntropyForward<T>(ptr<T>(X), ptr<int64_t>(Target),
                                     ptr<float>(Weight), ptr<float>(R.Lse),
                                     ptr<float>(Loss), Red, IgnoreIndex, Rows,
                                     C, at::cuda::getCurrentCUDAStream()),
          "the CUDA cross-entropy forward");
  });
  if (Red == kc::Reduction::None) {
    // The per-row losses are the output (the backward does not read them).
    R.Out = Loss.to(X.scalar_type());
  } else {
    // A copy of {loss, weight sum}[0]: the output must not alias the saved
    // weight sum that the mean's backward divides by.
    R.Out = Loss.select(0, 0).to(X.scalar_type(), /*non_blocking=*/false,
                                 /*copy=*/true);
    R.Loss = Loss;
  }
  return R;
}

at::Tensor crossEntropyBackwardCuda(const at::Tensor &X,
                                    const at::Tensor &Target,
                                    const at::Tensor &Weight,
                                    const at::Tensor &Lse,
                                    const at::Tensor &Loss, const at::Tensor &G,
                                    int64_t Reduction, int64_t IgnoreIndex) {
  const c10::cuda::CUDAGuard Guard(X.device());
  const int64_t Rows = X.size(0), C = X.size(1);
  const kc::Reduction Red = reductionOf(Reduction);
  TORCH_CHECK(Red != kc::Reduction::Mean || Loss.defined(),
              "adopter_kernels: the CUDA cross-entropy backward of a mean "
              "needs the forward's weight sum");
  const at::Tensor DLoss = G.to(at::kFloat).contiguous();
  const float *WeightSum =
      Red == kc::Reduction::Mean ? ptr<float>(Loss) + 1 : nullptr;
  at::Tensor DX = at::empty_like(X);
  glue::dispatchType(X.scalar_type(), "cross-entropy kernels", [&](auto Tag) {
    using T = typename decltype(Tag)::type;
    check(kc::crossEntropyBackward<T>(
              ptr<T>(X), ptr<int64_t>(Target), ptr<float>(Weight),
              ptr<float>(Lse), ptr<float>(DLoss), WeightSum, ptr<T>(DX), Red,
              IgnoreIndex, Rows, C, at::cuda::getCurrentCUDAStream()),
          "the CUDA cross-entropy backward");
  });
  return DX;
}

} // namespace adopter::kernels
