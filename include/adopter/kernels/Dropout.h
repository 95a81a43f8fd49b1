//===- Dropout.h - A chain's dropout, as the code wrote it ------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// The dropout a rewritten chain applied, passed to the fused kernel as the
// code wrote it (its arguments, its options or its module), so that the
// kernel drops with the same probability, in the same mode, as the chain.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_KERNELS_DROPOUT_H
#define ADOPTER_KERNELS_DROPOUT_H

#include <torch/nn/modules/dropout.h>
#include <torch/nn/options/dropout.h>

namespace adopter::ops {

/// The dropout of a chain:
///   torch::dropout(x, P, train)        -> Dropout(P, train)
///   F::dropout(x, options)             -> Dropout(options) (its inplace too)
///   F::dropout(x)                      -> Dropout() (p 0.5, training true)
///   drop(x), a torch::nn::Dropout      -> Dropout(drop) (its p, its mode,
///                                         its inplace)
struct Dropout {
  Dropout();
  Dropout(double P, bool Train);
  Dropout(const torch::nn::functional::DropoutFuncOptions &Options);
  Dropout(const torch::nn::Dropout &Module);
  double P;
  bool Train;
  /// The chain dropped its input in place (the caller sees it changed).
  bool Inplace = false;
  /// The mask is drawn as torch's dropout draws it, so the same seed drops
  /// the same entries as the chain (what `adopter apply` writes). False: a
  /// kernel that can draws its own mask inside its fused pass (same
  /// distribution, another random stream; dropout_add_layer_norm is then
  /// several times faster on the CPU).
  bool TorchStream = true;
  /// This dropout with TorchStream false.
  Dropout ownStream() const {
    Dropout D = *this;
    D.TorchStream = false;
    return D;
  }
};

} // namespace adopter::ops

#endif // ADOPTER_KERNELS_DROPOUT_H
