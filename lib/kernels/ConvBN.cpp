//===- ConvBN.cpp - Convolution + BatchNorm (+ activation) ----------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/kernels/ConvBN.h"

#include "BatchNormAct.h"

#include <ATen/ops/constant_pad_nd.h>
#include <ATen/ops/conv1d.h>
#include <ATen/ops/conv2d.h>
#include <ATen/ops/conv3d.h>
#include <ATen/ops/convolution.h>
#include <torch/nn/functional/padding.h>

namespace adopter::ops::detail {

namespace {

constexpr const char *Who = "adopter::ops::conv_bn";

/// The module's convolution with weight W and bias B (what ConvNdImpl's
/// forward does with its own weight).
at::Tensor runConv(const at::Tensor &X, const ConvRef &Conv,
                   const at::Tensor &W, const at::Tensor &B) {
  const size_t D = static_cast<size_t>(Conv.Dims);
  const std::vector<int64_t> Zeros(D, 0);
  if (Conv.PaddingMode != 0) {
    namespace F = torch::nn::functional;
    F::PadFuncOptions::mode_t Mode = torch::kReflect;
    if (Conv.PaddingMode == 2)
      Mode = torch::kReplicate;
    else if (Conv.PaddingMode == 3)
      Mode = torch::kCircular;
    at::Tensor XP =
        F::pad(X, F::PadFuncOptions(Conv.ReversedPadding).mode(Mode));
    return at::convolution(XP, W, B, Conv.Stride, Zeros, Conv.Dilation,
                           /*transposed=*/false, Zeros, Conv.Groups);
  }
  if (!Conv.PaddingString.empty()) {
    switch (D) {
    case 1:
      return at::conv1d(X, W, B, Conv.Stride, Conv.PaddingString, Conv.Dilation,
                        Conv.Groups);
    case 2:
      return at::conv2d(X, W, B, Conv.Stride, Conv.PaddingString, Conv.Dilation,
                        Conv.Groups);
    default:
      return at::conv3d(X, W, B, Conv.Stride, Conv.PaddingString, Conv.Dilation,
                        Conv.Groups);
    }
  }
  return at::convolution(
      X, W, B, Conv.Stride, Conv.Padding, Conv.Dilation, Conv.Transposed,
      Conv.Transposed ? Conv.OutputPadding : Zeros, Conv.Groups);
}

/// W * Scale along the output channels: dim 0 of a convolution's weight
/// [out, in / groups, k...], dim 1 of a transposed one's [in, out / groups,
/// k...] within each group.
at::Tensor scaleConvWeight(const ConvRef &Conv, const at::Tensor &W,
                           const at::Tensor &Scale) {
  std::vector<int64_t> Shape(W.dim(), 1);
  if (!Conv.Transposed) {
    Shape[0] = W.size(0);
    return W * Scale.view(Shape);
  }
  const int64_t G = Conv.Groups;
  std::vector<int64_t> Grouped = {G, W.size(0) / G};
  for (int64_t I = 1; I < W.dim(); ++I)
    Grouped.push_back(W.size(I));
  std::vector<int64_t> ScaleShape(Grouped.size(), 1);
  ScaleShape[0] = G;
  ScaleShape[2] = W.size(1);
  return (W.reshape(Grouped) * Scale.view(ScaleShape)).view(W.sizes());
}

} // namespace

at::Tensor convBn(const at::Tensor &X, const ConvRef &Conv,
                  const BatchNormRef &BN, Activation Act) {
  kernels::checkInput(X, Who);
  const int64_t D = Conv.Dims;
  TORCH_CHECK(X.dim() == D + 2, Who, ": expected a batched ", D + 2,
              "-D input [N, ", Conv.InChannels,
              D == 1   ? ", L]"
              : D == 2 ? ", H, W]"
                       : ", D, H, W]",
              " for a ", D, "-D convolution, got shape ", X.sizes());
  TORCH_CHECK(X.size(1) == Conv.InChannels, Who, ": expected ", Conv.InChannels,
              " input channels (shape [N, ", Conv.InChannels,
              ", ...]), got shape ", X.sizes());
  TORCH_CHECK(BN.NumFeatures == Conv.OutChannels, Who, ": the BatchNorm has ",
              BN.NumFeatures, " features but the convolution has ",
              Conv.OutChannels, " output channels");
  TORCH_CHECK(BN.Dims == D, Who, ": a BatchNorm", BN.Dims, "d cannot follow a ",
              D, "-D convolution (expects BatchNorm", D, "d)");
  TORCH_CHECK(Conv.Weight.scalar_type() == X.scalar_type(), Who,
              ": the input is ", X.scalar_type(),
              " but the convolution's weight is ", Conv.Weight.scalar_type());
  const kernels::ActSpec A = kernels::actSpec(Act, Who);

  if (kernels::usesRunningStats(BN)) {
    kernels::FoldedParams F = kernels::foldBatchNorm(
        Conv.Module, Conv.Owner, Conv.Weight, Conv.Bias, BN,
        [&](const at::Tensor &W, const at::Tensor &S) {
          return scaleConvWeight(Conv, W, S);
        });
    return kernels::applyActivation(runConv(X, Conv, F.Weight, F.Bias), A);
  }
  return kernels::batchNormActTrain(runConv(X, Conv, Conv.Weight, Conv.Bias),
                                    BN, A, Who);
}

} // namespace adopter::ops::detail
