//===- FusedAddLayerNorm.cpp - Residual add fused into LayerNorm ----------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/kernels/FusedAddLayerNorm.h"
#include "adopter/kernels/Norms.h"

#include "LayerNormParameters.h"
#include "LayerNormShape.h"
#include "ResidualBroadcast.h"

#include <torch/nn/init.h>

namespace adopter::nn {

FusedAddLayerNormImpl::FusedAddLayerNormImpl(
    torch::nn::LayerNormOptions Options)
    : options(std::move(Options)) {
  reset();
}

void FusedAddLayerNormImpl::reset() {
  kernels::registerLayerNormParameters(*this, options, weight, bias);
  reset_parameters();
}

void FusedAddLayerNormImpl::reset_parameters() {
  kernels::initLayerNormParameters(options, weight, bias);
}

void FusedAddLayerNormImpl::pretty_print(std::ostream &OS) const {
  OS << std::boolalpha << "adopter::nn::FusedAddLayerNorm("
     << torch::IntArrayRef(options.normalized_shape())
     << ", eps=" << options.eps()
     << ", elementwise_affine=" << options.elementwise_affine() << ")";
}

std::tuple<torch::Tensor, torch::Tensor>
FusedAddLayerNormImpl::forward(const torch::Tensor &In,
                               const torch::Tensor &Res) {
  // `norm(x + r)` broadcasts (embeddings [B, T, H] + positions [1, T, H]).
  auto [X, Residual] =
      kernels::broadcastResidual("adopter::nn::FusedAddLayerNorm", In, Res);
  kernels::LayerNormShape Shape(options.normalized_shape(), X,
                                "adopter::nn::FusedAddLayerNorm");
  auto [Sum, Normed] = ops::add_layer_norm(
      Shape.flatten(X), Shape.flatten(Residual), Shape.flattenParam(weight),
      Shape.flattenParam(bias), options.eps());
  return {Sum.view(X.sizes()), Normed.view(X.sizes())};
}

} // namespace adopter::nn

namespace adopter::ops {

std::tuple<torch::Tensor, torch::Tensor>
add_layer_norm(const torch::Tensor &In, const torch::Tensor &Res,
               at::IntArrayRef NormalizedShape, const torch::Tensor &Weight,
               const torch::Tensor &Bias, double Eps, bool /*CudnnEnable*/) {
  auto [X, Residual] =
      kernels::broadcastResidual("adopter::ops::add_layer_norm", In, Res);
  kernels::LayerNormShape Shape(NormalizedShape.vec(), X,
                                "adopter::ops::add_layer_norm");
  auto [Sum, Normed] =
      add_layer_norm(Shape.flatten(X), Shape.flatten(Residual),
                     Shape.flattenParam(Weight), Shape.flattenParam(Bias), Eps);
  return {Sum.view(X.sizes()), Normed.view(X.sizes())};
}

std::tuple<torch::Tensor, torch::Tensor>
add_layer_norm(const torch::Tensor &X, const torch::Tensor &Residual,
               const torch::nn::functional::LayerNormFuncOptions &Options) {
  return add_layer_norm(X, Residual, Options.normalized_shape(),
                        Options.weight(), Options.bias(), Options.eps());
}

std::tuple<torch::Tensor, torch::Tensor>
add_layer_norm(const torch::Tensor &X, const torch::Tensor &Residual,
               const torch::nn::LayerNormImpl &Norm) {
  return add_layer_norm(X, Residual, Norm.options.normalized_shape(),
                        Norm.weight, Norm.bias, Norm.options.eps());
}

} // namespace adopter::ops
