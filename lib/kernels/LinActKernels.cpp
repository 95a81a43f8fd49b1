//===- LinActKernels.cpp - Run-time ISA dispatch of the GEMM epilogues ----===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "LinActKernels.h"
#include "CpuIsa.h"

namespace adopter::kernels {

#define ADOPTER_DECLARE_ISA(ISA)                                               \
  namespace ISA {                                                              \
  void linActForwardImpl(LinActEpilogue, const at::Tensor &,                   \
                         const at::Tensor &, const at::Tensor &, bool);        \
  void linActBackwardImpl(LinActEpilogue, const at::Tensor &,                  \
                          const at::Tensor &, const at::Tensor &,              \
                          const at::Tensor &);                                 \
  }

ADOPTER_DECLARE_ISA(isa_default)
#ifdef ADOPTER_KERNELS_HAVE_AVX2
ADOPTER_DECLARE_ISA(isa_avx2)
#endif
#undef ADOPTER_DECLARE_ISA

void linActForward(LinActEpilogue E, const at::Tensor &In,
                   const at::Tensor &Bias, const at::Tensor &Out,
                   bool StorePre) {
#ifdef ADOPTER_KERNELS_WITH_CUDA
  if (In.is_cuda())
    return linActForwardCuda(E, In, Bias, Out, StorePre);
#endif
#ifdef ADOPTER_KERNELS_HAVE_AVX2
  if (useAvx2())
    return isa_avx2::linActForwardImpl(E, In, Bias, Out, StorePre);
#endif
  return isa_default::linActForwardImpl(E, In, Bias, Out, StorePre);
}

void linActBackward(LinActEpilogue E, const at::Tensor &DOut,
                    const at::Tensor &Saved, const at::Tensor &DIn,
                    const at::Tensor &DBias) {
#ifdef ADOPTER_KERNELS_WITH_CUDA
  if (Saved.is_cuda())
    return linActBackwardCuda(E, DOut, Saved, DIn, DBias);
#endif
#ifdef ADOPTER_KERNELS_HAVE_AVX2
  if (useAvx2())
    return isa_avx2::linActBackwardImpl(E, DOut, Saved, DIn, DBias);
#endif
  return isa_default::linActBackwardImpl(E, DOut, Saved, DIn, DBias);
}

} // namespace adopter::kernels
