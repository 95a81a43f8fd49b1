//===- MaskedSoftmaxCuda.cpp - CUDA tensors of the fused masked softmax ---===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// LibTorch glue from CUDA tensors to the raw CUDA softmax kernels
// (cuda/CudaKernels.h: softmaxForward / softmaxBackward), on the current
// CUDA stream of the tensor's device. Built only against a CUDA-enabled
// LibTorch (ADOPTER_KERNELS_WITH_CUDA); MaskedSoftmaxFunction routes CUDA
// tensors here, so its autograd serves both devices.
//
// The kernel reads the scores as [B, H, Q, K] rows and the mask through
// four strides; every MaskKind maps onto it (KeepWhereTrue as the negated
// mask, a scale after the mask folded into the fill value and into the
// additive mask, as AttentionMask prepares them). masked_softmax runs the
// unfused ATen chain instead (maskedSoftmaxChain) for more than 2^31 - 1
// rows and for an additive mask the kernel would round (it reads the mask
// in the scores' dtype: a float mask with float16 / bfloat16 scores, or a
// scale after the mask). Where the kernel's answer differs from the chain's,
// the glue restores the chain's: a row whose scores are all -inf is NaN in
// the chain (0 / 0), zeros in the kernel.
//
//===----------------------------------------------------------------------===//

#include "AttentionCuda.h"

#include "CudaGlue.h"

#include <ATen/cuda/CUDAContext.h>
#include <ATen/ops/empty_like.h>
#include <ATen/ops/softmax.h>
#include <c10/cuda/CUDAGuard.h>
#include <c10/util/Exception.h>

#include <array>
#include <limits>

namespace adopter::kernels {
namespace {

namespace kc = adopter::kernels::cuda;
using glue::check;
using glue::ptr;

/// X [..., N] regrouped as the kernel's [B, H, Q, K].
std::array<int64_t, 4> softmaxShape(const at::Tensor &X) {
  const int64_t Dims = X.dim();
  const int64_t K = X.size(-1);
  const int64_t Q = Dims >= 2 ? X.size(-2) : 1;
  const int64_t H = Dims >= 3 ? X.size(-3) : 1;
  int64_t B = 1;
  for (int64_t D = 0; D + 3 < Dims; ++D)
    B *= X.size(D);
  return {B, H, Q, K};
}

/// The kernel's view of the mask KM ([B, H, Q, K], from kernelMask with
/// TrueKeeps = false: true where the score is filled).
kc::MaskView maskView(const AttentionMask &M, const at::Tensor &KM) {
  kc::MaskView V;
  if (!KM.defined())
    return V;
  V.Kind = M.kind() == ScoreMaskKind::Additive ? kc::MaskKind::Additive
                                               : kc::MaskKind::BoolFill;
  V.Data = KM.data_ptr();
  V.StrideB = KM.stride(0);
  V.StrideH = KM.stride(1);
  V.StrideQ = KM.stride(2);
  V.StrideK = KM.stride(3);
  V.FillValue = static_cast<float>(M.fill());
  return V;
}

} // namespace

bool maskedSoftmaxCudaFused(const AttentionMask &M, const at::Tensor &S) {
  const auto Shape = softmaxShape(S);
  return Shape[0] * Shape[1] * Shape[2] <=
             std::numeric_limits<int32_t>::max() &&
         M.kernelMaskExact(S.scalar_type());
}

MaskedSoftmaxCudaResult maskedSoftmaxForwardCuda(const AttentionMask &M,
                                                 const at::Tensor &X) {
  const c10::cuda::CUDAGuard Guard(X.device());
  const auto S = softmaxShape(X);
  MaskedSoftmaxCudaResult R;
  R.Mask = M.kernelMask(X.scalar_type(), /*TrueKeeps=*/false, S);
  const kc::MaskView View = maskView(M, R.Mask);
  R.Y = at::empty_like(X);
  const float Scale = static_cast<float>(M.scale());
  glue::dispatchType(X.scalar_type(), "softmax kernels", [&](auto Tag) {
    using T = typename decltype(Tag)::type;
    check(kc::softmaxForward<T>(ptr<T>(X), ptr<T>(R.Y), View, Scale, S[0], S[1],
                                S[2], S[3], at::cuda::getCurrentCUDAStream()),
          "the CUDA masked softmax forward");
  });
  // A row whose every score is -inf: the kernel writes zeros, the chain
  // (and the CPU kernel) NaN. Any other row sums to about 1, so a zero sum
  // finds exactly those rows. (One more read of Y and a masked write: the
  // kernel cannot say which rows it zeroed.)
  if (R.Y.numel() > 0)
    R.Y.masked_fill_(
        R.Y.sum(at::IntArrayRef{-1}, /*keepdim=*/true, at::kFloat).eq(0),
        std::numeric_limits<double>::quiet_NaN());
  return R;
}

at::Tensor maskedSoftmaxBackwardCuda(const AttentionMask &M,
                                     const at::Tensor &KernelMask,
                                     const at::Tensor &Y,
                                     const at::Tensor &DY) {
  const c10::cuda::CUDAGuard Guard(Y.device());
  const auto S = softmaxShape(Y);
  const kc::MaskView View = maskView(M, KernelMask);
  at::Tensor DX = at::empty_like(Y);
  const float Scale = static_cast<float>(M.scale());
  glue::dispatchType(Y.scalar_type(), "softmax kernels", [&](auto Tag) {
    using T = typename decltype(Tag)::type;
    check(kc::softmaxBackward<T>(ptr<T>(DY), ptr<T>(Y), ptr<T>(DX), View, Scale,
                                 S[0], S[1], S[2], S[3],
                                 at::cuda::getCurrentCUDAStream()),
          "the CUDA masked softmax backward");
  });
  return DX;
}

} // namespace adopter::kernels
