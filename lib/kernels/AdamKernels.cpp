//===- AdamKernels.cpp - Run-time ISA dispatch of the Adam kernel ---------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "AdamKernels.h"
#include "CpuIsa.h"

namespace adopter::kernels {

#define ADOPTER_DECLARE_ISA(ISA)                                               \
  namespace ISA {                                                              \
  void adamStepImpl(const AdamGroupScalars &,                                  \
                    const std::vector<AdamTensorSet> &);                       \
  }

ADOPTER_DECLARE_ISA(isa_default)
#ifdef ADOPTER_KERNELS_HAVE_AVX2
ADOPTER_DECLARE_ISA(isa_avx2)
#endif
#undef ADOPTER_DECLARE_ISA

void adamStep(const AdamGroupScalars &S,
              const std::vector<AdamTensorSet> &Sets) {
#ifdef ADOPTER_KERNELS_HAVE_AVX2
  if (useAvx2())
    return isa_avx2::adamStepImpl(S, Sets);
#endif
  return isa_default::adamStepImpl(S, Sets);
}

} // namespace adopter::kernels
