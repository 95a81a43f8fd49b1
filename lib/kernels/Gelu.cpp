//===- Gelu.cpp - Fused GELU ----------------------------------------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/kernels/Gelu.h"

#include "GeluFunction.h"
#include "LinActKernels.h"
#include "LinearChecks.h"

namespace adopter::kernels {
LinActEpilogue geluEpilogue(const char *Op, const std::string &Approximate);
} // namespace adopter::kernels

namespace adopter::ops {

at::Tensor gelu(const at::Tensor &X, const std::string &Approximate) {
  const char *Op = "adopter::ops::gelu";
  kernels::checkLinearInput(Op, X);
  const auto E = kernels::geluEpilogue(Op, Approximate);
  return kernels::GeluFunction::apply(X.contiguous(),
                                      static_cast<int64_t>(E))[0];
}

} // namespace adopter::ops
