//===- LayerNormShape.h - normalized_shape handling for modules -*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// torch::nn::LayerNorm normalises over its trailing `normalized_shape`
// dimensions; the kernels normalise over the last one. LayerNormShape checks
// an input against normalized_shape and flattens those dimensions into one.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_LIB_KERNELS_LAYERNORMSHAPE_H
#define ADOPTER_LIB_KERNELS_LAYERNORMSHAPE_H

#include <ATen/core/Tensor.h>
#include <c10/util/Exception.h>

#include <vector>

namespace adopter::kernels {

class LayerNormShape {
public:
  LayerNormShape(const std::vector<int64_t> &NormalizedShape,
                 const at::Tensor &X, const char *Module)
      : Dims(static_cast<int64_t>(NormalizedShape.size())) {
    TORCH_CHECK(Dims >= 1, Module, ": normalized_shape must not be empty");
    TORCH_CHECK(X.dim() >= Dims && X.sizes().slice(X.dim() - Dims) ==
                                       at::IntArrayRef(NormalizedShape),
                Module, ": expected an input of shape [*, ",
                at::IntArrayRef(NormalizedShape),
                "] (trailing dimensions equal to normalized_shape), got ",
                X.sizes());
  }

  /// X with its trailing normalized_shape dimensions merged into one.
  at::Tensor flatten(const at::Tensor &X) const {
    return Dims == 1 ? X : X.flatten(X.dim() - Dims);
  }

  /// A parameter of shape normalized_shape as a vector (undefined stays so).
  at::Tensor flattenParam(const at::Tensor &P) const {
    return P.defined() && Dims != 1 ? P.reshape({-1}) : P;
  }

private:
  int64_t Dims;
};

} // namespace adopter::kernels

#endif // ADOPTER_LIB_KERNELS_LAYERNORMSHAPE_H
