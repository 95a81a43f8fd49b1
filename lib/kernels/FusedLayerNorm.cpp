//===- FusedLayerNorm.cpp - Drop-in torch::nn::LayerNorm ------------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/kernels/FusedLayerNorm.h"
#include "adopter/kernels/Norms.h"

#include "LayerNormParameters.h"
#include "LayerNormShape.h"

#include <torch/nn/init.h>

namespace adopter::nn {

FusedLayerNormImpl::FusedLayerNormImpl(torch::nn::LayerNormOptions Options)
    : options(std::move(Options)) {
  reset();
}

void FusedLayerNormImpl::reset() {
  kernels::registerLayerNormParameters(*this, options, weight, bias);
  reset_parameters();
}

void FusedLayerNormImpl::reset_parameters() {
  kernels::initLayerNormParameters(options, weight, bias);
}

void FusedLayerNormImpl::pretty_print(std::ostream &OS) const {
  OS << std::boolalpha << "adopter::nn::FusedLayerNorm("
     << torch::IntArrayRef(options.normalized_shape())
     << ", eps=" << options.eps()
     << ", elementwise_affine=" << options.elementwise_affine() << ")";
}

torch::Tensor FusedLayerNormImpl::forward(const torch::Tensor &X) {
  kernels::LayerNormShape Shape(options.normalized_shape(), X,
                                "adopter::nn::FusedLayerNorm");
  return ops::layer_norm(Shape.flatten(X), Shape.flattenParam(weight),
                         Shape.flattenParam(bias), options.eps())
      .view(X.sizes());
}

} // namespace adopter::nn
