//===- FusedBNRun.h - A fused run of a Sequential's elements ----*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// What adopter::nn::fuse_conv_bn (ConvBNElement.h) and fuse_linear_bn
// (LinearBNElement.h) put in the places of a torch::nn::Sequential run
// `weighted module -> BatchNorm (-> activation module)`: the weighted
// module's place gets an element computing the whole run (a FusedBNRunImpl
// subclass), the BatchNorm's a BatchNormSlot (it passes its input on), the
// activation's a torch::nn::Identity. The Sequential's children stay the
// original modules; see ConvBNElement.h for what that keeps (keys,
// train()/eval(), to(), save/load) and how clone() keeps the run fused.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_KERNELS_FUSEDBNRUN_H
#define ADOPTER_KERNELS_FUSEDBNRUN_H

#include "adopter/kernels/Activation.h"

#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

#include <memory>
#include <ostream>

namespace adopter::nn {

/// act(bn(weighted(x))) for a weighted module (a convolution, a Linear) and
/// a BatchNorm shared with the Sequential that holds them as its children.
/// Holds the weighted module's parameters as its own, under their names.
class FusedBNRunImpl : public torch::nn::Module {
public:
  /// A run of clones of the weighted module and the BatchNorm (the latter
  /// handed to the clone of the BatchNormSlot that follows).
  std::shared_ptr<torch::nn::Module> clone(
      const c10::optional<torch::Device> &Device = c10::nullopt) const override;
  /// Also sets the weighted module's and the BatchNorm's mode.
  void train(bool On = true) override;
  void pretty_print(std::ostream &Stream) const override;

  const std::shared_ptr<torch::nn::Module> &bn() const { return BN; }
  const ops::Activation &activation() const { return Act; }

protected:
  /// \p Kind names the element in pretty_print ("ConvBNElement").
  FusedBNRunImpl(const char *Kind, std::shared_ptr<torch::nn::Module> Weighted,
                 std::shared_ptr<torch::nn::Module> BN, ops::Activation Act);

  /// The same kind of element over \p Weighted and \p BN (for clone()).
  virtual std::shared_ptr<FusedBNRunImpl>
  remake(std::shared_ptr<torch::nn::Module> Weighted,
         std::shared_ptr<torch::nn::Module> BN) const = 0;

  std::shared_ptr<torch::nn::Module> Weighted, BN;
  ops::Activation Act;

private:
  const char *Kind;
};

/// The BatchNorm's place in a fused run: passes its input on (the element
/// before it applied the BatchNorm) and holds the BatchNorm's parameters and
/// buffers as its own, under their names.
class BatchNormSlotImpl : public torch::nn::Module {
public:
  explicit BatchNormSlotImpl(std::shared_ptr<torch::nn::Module> BN);

  at::Tensor forward(const at::Tensor &X) { return X; }

  /// A slot of the BatchNorm clone that the element before it made (when
  /// the Sequential is cloned), else of a clone of its own.
  std::shared_ptr<torch::nn::Module> clone(
      const c10::optional<torch::Device> &Device = c10::nullopt) const override;
  /// Also sets the BatchNorm's mode.
  void train(bool On = true) override;
  void pretty_print(std::ostream &Stream) const override;

  const std::shared_ptr<torch::nn::Module> &bn() const { return BN; }

private:
  std::shared_ptr<torch::nn::Module> BN;
};
TORCH_MODULE(BatchNormSlot);

} // namespace adopter::nn

#endif // ADOPTER_KERNELS_FUSEDBNRUN_H
