//===- RNNCellKernels.cpp - Run-time ISA dispatch of the RNN cells --------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "RNNCellKernels.h"
#include "CpuIsa.h"

namespace adopter::kernels {

#define ADOPTER_DECLARE_ISA(ISA)                                               \
  namespace ISA {                                                              \
  LstmForwardResult lstmCellForwardImpl(const at::Tensor &,                    \
                                        const at::Tensor &,                    \
                                        const at::Tensor &,                    \
                                        const at::Tensor &,                    \
                                        const at::Tensor &, LstmGateOrder);    \
  std::tuple<at::Tensor, at::Tensor>                                           \
  lstmCellBackwardImpl(const at::Tensor &, const at::Tensor &,                 \
                       const at::Tensor &, const at::Tensor &, LstmGateOrder); \
  GruForwardResult gruCellForwardImpl(const at::Tensor &, const at::Tensor &,  \
                                      const at::Tensor &, const at::Tensor &,  \
                                      const at::Tensor &);                     \
  std::tuple<at::Tensor, at::Tensor, at::Tensor>                               \
  gruCellBackwardImpl(const at::Tensor &, const at::Tensor &,                  \
                      const at::Tensor &);                                     \
  }

ADOPTER_DECLARE_ISA(isa_default)
#ifdef ADOPTER_KERNELS_HAVE_AVX2
ADOPTER_DECLARE_ISA(isa_avx2)
#endif
#undef ADOPTER_DECLARE_ISA

LstmForwardResult lstmCellForward(const at::Tensor &Gi, const at::Tensor &Gh,
                                  const at::Tensor &Bi, const at::Tensor &Bh,
                                  const at::Tensor &Cx, LstmGateOrder Order) {
  ADOPTER_KERNELS_DISPATCH(lstmCellForwardImpl, Gi, Gh, Bi, Bh, Cx, Order);
}

std::tuple<at::Tensor, at::Tensor> lstmCellBackward(const at::Tensor &DH,
                                                    const at::Tensor &DC,
                                                    const at::Tensor &Saved,
                                                    const at::Tensor &Cx,
                                                    LstmGateOrder Order) {
  ADOPTER_KERNELS_DISPATCH(lstmCellBackwardImpl, DH, DC, Saved, Cx, Order);
}

GruForwardResult gruCellForward(const at::Tensor &Gi, const at::Tensor &Gh,
                                const at::Tensor &Bi, const at::Tensor &Bh,
                                const at::Tensor &Hx) {
  ADOPTER_KERNELS_DISPATCH(gruCellForwardImpl, Gi, Gh, Bi, Bh, Hx);
}

std::tuple<at::Tensor, at::Tensor, at::Tensor>
gruCellBackward(const at::Tensor &DH, const at::Tensor &Saved,
                const at::Tensor &Hx) {
  ADOPTER_KERNELS_DISPATCH(gruCellBackwardImpl, DH, Saved, Hx);
}

} // namespace adopter::kernels
