//===- ConvBNElement.cpp - Conv + BatchNorm elements of a Sequential ------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/kernels/ConvBNElement.h"

#include "FusedBNRunDetail.h"

namespace adopter::nn {

namespace {

using detail::exactly;
using torch::nn::Module;

std::optional<ops::detail::ConvRef>
convRefOf(const std::shared_ptr<Module> &M) {
  if (const auto *C = exactly<torch::nn::Conv1dImpl>(M))
    return ops::detail::convRef(*C, M);
  if (const auto *C = exactly<torch::nn::Conv2dImpl>(M))
    return ops::detail::convRef(*C, M);
  if (const auto *C = exactly<torch::nn::Conv3dImpl>(M))
    return ops::detail::convRef(*C, M);
  if (const auto *C = exactly<torch::nn::ConvTranspose1dImpl>(M))
    return ops::detail::convRef(*C, M);
  if (const auto *C = exactly<torch::nn::ConvTranspose2dImpl>(M))
    return ops::detail::convRef(*C, M);
  if (const auto *C = exactly<torch::nn::ConvTranspose3dImpl>(M))
    return ops::detail::convRef(*C, M);
  return std::nullopt;
}

} // namespace

ConvBNElementImpl::ConvBNElementImpl(std::shared_ptr<Module> Conv,
                                     std::shared_ptr<Module> BN,
                                     ops::Activation Act)
    : FusedBNRunImpl("ConvBNElement", std::move(Conv), std::move(BN), Act) {
  TORCH_CHECK(Weighted && convRefOf(Weighted),
              "adopter::nn::ConvBNElement: expected a convolution module");
}

at::Tensor ConvBNElementImpl::forward(const at::Tensor &X) {
  // The references are taken at each call: to(), load and train()/eval()
  // change the modules after the element was made.
  return ops::detail::convBn(X, *convRefOf(Weighted),
                             *detail::batchNormRefOf(BN), Act);
}

std::shared_ptr<FusedBNRunImpl>
ConvBNElementImpl::remake(std::shared_ptr<Module> Conv,
                          std::shared_ptr<Module> BN) const {
  return std::make_shared<ConvBNElementImpl>(std::move(Conv), std::move(BN),
                                             Act);
}

size_t fuse_conv_bn(torch::nn::SequentialImpl &Seq) {
  return detail::fuseRuns(
      Seq,
      [](const std::shared_ptr<Module> &Conv, const std::shared_ptr<Module> &BN,
         ops::Activation Act) -> std::optional<torch::nn::AnyModule> {
        std::optional<ops::detail::ConvRef> C = convRefOf(Conv);
        std::optional<ops::detail::BatchNormRef> B = detail::batchNormRefOf(BN);
        // Only what conv_bn computes as bn(conv(x)).
        if (!C || !B || B->Dims != C->Dims || B->NumFeatures != C->OutChannels)
          return std::nullopt;
        return torch::nn::AnyModule(ConvBNElement(Conv, BN, Act));
      });
}

torch::nn::Sequential fuse_conv_bn(torch::nn::Sequential Seq) {
  fuse_conv_bn(*Seq);
  return Seq;
}

} // namespace adopter::nn
