//===- CrossEntropyKernels.cpp - Run-time ISA dispatch --------------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "CrossEntropyKernels.h"
#include "CpuIsa.h"

namespace adopter::kernels {

#define ADOPTER_DECLARE_ISA(ISA)                                               \
  namespace ISA {                                                              \
  CrossEntropyForwardResult crossEntropyForwardImpl(const at::Tensor &,        \
                                                    const at::Tensor &,        \
                                                    const at::Tensor &,        \
                                                    int64_t);                  \
  at::Tensor crossEntropyBackwardImpl(const at::Tensor &, const at::Tensor &,  \
                                      const at::Tensor &, const at::Tensor &,  \
                                      int64_t);                                \
  }

ADOPTER_DECLARE_ISA(isa_default)
#ifdef ADOPTER_KERNELS_HAVE_AVX2
ADOPTER_DECLARE_ISA(isa_avx2)
#endif
#undef ADOPTER_DECLARE_ISA

CrossEntropyForwardResult crossEntropyForward(const at::Tensor &X,
                                              const at::Tensor &Target,
                                              const at::Tensor &Weight,
                                              int64_t IgnoreIndex) {
#ifdef ADOPTER_KERNELS_HAVE_AVX2
  if (useAvx2())
    return isa_avx2::crossEntropyForwardImpl(X, Target, Weight, IgnoreIndex);
#endif
  return isa_default::crossEntropyForwardImpl(X, Target, Weight, IgnoreIndex);
}

at::Tensor crossEntropyBackward(const at::Tensor &X, const at::Tensor &Target,
                                const at::Tensor &Lse, const at::Tensor &Scale,
                                int64_t IgnoreIndex) {
#ifdef ADOPTER_KERNELS_HAVE_AVX2
  if (useAvx2())
    return isa_avx2::crossEntropyBackwardImpl(X, Target, Lse, Scale,
                                              IgnoreIndex);
#endif
  return isa_default::crossEntropyBackwardImpl(X, Target, Lse, Scale,
                                               IgnoreIndex);
}

} // namespace adopter::kernels
