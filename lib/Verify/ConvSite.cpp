//===- ConvSite.cpp - A conv-bn site's modules and input for tune ---------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/Verify/ConvSite.h"
#include "adopter/Verify/KernelAdapters.h"
#include "adopter/Verify/SiteTuner.h"

#include "adopter/kernels/ConvBN.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FormatVariadic.h"

#include <torch/torch.h>

#include <optional>
#include <type_traits>

namespace adopter::verify {
namespace {

std::string join(const std::vector<int64_t> &V, const char *Sep) {
  std::string R;
  for (int64_t E : V)
    R += (R.empty() ? "" : Sep) + std::to_string(E);
  return R;
}

} // namespace

llvm::Expected<ConvSite>
ConvSite::build(const std::map<std::string, int64_t> &Dims,
                const std::string &LastOp, const at::TensorOptions &Opts,
                Bindings &B) {
  const SiteDims D{Dims};
  const std::optional<int64_t> Rank = D.dim("conv.rank");
  if (!Rank || *Rank > 3)
    return SiteDims::missing("conv.rank");
  // Per spatial dimension: kernel, stride, dilation, padding, input size.
  std::map<std::string, std::vector<int64_t>> Per;
  for (const std::string Key :
       {"conv.k", "conv.s", "conv.d", "conv.p", "image."})
    for (int64_t I = 0; I < *Rank; ++I) {
      const std::string Name = Key + std::to_string(I);
      std::optional<int64_t> V = Key == "conv.p" ? D.size(Name) : D.dim(Name);
      if (!V)
        return SiteDims::missing(Name);
      Per[Key].push_back(*V);
    }
  for (const char *Name : {"batch", "conv.in", "conv.out", "conv.groups"})
    if (!D.dim(Name))
      return SiteDims::missing(Name);
  const bool HasBias = D.flag("conv.bias", true),
             Same = D.flag("conv.same", false);
  const int64_t In = *D.dim("conv.in"), Out = *D.dim("conv.out"),
                G = *D.dim("conv.groups");
  const std::string Nd = std::to_string(*Rank) + "d";
  std::vector<int64_t> XShape{*D.dim("batch"), In};
  XShape.insert(XShape.end(), Per["image."].begin(), Per["image."].end());
  at::Tensor X = torch::randn(XShape, Opts);
  B.Values["x"] = X.clone().requires_grad_(true);
  ConvSite Site;
  Site.X = X.clone().requires_grad_(true);
  const adopter::ops::Activation Act = activationForOp(LastOp);
  // The modules of one rank: ConvOptions<D>, its Conv{D}d holder (\p Null
  // gives the type) and BatchNorm{D}d.
  auto Build = [&](auto O, auto Null, auto BN) {
    O.stride(Per["conv.s"]).dilation(Per["conv.d"]).groups(G).bias(HasBias);
    if (Same)
      O.padding(torch::kSame);
    else
      O.padding(std::decay_t<decltype(O.kernel_size())>(Per["conv.p"]));
    decltype(Null) Conv(O);
    Conv->to(Opts.dtype().toScalarType());
    BN->to(Opts.dtype().toScalarType());
    B.Modules["conv"] = boundModule(Conv, "torch::nn::Conv" + Nd);
    B.Modules["bn"] = boundModule(BN, "torch::nn::BatchNorm" + Nd);
    Site.Fused = [Conv, BN, Act, X = Site.X] {
      return std::vector<at::Tensor>{adopter::ops::conv_bn(X, Conv, BN, Act)};
    };
  };
  const std::vector<int64_t> &K = Per["conv.k"];
  if (*Rank == 1)
    Build(torch::nn::Conv1dOptions(In, Out, K), torch::nn::Conv1d(nullptr),
          torch::nn::BatchNorm1d(Out));
  else if (*Rank == 2)
    Build(torch::nn::Conv2dOptions(In, Out, K), torch::nn::Conv2d(nullptr),
          torch::nn::BatchNorm2d(Out));
  else
    Build(torch::nn::Conv3dOptions(In, Out, K), torch::nn::Conv3d(nullptr),
          torch::nn::BatchNorm3d(Out));
  std::string Shape =
      llvm::formatv("x [{0}], Conv{1} {2}->{3} k{4} s{5}", join(XShape, ", "),
                    Nd, In, Out, join(K, "x"), join(Per["conv.s"], "x"));
  Shape += Same ? " padding same" : " p" + join(Per["conv.p"], "x");
  if (!llvm::all_of(Per["conv.d"], [](int64_t E) { return E == 1; }))
    Shape += " d" + join(Per["conv.d"], "x");
  if (G != 1)
    Shape += llvm::formatv(" groups {0}", G).str();
  Shape += HasBias ? "" : " without bias";
  Site.Shape =
      Shape + ", BatchNorm" + Nd + (LastOp.empty() ? "" : ", " + LastOp);
  return Site;
}

} // namespace adopter::verify
