//===- CrossEntropyKernelsAVX2.cpp - AVX2 build of cross-entropy -----===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// The cross-entropy kernels built with -mavx2 -mfma (see
// lib/kernels/CMakeLists.txt); only called after a run-time CPU check in
// CrossEntropyKernels.cpp.
//
//===----------------------------------------------------------------------===//

#define ADOPTER_KERNEL_ISA isa_avx2
#include "CrossEntropyKernelsImpl.inc"
