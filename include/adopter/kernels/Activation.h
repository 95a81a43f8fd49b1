//===- Activation.h - Activation fused after a normalisation ----*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// The pointwise activation that conv_bn / linear_bn (ConvBN.h, LinearBN.h)
// apply in the same pass as the batch normalisation they fuse, with the
// exact semantics (and backward) of the torch functions it replaces.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_KERNELS_ACTIVATION_H
#define ADOPTER_KERNELS_ACTIVATION_H

#include <utility>

namespace adopter::ops {

/// An activation and its attributes. Build one with the named constructors:
/// Activation::relu() == torch::relu, relu6() == torch::nn::functional::relu6
/// (hardtanh(0, 6)), silu() == torch::silu, leaky_relu(S) ==
/// torch::leaky_relu(x, S), hardtanh(Lo, Hi) == torch::hardtanh(x, Lo, Hi).
struct Activation {
  enum Kind { None, ReLU, ReLU6, SiLU, LeakyReLU, Hardtanh };
  Kind kind = None;
  /// LeakyReLU: the negative slope. Hardtanh: the lower bound.
  double a = 0.0;
  /// Hardtanh: the upper bound.
  double b = 0.0;

  static Activation none() { return {}; }
  static Activation relu() { return {ReLU, 0.0, 0.0}; }
  static Activation relu6() { return {ReLU6, 0.0, 6.0}; }
  static Activation silu() { return {SiLU, 0.0, 0.0}; }
  static Activation leaky_relu(double Slope = 0.01) {
    return {LeakyReLU, Slope, 0.0};
  }
  /// leaky_relu with the slope of an options object
  /// (`torch::nn::functional::LeakyReLUFuncOptions().negative_slope(0.2)`,
  /// `LeakyReLUOptions`, as `adopter apply` passes the chain's own); its
  /// `inplace` does not matter to a value only the fused call computes.
  template <
      typename Options,
      typename = decltype(std::declval<const Options &>().negative_slope())>
  static Activation leaky_relu(const Options &O) {
    return leaky_relu(static_cast<double>(O.negative_slope()));
  }
  static Activation hardtanh(double Min = -1.0, double Max = 1.0) {
    return {Hardtanh, Min, Max};
  }
};

} // namespace adopter::ops

#endif // ADOPTER_KERNELS_ACTIVATION_H
