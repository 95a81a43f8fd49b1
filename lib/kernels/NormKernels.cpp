//===- NormKernels.cpp - Run-time ISA dispatch of the norm kernels --------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "NormKernels.h"
#include "CpuIsa.h"

namespace adopter::kernels {

#define ADOPTER_DECLARE_ISA(ISA)                                               \
  namespace ISA {                                                              \
  NormForwardResult normForwardImpl(NormKind, const at::Tensor &,              \
                                    const at::Tensor &, const at::Tensor &,    \
                                    const at::Tensor &, double);               \
  NormBackwardResult normBackwardImpl(NormKind, const at::Tensor &,            \
                                      const at::Tensor &, const at::Tensor &,  \
                                      const at::Tensor &, const at::Tensor &,  \
                                      bool, bool);                             \
  }

ADOPTER_DECLARE_ISA(isa_default)
#ifdef ADOPTER_KERNELS_HAVE_AVX2
ADOPTER_DECLARE_ISA(isa_avx2)
#endif
#undef ADOPTER_DECLARE_ISA

NormForwardResult normForward(NormKind Kind, const at::Tensor &X,
                              const at::Tensor &Residual,
                              const at::Tensor &Weight, const at::Tensor &Bias,
                              double Eps) {
#ifdef ADOPTER_KERNELS_WITH_CUDA
  if (X.is_cuda())
    return normForwardCuda(Kind, X, Residual, Weight, Bias, Eps);
#endif
#ifdef ADOPTER_KERNELS_HAVE_AVX2
  if (useAvx2())
    return isa_avx2::normForwardImpl(Kind, X, Residual, Weight, Bias, Eps);
#endif
  return isa_default::normForwardImpl(Kind, X, Residual, Weight, Bias, Eps);
}

NormBackwardResult normBackward(NormKind Kind, const at::Tensor &DOutput,
                                const at::Tensor &Input, const at::Tensor &Mean,
                                const at::Tensor &Rstd,
                                const at::Tensor &Weight, bool NeedWeight,
                                bool NeedBias) {
#ifdef ADOPTER_KERNELS_WITH_CUDA
  if (Input.is_cuda())
    return normBackwardCuda(Kind, DOutput, Input, Mean, Rstd, Weight,
                            NeedWeight, NeedBias);
#endif
#ifdef ADOPTER_KERNELS_HAVE_AVX2
  if (useAvx2())
    return isa_avx2::normBackwardImpl(Kind, DOutput, Input, Mean, Rstd, Weight,
                                      NeedWeight, NeedBias);
#endif
  return isa_default::normBackwardImpl(Kind, DOutput, Input, Mean, Rstd, Weight,
                                       NeedWeight, NeedBias);
}

} // namespace adopter::kernels
