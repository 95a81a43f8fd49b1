//===- CrossEntropyFunction.h - Autograd function of cross-entropy -*- C++ -*-//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// torch::autograd::Function for the fused log_softmax + nll_loss. Forward
// saves the input, the targets and two floats per row (logsumexp and the
// target's class weight); backward is one fused pass per row writing
// softmax(x) - onehot(t), scaled (CrossEntropyKernels.h).
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_LIB_KERNELS_CROSSENTROPYFUNCTION_H
#define ADOPTER_LIB_KERNELS_CROSSENTROPYFUNCTION_H

#include <torch/csrc/autograd/custom_function.h>

namespace adopter::kernels {

class CrossEntropyFunction
    : public torch::autograd::Function<CrossEntropyFunction> {
public:
  /// X is a contiguous [Rows, C] float / bfloat16 tensor, Target a
  /// contiguous int64 [Rows] tensor whose values are checked, Weight a float
  /// [C] tensor when HasWeight (else a placeholder: LibTorch 1.13 rejects
  /// undefined tensor inputs). Reduction is an at::Reduction::Reduction.
  /// Returns {loss}: [Rows] for Reduction::None, a scalar otherwise.
  static torch::autograd::variable_list
  forward(torch::autograd::AutogradContext *Ctx, const at::Tensor &X,
          const at::Tensor &Target, const at::Tensor &Weight, bool HasWeight,
          int64_t Reduction, int64_t IgnoreIndex);

  static torch::autograd::variable_list
  backward(torch::autograd::AutogradContext *Ctx,
           torch::autograd::variable_list GradOutputs);
};

} // namespace adopter::kernels

#endif // ADOPTER_LIB_KERNELS_CROSSENTROPYFUNCTION_H
