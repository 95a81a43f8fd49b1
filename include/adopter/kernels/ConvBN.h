//===- ConvBN.h - Convolution + BatchNorm (+ activation) --------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// conv_bn(x, conv, bn, act) computes act(bn(conv(x))) with the ORIGINAL
// torch::nn modules (Conv1d/2d/3d, ConvTranspose1d/2d/3d and
// BatchNorm1d/2d/3d), so a model keeps its members, checkpoint keys and
// running statistics; no replacement module is needed.
//
//  * BatchNorm using its running statistics (eval() with
//    track_running_stats): the statistics and affine are folded into the
//    convolution's weight and bias (differentiably, w.r.t. the conv's and
//    the bn's parameters), ONE convolution runs with the folded weight, and
//    the activation is applied in place (no grad) or by a fused one-pass
//    autograd function. Without grad the folded weight is cached per
//    (conv, bn) pair and recomputed when any parameter or buffer changes
//    (data pointer or version counter).
//  * Batch statistics (train(), or no running statistics): exactly
//    torch::nn::BatchNorm's semantics (running_mean / running_var updated
//    with momentum, or the cumulative average when momentum is unset, and
//    num_batches_tracked incremented), with the normalisation + affine +
//    activation fused in one sweep after the convolution and a fused
//    hand-written backward (BatchNormActFunction).
//
// CPU, float32 and bfloat16 (statistics in float).
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_KERNELS_CONVBN_H
#define ADOPTER_KERNELS_CONVBN_H

#include "adopter/kernels/Activation.h"

#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/utils.h>

