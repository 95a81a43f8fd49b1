//===- LinearBNElement.h - Linear+BatchNorm1d of a Sequential ---*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// fuse_linear_bn(seq) makes a torch::nn::Sequential run each Linear that is
// followed by a BatchNorm1d (and an activation module) as ONE call of
// adopter::ops::linear_bn (LinearBN.h), on the Sequential's own modules:
//
//   torch::nn::Sequential head(torch::nn::Linear(64, 32),
//                              torch::nn::BatchNorm1d(32), torch::nn::ReLU());
//   adopter::nn::fuse_linear_bn(*head);
//
// It is fuse_conv_bn (ConvBNElement.h) for Linear: the Sequential keeps its
// children (keys, train()/eval(), to(), save/load, clone()); the Linear's
// place in the list forward() walks gets a LinearBNElement, the
// BatchNorm1d's a BatchNormSlot, the activation's a torch::nn::Identity.
//
// A run is fused when element i is a torch::nn::Linear (LibTorch's own
// class, not a subclass), element i+1 a BatchNorm1d with as many features as
// the Linear has outputs; element i+2 joins it when it is a ReLU, ReLU6,
// SiLU, LeakyReLU or Hardtanh module. The element computes linear_bn for a
// 2-D input [N, in_features], the only shape where the BatchNorm1d's
// channels are the Linear's outputs; any other input runs the three modules
// one after the other, as the Sequential did.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_KERNELS_LINEARBNELEMENT_H
#define ADOPTER_KERNELS_LINEARBNELEMENT_H

#include "adopter/kernels/FusedBNRun.h"

#include <torch/nn/modules/container/sequential.h>

#include <cstddef>

namespace adopter::nn {

/// act(bn(fc(x))) through adopter::ops::linear_bn, for the Linear `FC` and
/// the BatchNorm1d `BN` (shared with the Sequential that holds them, which
/// keeps them as its children). Holds FC's parameters as its own, under
/// their names.
class LinearBNElementImpl : public FusedBNRunImpl {
public:
  LinearBNElementImpl(std::shared_ptr<torch::nn::Module> FC,
                      std::shared_ptr<torch::nn::Module> BN,
                      ops::Activation Act = ops::Activation::none());

  at::Tensor forward(const at::Tensor &X);

  const std::shared_ptr<torch::nn::Module> &linear() const { return Weighted; }

protected:
  std::shared_ptr<FusedBNRunImpl>
  remake(std::shared_ptr<torch::nn::Module> FC,
         std::shared_ptr<torch::nn::Module> BN) const override;
};
TORCH_MODULE(LinearBNElement);

/// Runs each Linear + BatchNorm1d (+ activation module) run among the
/// elements of `Seq` as one LinearBNElement (see the file comment). Returns
/// the number of runs fused by this call.
size_t fuse_linear_bn(torch::nn::SequentialImpl &Seq);

/// The same for a Sequential holder; returns it, so that a Sequential can
/// be fused where it is built:
///   register_module("head", adopter::nn::fuse_linear_bn(Sequential(...)))
torch::nn::Sequential fuse_linear_bn(torch::nn::Sequential Seq);

} // namespace adopter::nn

#endif // ADOPTER_KERNELS_LINEARBNELEMENT_H
