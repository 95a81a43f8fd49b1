//===- ResidualBroadcast.h - X + R's broadcasting for fused adds -*- C++ -*-=//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// The fused add-and-normalize kernels take two tensors of one shape; the
// chain they replace, `norm(x + r)`, broadcasts (token embeddings [B, T, H]
// plus position embeddings [1, T, H]). broadcastResidual expands both to the
// shape `x + r` has, as views: autograd sums each gradient back to its
// tensor's own shape, as it does for the add.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_LIB_KERNELS_RESIDUALBROADCAST_H
#define ADOPTER_LIB_KERNELS_RESIDUALBROADCAST_H

#include <ATen/ExpandUtils.h>
#include <ATen/core/Tensor.h>
#include <c10/util/Exception.h>
#include <utility>

namespace adopter::kernels {

/// X and R expanded to their broadcast shape (unchanged when equal, or when
/// either is undefined: the callers' checks report that).
inline std::pair<at::Tensor, at::Tensor>
broadcastResidual(const char *Op, const at::Tensor &X, const at::Tensor &R) {
  if (!X.defined() || !R.defined() || X.sizes() == R.sizes())
    return {X, R};
  std::vector<int64_t> Shape;
  try {
    Shape = at::infer_size(X.sizes(), R.sizes());
  } catch (const c10::Error &) {
    TORCH_CHECK(false, Op,
                ": expected a residual that broadcasts with the input's "
                "shape ",
                X.sizes(), ", got ", R.sizes());
  }
  return {X.expand(Shape), R.expand(Shape)};
}

} // namespace adopter::kernels

#endif // ADOPTER_LIB_KERNELS_RESIDUALBROADCAST_H
