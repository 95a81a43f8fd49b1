//===- GRUCellFunction.h - Autograd function of the GRU cell ----*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// torch::autograd::Function for the elementwise part of a GRU cell (the
// gate GEMMs stay differentiable ATen ops outside it). Forward is one pass
// (RNNCellKernels.h) saving r, z, n and the hidden-side n pre-activation;
// backward is one pass giving the gradients of both gate pre-activations and
// the direct part of dh, plus column sums for the biases.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_LIB_KERNELS_GRUCELLFUNCTION_H
#define ADOPTER_LIB_KERNELS_GRUCELLFUNCTION_H

#include <torch/csrc/autograd/custom_function.h>

namespace adopter::kernels {

class GRUCellFunction : public torch::autograd::Function<GRUCellFunction> {
public:
  /// Bits of the `Present` argument of forward.
  enum : int64_t { HasInputBias = 1, HasHiddenBias = 2 };

  /// Gi, Gh: contiguous [B, 3H] (chunks r, z, n); Bi, Bh: [3H] biases, or
  /// placeholders as `Present` says; Hx: contiguous [B, H]. Returns {h'}.
  static torch::autograd::variable_list
  forward(torch::autograd::AutogradContext *Ctx, const at::Tensor &Gi,
          const at::Tensor &Gh, const at::Tensor &Bi, const at::Tensor &Bh,
          const at::Tensor &Hx, int64_t Present);

  static torch::autograd::variable_list
  backward(torch::autograd::AutogradContext *Ctx,
           torch::autograd::variable_list GradOutputs);
};

} // namespace adopter::kernels

#endif // ADOPTER_LIB_KERNELS_GRUCELLFUNCTION_H
