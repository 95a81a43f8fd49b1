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
// changed: the convolution's place gets a ConvBNElement, the BatchNorm's a
// BatchNormSlot (it passes its input on), the activation's a
// torch::nn::Identity (FusedBNRun.h; fuse_linear_bn in LinearBNElement.h
// does the same for Linear + BatchNorm1d).
//
// A run is fused when element i is a Conv{1,2,3}d or ConvTranspose{1,2,3}d
// (LibTorch's own class, not a subclass, whose forward() may differ),
// element i+1 a BatchNorm{1,2,3}d of the same dimensionality with as many
// features as the convolution has output channels; element i+2 joins it
// when it is a ReLU, ReLU6, SiLU, LeakyReLU or Hardtanh module (a
// torch::nn::Functional cannot be told apart and stays its own element).
// Elements appended after the call are not fused; calling it again fuses
// what is new and leaves fused runs as they are.
//
// seq->clone() (which LibTorch builds from the list forward() walks) keeps
// the keys too: a ConvBNElement holds the convolution's parameters as its
// own ("0.weight"), a BatchNormSlot the BatchNorm's parameters and buffers
// ("1.weight", "1.running_mean"), and the clone of a ConvBNElement hands
// its BatchNorm's clone to the clone of the slot after it, so the clone
// is fused as the original. seq[i], seq->ptr(i) and iteration over the
// Sequential return the ConvBNElement / BatchNormSlot / Identity in those
// places; `adopter apply` does not fuse a Sequential that its code indexes
// or iterates.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_KERNELS_CONVBNELEMENT_H
#define ADOPTER_KERNELS_CONVBNELEMENT_H

#include "adopter/kernels/FusedBNRun.h"

#include <torch/nn/modules/container/sequential.h>

#include <cstddef>

namespace adopter::nn {

/// act(bn(conv(x))) through adopter::ops::conv_bn, for the convolution
/// `Conv` and the BatchNorm `BN` (shared with the Sequential that holds
/// them, which keeps them as its children). Holds Conv's parameters as its
/// own, under their names.
class ConvBNElementImpl : public FusedBNRunImpl {
public:
  ConvBNElementImpl(std::shared_ptr<torch::nn::Module> Conv,
                    std::shared_ptr<torch::nn::Module> BN,
                    ops::Activation Act = ops::Activation::none());

  at::Tensor forward(const at::Tensor &X);

  const std::shared_ptr<torch::nn::Module> &conv() const { return Weighted; }

protected:
  std::shared_ptr<FusedBNRunImpl>
  remake(std::shared_ptr<torch::nn::Module> Conv,
         std::shared_ptr<torch::nn::Module> BN) const override;
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
