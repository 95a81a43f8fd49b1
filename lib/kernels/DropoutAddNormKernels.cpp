//===- DropoutAddNormKernels.cpp - ISA dispatch of dropout-add-norm -------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "DropoutAddNormKernels.h"
#include "CpuIsa.h"

namespace adopter::kernels {

#define ADOPTER_DECLARE_ISA(ISA)                                               \
  namespace ISA {                                                              \
  DropoutAddNormResult                                                         \
  dropoutAddNormForwardImpl(const at::Tensor &, const at::Tensor &,            \
                            const at::Tensor &, const at::Tensor &,            \
                            const at::Tensor &, uint64_t, double, double);     \
  at::Tensor dropoutBackwardImpl(const at::Tensor &, const at::Tensor &,       \
                                 double);                                      \
  }

ADOPTER_DECLARE_ISA(isa_default)
#ifdef ADOPTER_KERNELS_HAVE_AVX2
ADOPTER_DECLARE_ISA(isa_avx2)
#endif
#undef ADOPTER_DECLARE_ISA

DropoutAddNormResult
dropoutAddNormForward(const at::Tensor &A, const at::Tensor &B,
                      const at::Tensor &Weight, const at::Tensor &Bias,
                      const at::Tensor &Noise, uint64_t Seed, double P,
                      double Eps) {
#ifdef ADOPTER_KERNELS_HAVE_AVX2
  if (useAvx2())
    return isa_avx2::dropoutAddNormForwardImpl(A, B, Weight, Bias, Noise, Seed,
                                               P, Eps);
#endif
  return isa_default::dropoutAddNormForwardImpl(A, B, Weight, Bias, Noise, Seed,
                                                P, Eps);
}

at::Tensor dropoutBackward(const at::Tensor &DS, const at::Tensor &Mask,
                           double P) {
#ifdef ADOPTER_KERNELS_HAVE_AVX2
  if (useAvx2())
    return isa_avx2::dropoutBackwardImpl(DS, Mask, P);
#endif
  return isa_default::dropoutBackwardImpl(DS, Mask, P);
}

} // namespace adopter::kernels