#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace adopter::ops {
namespace detail {

/// The alternative \p T held by a module option's variant, or null.
/// LibTorch 1.x holds these in c10::variant (its get_if found by
/// argument-dependent lookup), 2.x in std::variant.
template <typename T, typename V> const T *alternative(const V &Var) {
  using std::get_if;
  return get_if<T>(&Var);
}
template <typename T, typename V> bool holds(const V &Var) {
  return alternative<T>(Var) != nullptr;
}

/// The state of a torch::nn::BatchNorm{1,2,3}d that conv_bn / linear_bn use.
struct BatchNormRef {
  const torch::nn::Module *Module = nullptr;
  std::weak_ptr<torch::nn::Module> Owner;
  at::Tensor Weight, Bias, RunningMean, RunningVar, NumBatchesTracked;
  int64_t NumFeatures = 0;
  double Eps = 1e-5;
  bool HasMomentum = true;
  double Momentum = 0.1;
  bool Training = true;
  bool TrackRunningStats = true;
  /// 1, 2 or 3 (BatchNorm1d accepts 2-D and 3-D inputs).
  int Dims = 2;
};

/// The configuration of a torch::nn::Conv{1,2,3}d / ConvTranspose{1,2,3}d.
struct ConvRef {
  const torch::nn::Module *Module = nullptr;
  std::weak_ptr<torch::nn::Module> Owner;
  at::Tensor Weight, Bias;
  int Dims = 2;
  bool Transposed = false;
  int64_t Groups = 1, InChannels = 0, OutChannels = 0;
  std::vector<int64_t> Stride, Dilation, Padding, OutputPadding;
  /// "same" / "valid" when the padding was given as a mode, else empty.
  std::string PaddingString;
  /// 0 zeros, 1 reflect, 2 replicate, 3 circular.
  int PaddingMode = 0;
  /// Padding applied with PaddingMode before the convolution (not zeros).
  std::vector<int64_t> ReversedPadding;
};

template <size_t D, typename Derived>
ConvRef convRef(const torch::nn::ConvNdImpl<D, Derived> &M,
                std::shared_ptr<torch::nn::Module> Owner) {
  ConvRef R;
  R.Module = &M;
  R.Owner = Owner;
  R.Weight = M.weight;
  R.Bias = M.bias;
  R.Dims = static_cast<int>(D);
  const auto &O = M.options;
  R.Transposed = O.transposed();
  R.Groups = O.groups();
  R.InChannels = O.in_channels();
  R.OutChannels = O.out_channels();
  R.Stride = std::vector<int64_t>(O.stride()->begin(), O.stride()->end());
  R.Dilation = std::vector<int64_t>(O.dilation()->begin(), O.dilation()->end());
  R.OutputPadding = std::vector<int64_t>(O.output_padding()->begin(),
                                         O.output_padding()->end());
  std::vector<int64_t> Explicit(D, 0);
  if (const auto *P = alternative<torch::ExpandingArray<D>>(O.padding())) {
    Explicit.assign((*P)->begin(), (*P)->end());
    R.Padding = Explicit;
  } else {
    R.PaddingString =
        holds<torch::enumtype::kSame>(O.padding()) ? "same" : "valid";
    R.Padding.assign(D, 0);
  }
  if (holds<torch::enumtype::kReflect>(O.padding_mode()))
    R.PaddingMode = 1;
  else if (holds<torch::enumtype::kReplicate>(O.padding_mode()))
    R.PaddingMode = 2;
  else if (holds<torch::enumtype::kCircular>(O.padding_mode()))
    R.PaddingMode = 3;
  if (R.PaddingMode != 0) {
    if (R.PaddingString == "same") {
      R.ReversedPadding.assign(2 * D, 0);
      for (size_t I = 0; I < D; ++I) {
        const int64_t Total = R.Dilation[I] * ((*O.kernel_size())[I] - 1);
        // _reversed_padding_repeated_twice of torch's ConvNdImpl.
        R.ReversedPadding[2 * (D - 1 - I)] = Total / 2;
        R.ReversedPadding[2 * (D - 1 - I) + 1] = Total - Total / 2;
      }
    } else {
      R.ReversedPadding =
          torch::nn::modules::utils::_reverse_repeat_vector(Explicit, 2);
    }
  }
  return R;
}

template <size_t D, typename Derived>
BatchNormRef batchNormRef(const torch::nn::BatchNormImplBase<D, Derived> &M,
                          std::shared_ptr<torch::nn::Module> Owner) {
  BatchNormRef R;
  R.Module = &M;
  R.Owner = Owner;
  R.Weight = M.weight;
  R.Bias = M.bias;
  R.RunningMean = M.running_mean;
  R.RunningVar = M.running_var;
  R.NumBatchesTracked = M.num_batches_tracked;
  R.NumFeatures = M.options.num_features();
  R.Eps = M.options.eps();
  R.HasMomentum = M.options.momentum().has_value();
  R.Momentum = M.options.momentum().value_or(0.0);
  R.Training = M.is_training();
  R.TrackRunningStats = M.options.track_running_stats();
  R.Dims = static_cast<int>(D);
  return R;
}

at::Tensor convBn(const at::Tensor &X, const ConvRef &Conv,
                  const BatchNormRef &BN, Activation Act);

} // namespace detail

/// act(bn(conv(x))) for a torch::nn::Conv{1,2,3}d or ConvTranspose{1,2,3}d
/// holder `Conv` and a torch::nn::BatchNorm{1,2,3}d holder `BN` (the model's
/// own members; BN's running statistics are updated in training exactly as
/// BN->forward would). `X` is batched: [N, in_channels, spatial...].
template <typename ConvHolder, typename BatchNormHolder>
at::Tensor conv_bn(const at::Tensor &X, const ConvHolder &Conv,
                   const BatchNormHolder &BN,
                   Activation Act = Activation::none()) {
  return detail::convBn(X, detail::convRef(*Conv, Conv.ptr()),
                        detail::batchNormRef(*BN, BN.ptr()), Act);
}

/// Hits and misses of the cache of folded (eval-mode) weights, for tests.
struct FoldCacheStats {
  int64_t Hits = 0, Misses = 0;
};
FoldCacheStats fold_cache_stats();

/// Drops every cached folded weight.
void clear_fold_cache();

} // namespace adopter::ops

#endif // ADOPTER_KERNELS_CONVBN_H
