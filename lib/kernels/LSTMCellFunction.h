//===- LSTMCellFunction.h - Autograd function of the LSTM cell --*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// torch::autograd::Function for the elementwise part of an LSTM cell (the
// gate GEMMs stay differentiable ATen ops outside it, so autograd runs the
// dx / dh / dW GEMMs). Forward is one pass (RNNCellKernels.h) that saves the
// activated gates and tanh(c'); backward is one pass giving the gradient of
// the gate pre-activations, plus a column sum for the biases.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_LIB_KERNELS_LSTMCELLFUNCTION_H
#define ADOPTER_LIB_KERNELS_LSTMCELLFUNCTION_H

#include <torch/csrc/autograd/custom_function.h>

namespace adopter::kernels {

class LSTMCellFunction : public torch::autograd::Function<LSTMCellFunction> {
public:
  /// Bits of the `Present` argument of forward.
  enum : int64_t { HasHiddenGates = 1, HasInputBias = 2, HasHiddenBias = 4 };

  /// Gi, Gh: contiguous [B, 4H] gate pre-activations of the input and hidden
  /// GEMMs; Bi, Bh: [4H] biases; Cx: contiguous [B, H]. Absent tensors are
  /// placeholders (LibTorch 1.13 rejects undefined inputs) and `Present`
  /// says which are real. `Order` packs the chunk index of gates i, f, g, o
  /// in bits 0-1, 2-3, 4-5, 6-7. Returns {h', c'}.
  static torch::autograd::variable_list
  forward(torch::autograd::AutogradContext *Ctx, const at::Tensor &Gi,
          const at::Tensor &Gh, const at::Tensor &Bi, const at::Tensor &Bh,
          const at::Tensor &Cx, int64_t Present, int64_t Order);

  static torch::autograd::variable_list
  backward(torch::autograd::AutogradContext *Ctx,
           torch::autograd::variable_list GradOutputs);
};

} // namespace adopter::kernels

#endif // ADOPTER_LIB_KERNELS_LSTMCELLFUNCTION_H
