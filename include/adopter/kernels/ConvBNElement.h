//===- ConvBNElement.h - Conv+BatchNorm of a Sequential ---------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// fuse_conv_bn(seq) makes a torch::nn::Sequential run each convolution that
// is followed by a BatchNorm (and an activation module) as ONE call of
// adopter::ops::conv_bn, on the Sequential's own modules:
//
//   torch::nn::Sequential body(torch::nn::Conv2d(...),
//                              torch::nn::BatchNorm2d(8), torch::nn::ReLU());
//   adopter::nn::fuse_conv_bn(*body);
//
// What forward() runs changes; what the Sequential HOLDS does not: its
// children (and so named_parameters(), state_dict keys, train()/eval(),
// to(), torch::save/load) are the original Conv2d, BatchNorm2d and ReLU
// modules. Only the list forward() walks (SequentialImpl::begin()) is
// changed: the convolution's place gets a ConvBNElement, the BatchNorm's
// and the activation's places a torch::nn::Identity.
//
// A run is fused when element i is a Conv{1,2,3}d or ConvTranspose{1,2,3}d,
// element i+1 a BatchNorm{1,2,3}d of the same dimensionality with as many
// features as the convolution has output channels; element i+2 joins it
// when it is a ReLU, ReLU6, SiLU, LeakyReLU or Hardtanh module (a
// torch::nn::Functional cannot be told apart and stays its own element).
// Elements appended after the call are not fused; calling it again fuses
// what is new and leaves fused runs as they are.
//
// Visible differences: seq[i], seq->ptr(i) and iteration over the
// Sequential return the ConvBNElement / Identity in those places, and
// seq->clone() holds the clone's conv and bn as children of the
// ConvBNElement (element i: "i.conv.weight", ...; parameter order is kept).
// `adopter apply` does not fuse a Sequential that its code indexes or
// iterates.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_KERNELS_CONVBNELEMENT_H
#define ADOPTER_KERNELS_CONVBNELEMENT_H

#include "adopter/kernels/Activation.h"

#include <torch/nn/module.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/pimpl.h>

#include <cstddef>
#include <memory>
#include <ostream>

namespace adopter::nn {

/// act(bn(conv(x))) through adopter::ops::conv_bn, for the convolution
/// `Conv` and the BatchNorm `BN` (shared with the Sequential that holds
/// them, which keeps them as its children).
class ConvBNElementImpl : public torch::nn::Module {
public:
  ConvBNElementImpl(std::shared_ptr<torch::nn::Module> Conv,
                    std::shared_ptr<torch::nn::Module> BN,
                    ops::Activation Act = ops::Activation::none());

  at::Tensor forward(const at::Tensor &X);

  /// A ConvBNElement of clones of the convolution and the BatchNorm.
  std::shared_ptr<torch::nn::Module> clone(
      const c10::optional<torch::Device> &Device = c10::nullopt) const override;

  void pretty_print(std::ostream &Stream) const override;

  const std::shared_ptr<torch::nn::Module> &conv() const { return Conv; }
  const std::shared_ptr<torch::nn::Module> &bn() const { return BN; }
  const ops::Activation &activation() const { return Act; }

private:
  std::shared_ptr<torch::nn::Module> Conv, BN;
  ops::Activation Act;
};
TORCH_MODULE(ConvBNElement);

/// Runs each convolution + BatchNorm (+ activation module) run among the
/// elements of `Seq` as one ConvBNElement (see the file comment). Returns
/// the number of runs fused by this call.
size_t fuse_conv_bn(torch::nn::SequentialImpl &Seq);

/// The same for a Sequential holder; returns it, so that a Sequential can
/// be fused where it is built:
///   register_module("stem", adopter::nn::fuse_conv_bn(Sequential(...)))
torch::nn::Sequential fuse_conv_bn(torch::nn::Sequential Seq);

} // namespace adopter::nn

#endif // ADOPTER_KERNELS_CONVBNELEMENT_H
