//===- LinearChecks.h - Argument checks of the fused linears ----*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// TORCH_CHECKs shared by the fused linear operators (LinearAct.cpp,
// SwiGLU.cpp, PackedLinear.cpp, Gelu.cpp): each error names the operator and
// the expected shape, dtype or device.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_LIB_KERNELS_LINEARCHECKS_H
#define ADOPTER_LIB_KERNELS_LINEARCHECKS_H

#include <ATen/core/Tensor.h>
#include <ATen/ops/empty.h>
#include <c10/core/GradMode.h>
#include <c10/util/Exception.h>

#include <initializer_list>
#include <vector>

namespace adopter::kernels {

/// X: defined, on the CPU, float32 or bfloat16 (with the CUDA glue built,
/// also on a CUDA device, where float16 is allowed too). Shared by every
/// family's argument checks.
inline void checkLinearInput(const char *Op, const at::Tensor &X) {
  TORCH_CHECK(X.defined(), Op, ": input is undefined");
#ifdef ADOPTER_KERNELS_WITH_CUDA
  TORCH_CHECK(X.device().is_cpu() || X.is_cuda(), Op,
              ": expected a CPU or CUDA tensor, got one on ", X.device());
  TORCH_CHECK(
      X.scalar_type() == at::kFloat || X.scalar_type() == at::kBFloat16 ||
          (X.is_cuda() && X.scalar_type() == at::kHalf),
      Op, ": expected dtype float32 or bfloat16 (or float16 on CUDA), got ",
      X.scalar_type());
#else
  TORCH_CHECK(!X.is_cuda(), Op,
              ": the CUDA path is not built; adopter_kernels only has CPU "
              "kernels for now, got a tensor on ",
              X.device());
  TORCH_CHECK(X.device().is_cpu(), Op, ": expected a CPU tensor, got one on ",
              X.device());
  TORCH_CHECK(X.scalar_type() == at::kFloat || X.scalar_type() == at::kBFloat16,
              Op, ": expected dtype float32 or bfloat16, got ",
              X.scalar_type());
#endif
}

/// T on X's device with X's dtype.
inline void checkLinearLike(const char *Op, const char *Name,
                            const at::Tensor &T, const at::Tensor &X) {
#ifndef ADOPTER_KERNELS_WITH_CUDA
  TORCH_CHECK(!T.is_cuda(), Op, ": the CUDA path is not built; ", Name,
              " is on ", T.device());
#endif
  TORCH_CHECK(T.device() == X.device(), Op, ": expected ", Name, " on ",
              X.device(), ", got ", T.device());
  TORCH_CHECK(T.scalar_type() == X.scalar_type(), Op, ": expected ", Name,
              " of dtype ", X.scalar_type(), " (the dtype of the input), got ",
              T.scalar_type());
}

/// W of shape [out, X.size(-1)] (out > 0; even when `Even`).
inline void checkLinearWeight(const char *Op, const char *Name,
                              const at::Tensor &W, const at::Tensor &X,
                              bool Even = false) {
  TORCH_CHECK(X.dim() >= 1, Op,
              ": expected an input of shape [..., in_features] with at least "
              "one dimension, got a 0-dim tensor");
  const int64_t K = X.size(-1);
  TORCH_CHECK(W.defined(), Op, ": ", Name, " is undefined");
  TORCH_CHECK(W.dim() == 2 && W.size(1) == K, Op, ": expected ", Name,
              " of shape [out_features, ", K,
              "] (in_features = the last dimension of the input, whose shape "
              "is ",
              X.sizes(), "), got ", Name, " of shape ", W.sizes());
  TORCH_CHECK(
      !Even || W.size(0) % 2 == 0, Op, ": expected ", Name,
      " of shape [2 * hidden, ", K,
      "] (gate and up rows packed), got an odd number of rows: ", W.sizes());
  checkLinearLike(Op, Name, W, X);
}

/// B undefined, or of shape [W.size(0)].
inline void checkLinearBias(const char *Op, const char *Name,
                            const at::Tensor &B, const at::Tensor &W,
                            const at::Tensor &X) {
  if (!B.defined())
    return;
  TORCH_CHECK(B.dim() == 1 && B.size(0) == W.size(0), Op, ": expected ", Name,
              " of shape [", W.size(0), "] (out_features of the weight, ",
              W.sizes(), "), got ", Name, " of shape ", B.sizes());
  checkLinearLike(Op, Name, B, X);
}

/// Whether autograd will record an op on these tensors (undefined ignored).
inline bool needsGrad(std::initializer_list<at::Tensor> Ts) {
  if (!c10::GradMode::is_enabled())
    return false;
  for (const at::Tensor &T : Ts)
    if (T.defined() && T.requires_grad())
      return true;
  return false;
}

/// X's sizes with the last one replaced by N.
inline std::vector<int64_t> withLastSize(const at::Tensor &X, int64_t N) {
  std::vector<int64_t> S(X.sizes().begin(), X.sizes().end());
  S.back() = N;
  return S;
}

} // namespace adopter::kernels

#endif // ADOPTER_LIB_KERNELS_LINEARCHECKS_H
