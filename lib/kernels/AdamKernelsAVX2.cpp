//===- AdamKernelsAVX2.cpp - AVX2/FMA build of the Adam kernel ------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// The fused Adam kernel built with -mavx2 -mfma and CPU_CAPABILITY=AVX2 (set
// by lib/kernels/CMakeLists.txt). Only called after a run-time CPU check in
// AdamKernels.cpp.
//
//===----------------------------------------------------------------------===//

#define ADOPTER_KERNEL_ISA isa_avx2
#include "AdamKernelsImpl.inc"
