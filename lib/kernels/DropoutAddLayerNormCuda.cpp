//===- DropoutAddLayerNormCuda.cpp - CUDA dropout + add + LayerNorm -------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// LibTorch glue from CUDA tensors to the raw CUDA kernels of
// dropout_add_layer_norm (cuda/CudaKernels.h: dropoutAddNormForward, and
// normBackward with its dropout mask), on the current CUDA stream of the
// tensor's device. Built only against a CUDA-enabled LibTorch
// (ADOPTER_KERNELS_WITH_CUDA); DropoutAddLayerNormFunction routes CUDA
// tensors here, so its autograd serves both devices.
//
// Forward: one kernel draws the keep mask (Philox, from a seed and offset
// reserved on the device's default CUDA generator), adds the residual and
// normalises. Backward: one kernel gives ds (the residual's gradient, with
// the gradient arriving at s added) and ds * mask / (1 - P) (A's), then
// column sums for the weight and bias.
//
//===----------------------------------------------------------------------===//

#include "DropoutAddNormKernels.h"

#include "CudaGlue.h"

#include <ATen/cuda/CUDAContext.h>
#include <ATen/cuda/CUDAGeneratorImpl.h>
#include <ATen/ops/empty.h>
#include <ATen/ops/empty_like.h>
#include <c10/cuda/CUDAGuard.h>
#include <c10/util/Exception.h>

#include <mutex>
#include <utility>

namespace adopter::kernels {
namespace {

namespace kc = adopter::kernels::cuda;
using glue::check;
using glue::ptr;

/// (seed, offset) for N dropout draws: the offset range [offset, offset + N)
/// is reserved on the default CUDA generator of Device, so that every call
/// draws fresh numbers and torch::manual_seed makes runs reproducible. Not
/// usable while a CUDA graph is being captured (philox_engine_inputs
/// asserts that).
std::pair<uint64_t, uint64_t> reserveDraws(const at::Device &Device,
                                           int64_t N) {
  at::Generator Gen = at::cuda::detail::getDefaultCUDAGenerator(Device.index());
  std::lock_guard<std::mutex> Lock(Gen.mutex());
  return at::check_generator<at::CUDAGeneratorImpl>(Gen)->philox_engine_inputs(
      static_cast<uint64_t>(N));
}

} // namespace

DropoutAddNormResult dropoutAddNormForwardCuda(const at::Tensor &A,
                                               const at::Tensor &B,
                                               const at::Tensor &Weight,
                                               const at::Tensor &Bias, double P,
                                               double Eps) {
  const c10::cuda::CUDAGuard Guard(A.device());
  const int64_t N = A.size(-1);
  const int64_t Rows = N == 0 ? 0 : A.numel() / N;
  DropoutAddNormResult R;
  R.Sum = at::empty_like(A);
  R.Output = at::empty_like(A);
  R.Mask = at::empty(A.sizes(), A.options().dtype(at::kByte));
  const auto StatOpts = A.options().dtype(at::kFloat);
  R.Mean = at::empty({Rows}, StatOpts);
  R.Rstd = at::empty({Rows}, StatOpts);
  const at::Tensor W = glue::asInputType(Weight, A);
  const at::Tensor Bs = glue::asInputType(Bias, A);
  const std::pair<uint64_t, uint64_t> Draws =
      reserveDraws(A.device(), A.numel());
  glue::dispatchType(
      A.scalar_type(), "dropout-add-norm kernels", [&](auto Tag) {
        using T = typename decltype(Tag)::type;
        check(kc::dropoutAddNormForward<T>(
                  kc::NormType::LayerNorm, ptr<T>(A), ptr<T>(B), ptr<T>(W),
                  ptr<T>(Bs), static_cast<float>(P), Draws.first, Draws.second,
                  ptr<T>(R.Sum), ptr<T>(R.Output), ptr<uint8_t>(R.Mask),
                  ptr<float>(R.Mean), ptr<float>(R.Rstd), Rows, N,
                  static_cast<float>(Eps), at::cuda::getCurrentCUDAStream()),
              "the CUDA dropout + add + LayerNorm forward");
      });
  return R;
}

DropoutAddNormCudaGrads
dropoutAddNormBackwardCuda(const at::Tensor &DY, const at::Tensor &DSum,
                           const at::Tensor &Sum, const at::Tensor &Mean,
                           const at::Tensor &Rstd, const at::Tensor &Weight,
                           const at::Tensor &Mask, double P, bool NeedA,
                           bool NeedB, bool NeedWeight, bool NeedBias) {
  const c10::cuda::CUDAGuard Guard(Sum.device());
  const float Scale = static_cast<float>(1.0 / (1.0 - P));
  DropoutAddNormCudaGrads G;
  const at::Tensor DS =
      DSum.defined() ? DSum.to(Sum.scalar_type()).contiguous() : at::Tensor();
  if (!DY.defined()) {
    // Only s is used downstream: no norm backward to fuse the dropout's
    // with, so ds * mask / (1 - P) is two ATen ops.
    if (NeedB)
      G.DB = DS;
    if (NeedA && DS.defined())
      G.DA = DS.mul(Mask).mul(Scale);
    return G;
  }
  if (!(NeedA || NeedB || NeedWeight || NeedBias))
    return G;
  const int64_t N = Sum.size(-1);
  const int64_t Rows = N == 0 ? 0 : Sum.numel() / N;
  const at::Tensor DYc = DY.to(Sum.scalar_type()).contiguous();
  const at::Tensor W = glue::asInputType(Weight, Sum);
  if (NeedB)
    G.DB = at::empty_like(Sum);
  if (NeedA)
    G.DA = at::empty_like(Sum);
  if (NeedWeight)
    G.DWeight = at::empty({N}, Sum.options());
  if (NeedBias)
    G.DBias = at::empty({N}, Sum.options());
  glue::dispatchType(
      Sum.scalar_type(), "dropout-add-norm kernels", [&](auto Tag) {
        using T = typename decltype(Tag)::type;
        check(kc::normBackward<T>(
                  kc::NormType::LayerNorm, ptr<T>(DYc), ptr<T>(DS), ptr<T>(Sum),
                  ptr<float>(Mean), ptr<float>(Rstd), ptr<T>(W), ptr<T>(G.DB),
                  ptr<T>(G.DWeight), ptr<T>(G.DBias),
                  NeedA ? ptr<uint8_t>(Mask) : nullptr, Scale, ptr<T>(G.DA),
                  Rows, N, at::cuda::getCurrentCUDAStream()),
              "the CUDA dropout + add + LayerNorm backward");
      });
  return G;
}

} // namespace adopter::kernels
