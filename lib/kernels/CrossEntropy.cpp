//===- CrossEntropy.cpp - Fused log_softmax + nll_loss --------------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Argument checks and layout for adopter::ops::cross_entropy. An input with
// spatial dimensions [N, C, d1, ...] is moved to [N * d1 * ..., C] rows (one
// copy, differentiated by autograd) so that the kernel always reduces
// contiguous rows.
//
//===----------------------------------------------------------------------===//

#include "adopter/kernels/CrossEntropy.h"

#include "CrossEntropyFunction.h"

#include <ATen/ops/empty.h>
#include <c10/util/Exception.h>
#include <torch/enum.h>
#ifdef ADOPTER_KERNELS_WITH_CUDA
#include <ATen/ops/log_softmax.h>
#include <ATen/ops/nll_loss_nd.h>

#include <limits>
#endif

#include <vector>

namespace adopter::ops {

using kernels::CrossEntropyFunction;

namespace {

constexpr const char *Op = "adopter::ops::cross_entropy";

void checkInput(const at::Tensor &X, int64_t Dim) {
  TORCH_CHECK(X.defined(), Op, ": input is undefined");
#ifdef ADOPTER_KERNELS_WITH_CUDA
  TORCH_CHECK(X.device().is_cpu() || X.is_cuda(), Op,
              ": expected a CPU or CUDA input, got one on ", X.device());
  TORCH_CHECK(X.scalar_type() == at::kFloat ||
                  X.scalar_type() == at::kBFloat16 ||
                  (X.is_cuda() && X.scalar_type() == at::kHalf),
              Op,
              ": expected an input of dtype float32 or bfloat16 (or float16 "
              "on CUDA), got ",
              X.scalar_type());
#else
  TORCH_CHECK(!X.is_cuda(), Op,
              ": the CUDA path is not built; adopter_kernels only has CPU "
              "kernels for now, got an input on ",
              X.device());
  TORCH_CHECK(X.device().is_cpu(), Op, ": expected a CPU input, got one on ",
              X.device());
  TORCH_CHECK(X.scalar_type() == at::kFloat || X.scalar_type() == at::kBFloat16,
              Op, ": expected an input of dtype float32 or bfloat16, got ",
              X.scalar_type());
#endif
  TORCH_CHECK(X.dim() >= 1, Op,
              ": expected an input of shape [C], [N, C] or [N, C, d1, ...], "
              "got a 0-dim tensor");
  const bool ClassDimOk =
      X.dim() == 1 ? (Dim == 0 || Dim == -1) : (Dim == 1 || Dim == -1);
  TORCH_CHECK(ClassDimOk, Op,
              ": log_softmax's dimension must be 1 or -1 (0 of a 1-D "
              "input); got dim ",
              Dim, " for an input of shape ", X.sizes());
  TORCH_CHECK(X.size(X.dim() == 1 ? 0 : 1) > 0, Op,
              ": expected at least one class, got an input of shape ",
              X.sizes());
}

void checkTarget(const at::Tensor &T, const at::Tensor &X) {
  TORCH_CHECK(T.defined(), Op, ": target is undefined");
#ifndef ADOPTER_KERNELS_WITH_CUDA
  TORCH_CHECK(!T.is_cuda(), Op, ": the CUDA path is not built; target is on ",
              T.device());
#endif
  TORCH_CHECK(T.device() == X.device(), Op, ": expected target on ", X.device(),
              ", got ", T.device());
  TORCH_CHECK(T.scalar_type() == at::kLong, Op,
              ": expected an int64 (Long) target, got ", T.scalar_type());
  std::vector<int64_t> Expected;
  if (X.dim() >= 2) {
    Expected.push_back(X.size(0));
    for (int64_t D = 2; D < X.dim(); ++D)
      Expected.push_back(X.size(D));
  }
  TORCH_CHECK(T.sizes() == at::IntArrayRef(Expected), Op,
              ": expected target of shape ", at::IntArrayRef(Expected),
              " (the input's shape ", X.sizes(),
              " without the class dimension), got ", T.sizes());
}

void checkTargetValues(const at::Tensor &T, int64_t C, int64_t Ignore) {
  const int64_t *P = T.data_ptr<int64_t>();
  for (int64_t I = 0, E = T.numel(); I < E; ++I)
    TORCH_CHECK(P[I] == Ignore || (P[I] >= 0 && P[I] < C), Op, ": target ",
                P[I], " at flat index ", I,
                " is out of bounds: expected a class in [0, ", C,
                ") or the ignore_index ", Ignore);
}

void checkWeight(const at::Tensor &W, const at::Tensor &X, int64_t C) {
  if (!W.defined())
    return;
#ifndef ADOPTER_KERNELS_WITH_CUDA
  TORCH_CHECK(!W.is_cuda(), Op, ": the CUDA path is not built; weight is on ",
              W.device());
#endif
  TORCH_CHECK(W.device() == X.device(), Op, ": expected weight on ", X.device(),
              ", got ", W.device());
  TORCH_CHECK(W.dim() == 1 && W.size(0) == C, Op,
              ": expected a class weight of shape [", C,
              "] (the number of classes), got ", W.sizes());
  TORCH_CHECK(W.scalar_type() == at::kFloat ||
                  W.scalar_type() == X.scalar_type(),
              Op, ": expected a weight of dtype float32 or ", X.scalar_type(),
              ", got ", W.scalar_type());
}

} // namespace

at::Tensor cross_entropy(const at::Tensor &X, const at::Tensor &Target,
                         const CrossEntropyOptions &O) {
  checkInput(X, O.Dim);
  checkTarget(Target, X);
  TORCH_CHECK(O.Reduction == at::Reduction::None ||
                  O.Reduction == at::Reduction::Mean ||
                  O.Reduction == at::Reduction::Sum,
              Op, ": reduction must be at::Reduction::None, Mean or Sum, got ",
              O.Reduction);
  const int64_t C = X.size(X.dim() == 1 ? 0 : 1);
  checkWeight(O.Weight, X, C);
  if (O.Dim == -1 && X.dim() > 2) {
    // Not a cross-entropy (log_softmax over the last dimension, the classes
    // of nll_loss in dimension 1): the chain as written, unfused.
    const at::Tensor W =
        O.Weight.defined() ? O.Weight.to(X.scalar_type()) : at::Tensor();
    return at::nll_loss_nd(at::log_softmax(X, -1), Target, W, O.Reduction,
                           O.IgnoreIndex);
  }
  at::Tensor T = Target.reshape({-1}).contiguous();
#ifdef ADOPTER_KERNELS_WITH_CUDA
  if (X.is_cuda()) {
    // Not checked: reading the targets would synchronise the device; the
    // CUDA kernels give NaN for a target out of range (CrossEntropyCuda.cpp).
    // They take fewer than 2^31 rows; beyond, the unfused ATen chain.
    if (X.numel() / C > std::numeric_limits<int32_t>::max()) {
      const at::Tensor W =
          O.Weight.defined() ? O.Weight.to(X.scalar_type()) : at::Tensor();
      return at::nll_loss_nd(at::log_softmax(X, X.dim() == 1 ? 0 : 1), Target,
                             W, O.Reduction, O.IgnoreIndex);
    }
  } else {
    checkTargetValues(T, C, O.IgnoreIndex);
  }
#else
  checkTargetValues(T, C, O.IgnoreIndex);
#endif

  at::Tensor Rows;
  if (X.dim() == 1)
    Rows = X.reshape({1, C});
  else if (X.dim() == 2)
    Rows = X;
  else
    Rows = X.movedim(1, -1).reshape({-1, C});
  const bool HasWeight = O.Weight.defined();
  at::Tensor W = HasWeight ? O.Weight.to(at::kFloat).contiguous()
                           : at::empty({0}, X.options().dtype(at::kFloat));
  at::Tensor Loss = CrossEntropyFunction::apply(
      Rows.contiguous(), T, W, HasWeight, O.Reduction, O.IgnoreIndex)[0];
  if (O.Reduction == at::Reduction::None)
    return Loss.reshape(Target.sizes());
  return Loss;
}

at::Tensor cross_entropy(const at::Tensor &X, const at::Tensor &Target,
                         const torch::nn::NLLLossOptions &O, int64_t Dim) {
  return cross_entropy(
      X, Target,
      CrossEntropyOptions()
          .weight(O.weight())
          .ignore_index(O.ignore_index())
          .reduction(torch::enumtype::reduction_get_enum(O.reduction()))
          .dim(Dim));
}

at::Tensor cross_entropy(const at::Tensor &X, const at::Tensor &Target,
                         const torch::nn::NLLLoss &Loss, int64_t Dim) {
  TORCH_CHECK(!Loss.is_empty(), Op, ": the NLLLoss module is empty (nullptr)");
  // The module's forward reads its weight buffer, not the options' copy.
  torch::nn::NLLLossOptions O = Loss->options;
  O.weight(Loss->weight);
  return cross_entropy(X, Target, O, Dim);
}

at::Tensor cross_entropy(const at::Tensor &X, const at::Tensor &Target,
                         int64_t Dim) {
  return cross_entropy(X, Target, CrossEntropyOptions().dim(Dim));
}

} // namespace adopter::ops
