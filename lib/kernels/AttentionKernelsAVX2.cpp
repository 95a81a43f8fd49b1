//===- AttentionKernelsAVX2.cpp - AVX2/FMA attention kernels --------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// The attention kernels built with -mavx2 -mfma and CPU_CAPABILITY=AVX2 (set by
// lib/kernels/CMakeLists.txt): with ATen's AVX2 Vectorized<float> when
// sleef.h is available, else with a compiler vector type; 256-bit registers
// either way. Only called after a run-time CPU check in AttentionKernels.cpp.
//
//===----------------------------------------------------------------------===//

#define ADOPTER_KERNEL_ISA isa_avx2
#include "AttentionKernelsImpl.inc"
