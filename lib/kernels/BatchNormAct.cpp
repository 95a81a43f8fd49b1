//===- BatchNormAct.cpp - Shared pieces of conv_bn and linear_bn ----------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "BatchNormAct.h"
#include "ActivationFunction.h"
#include "BatchNormActFunction.h"
#include "ConvBNKernels.h"

#include <ATen/ops/ones.h>
#include <ATen/ops/rsqrt.h>
#include <ATen/ops/zeros.h>
#include <torch/csrc/autograd/grad_mode.h>

#include <atomic>
#include <c10/core/GradMode.h>
#include <cmath>
#include <map>
#include <mutex>
#include <utility>
#include <vector>

namespace adopter::kernels {

using ops::Activation;
using ops::detail::BatchNormRef;

namespace {

/// Identity of a tensor's contents: its storage address and version.
struct TensorStamp {
  const void *Data = nullptr;
  int64_t Version = -1;
  bool operator==(const TensorStamp &O) const {
    return Data == O.Data && Version == O.Version;
  }
};

TensorStamp stamp(const at::Tensor &T) {
  if (!T.defined())
    return {};
  return {T.data_ptr(), static_cast<int64_t>(T._version())};
}

struct CacheEntry {
  std::weak_ptr<torch::nn::Module> Layer, BN;
  std::vector<TensorStamp> Stamps;
  double Eps = 0.0;
  FoldedParams Folded;
};

/// Folded weights per (layer, bn) module pair. Entries whose modules were
/// destroyed are dropped on the next lookup.
class FoldCache {
public:
  static FoldCache &get() {
    static FoldCache C;
    return C;
  }
  std::mutex Mutex;
  std::map<std::pair<const void *, const void *>, CacheEntry> Entries;
  std::atomic<int64_t> Hits{0}, Misses{0};
};

} // namespace

ActSpec actSpec(const Activation &Act, const char *Who) {
  ActSpec S;
  S.Kind = static_cast<int>(Act.kind);
  TORCH_CHECK(Act.kind >= Activation::None && Act.kind <= Activation::Hardtanh,
              Who, ": unknown activation kind ", static_cast<int>(Act.kind));
  if (Act.kind == Activation::ReLU6) {
    S.A = 0.f;
    S.B = 6.f;
  } else if (Act.kind == Activation::Hardtanh) {
    TORCH_CHECK(Act.a <= Act.b, Who, ": hardtanh expects min <= max, got min ",
                Act.a, " and max ", Act.b);
    S.A = static_cast<float>(Act.a);
    S.B = static_cast<float>(Act.b);
  } else if (Act.kind == Activation::LeakyReLU) {
    S.A = static_cast<float>(Act.a);
  }
  return S;
}

bool usesRunningStats(const BatchNormRef &BN) {
  return !BN.Training && BN.TrackRunningStats && BN.RunningMean.defined() &&
         BN.RunningVar.defined();
}

void checkInput(const at::Tensor &X, const char *Who) {
  TORCH_CHECK(X.defined(), Who, ": the input is undefined");
  TORCH_CHECK(X.device().is_cpu(), Who,
              ": CPU kernel, expected a CPU tensor but got one on ",
              X.device());
  TORCH_CHECK(X.scalar_type() == at::kFloat || X.scalar_type() == at::kBFloat16,
              Who, ": expected a float32 or bfloat16 input, got ",
              X.scalar_type());
}

FoldedParams foldBatchNorm(
    const torch::nn::Module *Layer,
    const std::weak_ptr<torch::nn::Module> &LayerOwner,
    const at::Tensor &Weight, const at::Tensor &Bias, const BatchNormRef &BN,
    const std::function<at::Tensor(const at::Tensor &, const at::Tensor &)>
        &ScaleWeight) {
  const std::vector<at::Tensor> Inputs = {
      Weight, Bias, BN.Weight, BN.Bias, BN.RunningMean, BN.RunningVar};
  bool NeedsGraph = false;
  if (c10::GradMode::is_enabled())
    for (const at::Tensor &T : Inputs)
      NeedsGraph = NeedsGraph || (T.defined() && T.requires_grad());

  auto Compute = [&] {
    // Fold in float (double for double parameters), then round once to the
    // layer's dtype.
    const auto Acc =
        Weight.scalar_type() == at::kDouble ? at::kDouble : at::kFloat;
    at::Tensor Scale = at::rsqrt(BN.RunningVar.to(Acc) + BN.Eps);
    if (BN.Weight.defined())
      Scale = Scale * BN.Weight.to(Acc);
    at::Tensor B = Bias.defined() ? Bias.to(Acc) - BN.RunningMean.to(Acc)
                                  : -BN.RunningMean.to(Acc);
    B = B * Scale;
    if (BN.Bias.defined())
      B = B + BN.Bias.to(Acc);
    FoldedParams F;
    F.Weight = ScaleWeight(Weight.to(Acc), Scale).to(Weight.scalar_type());
    F.Bias = B.to(Weight.scalar_type());
    return F;
  };
  if (NeedsGraph)
    return Compute();

  std::vector<TensorStamp> Stamps;
  for (const at::Tensor &T : Inputs)
    Stamps.push_back(stamp(T));
  FoldCache &C = FoldCache::get();
  const auto Key = std::make_pair(static_cast<const void *>(Layer),
                                  static_cast<const void *>(BN.Module));
  {
    std::lock_guard<std::mutex> Lock(C.Mutex);
    for (auto It = C.Entries.begin(); It != C.Entries.end();)
      if (It->second.Layer.expired() || It->second.BN.expired())
        It = C.Entries.erase(It);
      else
        ++It;
    auto It = C.Entries.find(Key);
    if (It != C.Entries.end() && It->second.Stamps == Stamps &&
        It->second.Eps == BN.Eps) {
      ++C.Hits;
      return It->second.Folded;
    }
  }
  ++C.Misses;
  FoldedParams F;
  {
    at::NoGradGuard NoGrad;
    F = Compute();
  }
  std::lock_guard<std::mutex> Lock(C.Mutex);
  CacheEntry &E = C.Entries[Key];
  E.Layer = LayerOwner;
  E.BN = BN.Owner;
  E.Stamps = std::move(Stamps);
  E.Eps = BN.Eps;
  E.Folded = F;
  return F;
}

at::Tensor batchNormActTrain(const at::Tensor &Y, const BatchNormRef &BN,
                             ActSpec Act, const char *Who) {
  const int64_t N = Y.size(0), C = Y.size(1);
  const int64_t S = elementsPerChannel(Y);
  TORCH_CHECK(N * S != 1, Who,
              ": Expected more than 1 value per channel when training, got "
              "input size ",
              Y.sizes());
  TORCH_CHECK(Y.numel() > 0, Who, ": empty input of shape ", Y.sizes());
  // The function's output is returned as is: a view of it (a [N, C, S]
  // reshape) would make an in-place op on the result (ResNet's
  // `out += identity`) go through autograd's view-rebase path (an extra
  // gradient buffer and copy per call).
  at::Tensor X = Y.contiguous();
  int64_t Present = 0;
  if (BN.Weight.defined())
    Present |= BatchNormActFunction::HasWeight;
  if (BN.Bias.defined())
    Present |= BatchNormActFunction::HasBias;
  at::Tensor Placeholder;
  if (!BN.Weight.defined() || !BN.Bias.defined())
    Placeholder = at::zeros({0}, Y.options().dtype(at::kFloat));
  auto Out = BatchNormActFunction::apply(
      X, BN.Weight.defined() ? BN.Weight : Placeholder,
      BN.Bias.defined() ? BN.Bias : Placeholder, Present, BN.Eps,
      static_cast<int64_t>(Act.Kind), static_cast<double>(Act.A),
      static_cast<double>(Act.B));
  if (BN.Training && BN.TrackRunningStats && BN.RunningMean.defined()) {
    at::NoGradGuard NoGrad;
    double Factor = BN.HasMomentum ? BN.Momentum : 0.0;
    if (BN.NumBatchesTracked.defined()) {
      at::Tensor NBT = BN.NumBatchesTracked;
      NBT.add_(1);
      if (!BN.HasMomentum)
        Factor = 1.0 / NBT.item<double>();
    }
    const double Count = static_cast<double>(N * S);
    at::Tensor RM = BN.RunningMean, RV = BN.RunningVar;
    RM.mul_(1.0 - Factor).add_(Out[1].to(RM.scalar_type()), Factor);
    RV.mul_(1.0 - Factor)
        .add_(Out[2].to(RV.scalar_type()), Factor * Count / (Count - 1.0));
  }
  return Out[0];
}

at::Tensor applyActivation(const at::Tensor &Y, ActSpec Act) {
  if (Act.Kind == static_cast<int>(Activation::None))
    return Y;
  if (c10::GradMode::is_enabled() && Y.requires_grad())
    return ActivationFunction::apply(
        Y.contiguous(), static_cast<int64_t>(Act.Kind),
        static_cast<double>(Act.A), static_cast<double>(Act.B));
  at::Tensor C = Y.contiguous();
  return activationForward(C, Act, /*InPlace=*/true);
}

} // namespace adopter::kernels

namespace adopter::ops {

FoldCacheStats fold_cache_stats() {
  auto &C = kernels::FoldCache::get();
  return {C.Hits.load(), C.Misses.load()};
}

void clear_fold_cache() {
  auto &C = kernels::FoldCache::get();
  std::lock_guard<std::mutex> Lock(C.Mutex);
  C.Entries.clear();
}

} // namespace adopter::ops
