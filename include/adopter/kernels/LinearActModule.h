//===- LinearActModule.h - A torch::nn::Linear with an activation -*- C++
//-*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// The base of adopter::nn::FusedLinearGELU, FusedLinearReLU and
// FusedLinearSiLU: a torch::nn::LinearImpl (its options, "weight" and "bias",
// their shapes, reset() and initialization), so a checkpoint of the Linear
// it replaces loads unchanged and code that asks a module whether it is a
// Linear gets the same answer as before the rewrite (a weight-init loop over
// `modules()` with `m->as<torch::nn::Linear>()`). The derived module's own
// forward() computes the Linear and its activation in one kernel; it hides
// LinearImpl::forward, which computes the Linear alone.
//
// clone() copies the derived module (LinearImpl's would copy a plain
// Linear): the deep copy torch::nn::Cloneable makes, for a module of
// parameters only.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_KERNELS_LINEARACTMODULE_H
#define ADOPTER_KERNELS_LINEARACTMODULE_H

#include <torch/nn/modules/linear.h>
#include <torch/utils.h>

#include <memory>

namespace adopter::nn {

template <typename Derived>
class LinearActModule : public torch::nn::LinearImpl {
public:
  using torch::nn::LinearImpl::LinearImpl;

  std::shared_ptr<torch::nn::Module>
  clone(const c10::optional<torch::Device> &Device =
            c10::nullopt) const override {
    torch::NoGradGuard NoGrad;
    // A Linear registers its parameters in reset() and has no buffers or
    // submodules (nor does an activation computed in forward()).
    TORCH_CHECK(named_buffers(/*recurse=*/false).is_empty() &&
                    children().empty(),
                "adopter::nn: clone() of a Linear with buffers or submodules");
    auto Copy = std::make_shared<Derived>(static_cast<const Derived &>(*this));
    Copy->parameters_.clear();
    Copy->reset();
    TORCH_CHECK(Copy->parameters_.size() == parameters_.size(),
                "adopter::nn: a cloned Linear registered other parameters "
                "than the original after reset()");
    for (const auto &Item : named_parameters(/*recurse=*/false)) {
      const torch::Tensor &T = Item.value();
      Copy->parameters_[Item.key()].set_data(
          Device && T.device() != *Device
              ? T.to(*Device)
              : torch::autograd::Variable(T).clone());
    }
    return Copy;
  }
};

} // namespace adopter::nn

#endif // ADOPTER_KERNELS_LINEARACTMODULE_H
