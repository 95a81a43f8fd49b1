//===- LinActKernelsAVX2.cpp - AVX2/FMA build of the GEMM epilogues -------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// The GEMM epilogue kernels built with -mavx2 -mfma and CPU_CAPABILITY=AVX2
// (set by lib/kernels/CMakeLists.txt). Only called after a run-time CPU check
// in LinActKernels.cpp.
//
//===----------------------------------------------------------------------===//

#define ADOPTER_KERNEL_ISA isa_avx2
#include "LinActKernelsImpl.inc"
