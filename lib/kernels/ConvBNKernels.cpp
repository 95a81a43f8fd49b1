//===- ConvBNKernels.cpp - Run-time ISA dispatch of batch-norm + act ------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "ConvBNKernels.h"
#include "CpuIsa.h"

namespace adopter::kernels {

#define ADOPTER_DECLARE_ISA(ISA)                                               \
  namespace ISA {                                                              \
  at::Tensor activationForwardImpl(const at::Tensor &, ActSpec, bool);         \
  at::Tensor activationBackwardImpl(const at::Tensor &, const at::Tensor &,    \
                                    ActSpec);                                  \
  BatchNormActForwardResult batchNormActForwardImpl(const at::Tensor &,        \
                                                    const at::Tensor &,        \
                                                    const at::Tensor &,        \
                                                    double, ActSpec);          \
  BatchNormActBackwardResult                                                   \
  batchNormActBackwardImpl(const at::Tensor &, const at::Tensor &,             \
                           const at::Tensor &, const at::Tensor &,             \
                           const at::Tensor &, const at::Tensor &, ActSpec,    \
                           bool, bool);                                        \
  }

ADOPTER_DECLARE_ISA(isa_default)
#ifdef ADOPTER_KERNELS_HAVE_AVX2
ADOPTER_DECLARE_ISA(isa_avx2)
#endif
#undef ADOPTER_DECLARE_ISA

at::Tensor activationForward(const at::Tensor &X, ActSpec Act, bool InPlace) {
  ADOPTER_KERNELS_DISPATCH(activationForwardImpl, X, Act, InPlace);
}

at::Tensor activationBackward(const at::Tensor &DY, const at::Tensor &X,
                              ActSpec Act) {
  ADOPTER_KERNELS_DISPATCH(activationBackwardImpl, DY, X, Act);
}

BatchNormActForwardResult batchNormActForward(const at::Tensor &X,
                                              const at::Tensor &Weight,
                                              const at::Tensor &Bias,
                                              double Eps, ActSpec Act) {
  ADOPTER_KERNELS_DISPATCH(batchNormActForwardImpl, X, Weight, Bias, Eps, Act);
}

BatchNormActBackwardResult
batchNormActBackward(const at::Tensor &DY, const at::Tensor &X,
                     const at::Tensor &Mean, const at::Tensor &Invstd,
                     const at::Tensor &Weight, const at::Tensor &Bias,
                     ActSpec Act, bool NeedWeight, bool NeedBias) {
  ADOPTER_KERNELS_DISPATCH(batchNormActBackwardImpl, DY, X, Mean, Invstd,
                           Weight, Bias, Act, NeedWeight, NeedBias);
}

} // namespace adopter::kernels
