//===- FusedBNRunDetail.h - Helpers of the fused Sequential runs -*- C++ -*-=//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// What fuse_conv_bn and fuse_linear_bn share: telling LibTorch's own module
// classes apart from subclasses, the BatchNorm and activation of a run, and
// the walk over a Sequential that puts a run's element, BatchNormSlot and
// Identity in its places.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_KERNELS_FUSEDBNRUNDETAIL_H
#define ADOPTER_KERNELS_FUSEDBNRUNDETAIL_H

#include "adopter/kernels/ConvBN.h"
#include "adopter/kernels/FusedBNRun.h"

#include <torch/nn/modules/container/sequential.h>

#include <functional>
#include <memory>
#include <optional>
#include <typeinfo>

namespace adopter::nn::detail {

/// \p M as a T when it is exactly LibTorch's T: a subclass may compute
/// otherwise (a convolution that standardises its weight in forward()).
template <typename T>
const T *exactly(const std::shared_ptr<torch::nn::Module> &M) {
  if (!M)
    return nullptr;
  const torch::nn::Module &Object = *M;
  return typeid(Object) == typeid(T) ? dynamic_cast<const T *>(M.get())
                                     : nullptr;
}

std::optional<ops::detail::BatchNormRef>
batchNormRefOf(const std::shared_ptr<torch::nn::Module> &M);

/// The activation an element computes, when the fused kernels can apply it
/// (ReLU, ReLU6, SiLU, LeakyReLU, Hardtanh modules).
std::optional<ops::Activation>
activationOf(const std::shared_ptr<torch::nn::Module> &M);

/// The element computing act(bn(weighted(x))), or none when \p Weighted and
/// \p BN are not a run the element's kernel computes as bn(weighted(x)).
using MakeRun = std::function<std::optional<torch::nn::AnyModule>(
    const std::shared_ptr<torch::nn::Module> &Weighted,
    const std::shared_ptr<torch::nn::Module> &BN, ops::Activation Act)>;

/// Puts each run \p Make accepts (with the activation module after it, if
/// any) in \p Seq's places; returns the number of runs.
size_t fuseRuns(torch::nn::SequentialImpl &Seq, const MakeRun &Make);

} // namespace adopter::nn::detail

#endif // ADOPTER_KERNELS_FUSEDBNRUNDETAIL_H
