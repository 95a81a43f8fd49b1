//===- OptimizerSite.cpp - An optimizer site as adopter tune times it -----===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/Verify/OptimizerSite.h"
#include "adopter/Verify/SiteTuner.h"
#include "adopter/kernels/FusedAdam.h"
#include "adopter/kernels/FusedAdamW.h"

#include "llvm/Support/FormatVariadic.h"

#include <torch/optim/adamw.h>

namespace adopter::verify {

llvm::Expected<std::unique_ptr<OptimizerSite>>
OptimizerSite::build(const std::map<std::string, int64_t> &Dims,
                     const at::TensorOptions &Opts) {
  const SiteDims D{Dims};
  std::optional<int64_t> K = D.dim("adam.shapes");
  if (!K)
    return SiteDims::missing("adam.shapes");
  auto S = std::make_unique<OptimizerSite>();
  int64_t Tensors = 0, Elements = 0;
  for (int64_t I = 0; I < *K; ++I) {
    const std::string P = "adam.s" + std::to_string(I) + ".";
    std::optional<int64_t> Rank = D.dim(P + "rank"), N = D.dim(P + "count");
    if (!Rank || !N)
      return SiteDims::missing(P + (Rank ? "count" : "rank"));
    std::vector<int64_t> Sizes;
    for (int64_t J = 0; J < *Rank; ++J) {
      std::optional<int64_t> Size = D.dim(P + std::to_string(J));
      if (!Size)
        return SiteDims::missing(P + std::to_string(J));
      Sizes.push_back(*Size);
    }
    for (int64_t C = 0; C < *N; ++C) {
      at::Tensor W = at::randn(Sizes, Opts);
      at::Tensor G = at::randn(Sizes, Opts);
      for (auto *Side : {&S->RefParams, &S->FusedParams}) {
        at::Tensor T = W.clone().set_requires_grad(true);
        T.mutable_grad() = G.clone();
        Side->push_back(T);
      }
      ++Tensors;
      Elements += W.numel();
    }
  }
  const bool AdamW = D.flag("adam.adamw", false),
             Decay = D.flag("adam.decay", false);
  // lr and betas do not change the work a step does; a weight decay adds
  // to it (Adam: to the gradient; AdamW: to the parameter).
  const double WD = Decay ? 0.01 : 0.0;
  if (AdamW) {
    auto O = torch::optim::AdamWOptions(1e-3).weight_decay(WD);
    S->Ref = std::make_unique<torch::optim::AdamW>(S->RefParams, O);
    S->Fused = std::make_unique<adopter::optim::FusedAdamW>(S->FusedParams, O);
  } else {
    auto O = torch::optim::AdamOptions(1e-3).weight_decay(WD);
    S->Ref = std::make_unique<torch::optim::Adam>(S->RefParams, O);
    S->Fused = std::make_unique<adopter::optim::FusedAdam>(S->FusedParams, O);
  }
  const double M = Elements / 1e6;
  S->Shape = llvm::formatv("{0}, {1} tensor{2} in {3} shape{4}, {5} "
                           "parameters{6}",
                           AdamW ? "AdamW" : "Adam", Tensors,
                           Tensors == 1 ? "" : "s", *K, *K == 1 ? "" : "s",
                           M >= 1 ? llvm::formatv("{0:F1}M", M).str()
                                  : std::to_string(Elements),
                           Decay ? ", weight decay" : "")
                 .str();
  return S;
}

double OptimizerSite::difference() const {
  double Max = 0;
  for (size_t I = 0; I < RefParams.size(); ++I)
    Max = std::max(Max, (RefParams[I].detach().to(at::kFloat) -
                         FusedParams[I].detach().to(at::kFloat))
                            .abs()
                            .max()
                            .item<double>());
  return Max;
}

} // namespace adopter::verify
